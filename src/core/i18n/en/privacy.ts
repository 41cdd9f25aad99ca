const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** Messages about members' data: `/mydata`, `/forgetme`, retention. */
export const privacy = {
  'privacy.help.mydata': 'Everything this bot holds about you, as a file (sent privately)',
  'privacy.help.forgetme': 'Delete your personal data (asks you to confirm first)',
  'privacy.help.privacy': 'Members’ data: retention, keeppoints',
  'privacy.help.retention': 'Days after the verdict that answers to entry questions are kept',
  'privacy.help.keeppoints': 'Whether a member who is forgotten keeps their points here',
  'privacy.describe': (p: { days: number; keep: string }) =>
    `Members’ data: answers kept ${p.days} days after the verdict; points kept on /forgetme: ${p.keep}`,
  'privacy.mydata.caption': 'Everything circlebot holds about you, in JSON.',
  'privacy.mydata.header': 'What circlebot holds about you:',
  'privacy.mydata.memberships': (p: { count: number }) => `• Memberships: ${p.count}`,
  'privacy.mydata.points': (p: { points: number; circles: number }) =>
    `• Points: ${p.points} in ${n(p.circles, 'circle')}`,
  'privacy.mydata.applications': (p: { count: number; answers: number }) =>
    `• Applications: ${p.count}, with ${n(p.answers, 'answer')}`,
  'privacy.mydata.credit': (p: { count: number }) => `• Credit reports: ${p.count}`,
  'privacy.mydata.vouches': (p: { given: number; received: number }) =>
    `• Vouches: ${p.given} given, ${p.received} received`,
  'privacy.mydata.checkins': (p: { count: number }) => `• Event check-ins: ${p.count}`,
  'privacy.mydata.payments': (p: { count: number; amounts: string; refunded: string }) =>
    `• Payments: ${p.count} (${p.amounts}${p.refunded ? `; ${p.refunded} refunded` : ''})`,
  'privacy.mydata.clicks': (p: { count: number }) => `• Tracked-link clicks: ${p.count}`,
  'privacy.mydata.reminders': (p: { nudges: number; quiet: boolean }) =>
    `• Reminders: ${n(p.nudges, 'nudge')} received; ${p.quiet ? 'you asked for none (/quiet)' : 'allowed (/quiet stops them)'}`,
  'privacy.forget.confirm': (p: { code: string }) =>
    [
      'This deletes your personal data in every circle: your names, answers to entry questions, credit reports, vouches, link clicks and what the anti-spam rules remember; your points restart from zero (unless a circle keeps them).',
      'Kept: your memberships (you stay a member); payments, which accounting requires, with your identity replaced by a random id; and the dates of reminders and welcomes with your /quiet choice, so you are never messaged twice.',
      `Press the button within 10 minutes, or send /forgetme ${p.code} to confirm.`,
    ].join('\n\n'),
  'privacy.forget.button': 'Delete my data',
  'privacy.forget.badCode': 'That code does not match: send /forgetme for a new one.',
  'privacy.forget.expired': 'This confirmation expired: send /forgetme again.',
  'privacy.forget.done': 'Done: your personal data is deleted.',
  'privacy.forget.removed': (p: {
    answers: number;
    creditReports: number;
    vouches: number;
    clicks: number;
    pointsReset: number;
  }) =>
    `Removed: answers in ${n(p.answers, 'application')}, ${n(p.creditReports, 'credit report')}, ${n(p.vouches, 'vouch', 'vouches')}, ${n(p.clicks, 'click')}; points restarted in ${n(p.pointsReset, 'circle')}.`,
  'privacy.forget.kept': (p: { payments: number; kept: number }) =>
    `Kept: your memberships; ${n(p.payments, 'payment')} for accounting, now under a random id${p.kept > 0 ? `; your points in ${n(p.kept, 'circle')} that keep them` : ''}; reminder dates and your /quiet choice, so you are never messaged twice.`,
  'privacy.retention.set': (p: { days: number }) =>
    `Answers to entry questions are now deleted ${p.days} days after the verdict.`,
  'privacy.keeppoints.on': 'Members who ask to be forgotten keep their points here.',
  'privacy.keeppoints.off': 'Members who ask to be forgotten restart from zero points here.',
} satisfies Record<string, string | ((p: never) => string)>;
