const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** Messages of the automation: welcome, rules, weekly digest, nudges, `/quiet`, auto-deleted answers. */
export const automation = {
  'automation.help.welcome': 'What new members get: /welcome set <text>, on, off, where dm|circle',
  'automation.help.rules': 'This circle’s rules (admins: /rules set <text>, /rules off)',
  'automation.help.digest': 'A weekly summary of this circle, sent to you privately: weekly or off',
  'automation.help.nudge': 'One friendly private message to members quiet this long: 14d, or off',
  'automation.help.quiet': 'No reminders when you have been quiet (/quiet off allows them again)',
  'automation.help.autodelete': 'Delete my answers to commands here after a delay: 2m, or off',

  'automation.welcome.default':
    'Welcome to {circle}, {name}! 🎉 Say hello, and send /rules to read how we do things here.',
  'automation.welcome.noRules': '(no rules are written yet)',
  'automation.welcome.where.dm': 'privately',
  'automation.welcome.where.circle': 'in the circle',
  'automation.welcome.status': (p: { state: string; where: string }) =>
    `Welcome: ${p.state}, sent ${p.where}.`,
  'automation.welcome.text': 'Text:',
  'automation.welcome.textDefault': 'Text (the default — /welcome set <text> to write your own):',
  'automation.welcome.preview': 'Preview, as you would get it:',
  'automation.welcome.placeholders': 'Placeholders: {name}, {circle}, {rules}.',
  'automation.welcome.saved': (p: { where: string }) =>
    `Welcome saved and on: new members get it ${p.where}. Preview:`,
  'automation.welcome.on': (p: { where: string }) => `Welcome on: new members get it ${p.where}.`,
  'automation.welcome.off': 'Welcome off. The text is kept: /welcome on brings it back.',
  'automation.welcome.whereSet': (p: { where: string }) => `New members now get the welcome ${p.where}.`,
  'automation.welcome.empty':
    'Write the welcome after the command, e.g. /welcome set Welcome to {circle}, {name}!',
  'automation.welcome.whereUsage': 'Say where: /welcome where dm, or /welcome where circle.',
  'automation.welcome.tooLong': (p: { length: number; max: number }) =>
    `Sorry, that welcome is ${p.length} characters long and at most ${p.max} fit. Nothing was saved.`,
  'automation.welcome.unknownPlaceholder': (p: { placeholder: string; known: string }) =>
    `I do not know the placeholder {${p.placeholder}}: the ones I fill in are ${p.known}. Nothing was saved.`,

  'automation.rules.show': (p: { circle: string; rules: string }) => `Rules of ${p.circle}:\n\n${p.rules}`,
  'automation.rules.none': 'No rules are written for this circle yet.',
  'automation.rules.saved':
    'Rules saved. Anyone can read them with /rules; a welcome shows them with {rules}.',
  'automation.rules.off': 'Rules removed.',
  'automation.rules.empty': 'Write the rules after the command: /rules set <text>.',
  'automation.rules.tooLong': (p: { length: number; max: number }) =>
    `Sorry, those rules are ${p.length} characters long and at most ${p.max} fit. Nothing was saved.`,

  'automation.digest.on': (p: { at: string }) =>
    `You will get this circle’s weekly digest privately; the first comes ${p.at}.`,
  'automation.digest.already': (p: { at: string }) =>
    `You already get the weekly digest; the next comes ${p.at}.`,
  'automation.digest.off': 'You will no longer get the weekly digest.',
  'automation.digest.notOn': 'You were not getting the weekly digest.',
  'automation.digest.status': (p: { count: number; you: string; at: string }) =>
    p.count === 0
      ? 'Weekly digest: off. /digest weekly sends it to you privately.'
      : `Weekly digest: on, for ${n(p.count, 'admin')} (you: ${p.you}); the next comes ${p.at}.`,
  'automation.digest.hello': (p: { circle: string; at: string }) =>
    `You will get the weekly digest of ${p.circle} here. The first comes ${p.at}.`,
  'automation.digest.header': (p: { circle: string; from: string; to: string }) =>
    `📊 Weekly digest of ${p.circle}\n${p.from} – ${p.to}`,
  'automation.digest.joined': (p: { count: number }) => `• New members: ${p.count}`,
  'automation.digest.decisions': (p: { approved: number; declined: number }) =>
    `• Applications: ${p.approved} approved, ${p.declined} declined`,
  'automation.digest.decline': (p: { member: string; reason: string }) => `   ✗ ${p.member}: ${p.reason}`,
  'automation.digest.more': (p: { count: number }) => `   … and ${p.count} more`,
  'automation.digest.active': (p: { members: string }) => `• Most active: ${p.members}`,
  'automation.digest.activeNone': '• Most active: nobody earned points this week',
  'automation.digest.earner': (p: { member: string; points: number }) => `${p.member} (+${p.points})`,
  'automation.digest.levelUps': (p: { count: number; members: string }) =>
    `• Level-ups: ${p.count}${p.members ? ` (${p.members})` : ''}`,
  'automation.digest.levelUp': (p: { member: string; level: number }) => `${p.member} → ${p.level}`,
  'automation.digest.checkins': (p: { count: number }) => `• Event check-ins: ${p.count}`,
  'automation.digest.clicks': (p: { count: number }) => `• Tracked-link clicks: ${p.count}`,
  'automation.digest.payments': (p: { count: number; amount: string }) =>
    `• Payments: ${p.count} completed${p.amount ? ` (${p.amount})` : ''}`,
  'automation.digest.refunds': (p: { count: number; amount: string }) =>
    `   refunded: ${p.count}${p.amount ? ` (${p.amount})` : ''}`,
  'automation.digest.footer': 'Send /digest off in the circle to stop these.',

  'automation.nudge.set': (p: { after: string }) =>
    `Members quiet for ${p.after} get one friendly private message (never those who sent /quiet). I look once a day.`,
  'automation.nudge.off': 'Nudges off: quiet members are left alone.',
  'automation.nudge.status': (p: { after: string }) =>
    `Nudges: members quiet for ${p.after} get one friendly private message.`,
  'automation.nudge.statusOff': 'Nudges: off. /nudge 14d writes to members quiet for 14 days.',
  'automation.nudge.bad': (p: { value: string; min: string; max: string }) =>
    `“${p.value}” is not a time from ${p.min} to ${p.max} (e.g. 14d), nor off.`,
  'automation.nudge.hello': (p: { name: string; circle: string; points: number; level: number }) =>
    `Hi ${p.name}! We have not seen you in ${p.circle} for a while. You have ${p.points} points there (level ${p.level}).`,
  'automation.nudge.news': (p: { messages: number; joins: number }) =>
    `Since you were last there: ${n(p.messages, 'message')} and ${n(p.joins, 'new member')}.`,
  'automation.nudge.footer': 'Drop by and say hello! (Send /quiet to me to stop these reminders.)',

  'automation.quiet.on':
    'Done: I will not remind you when you have been quiet, in any circle. /quiet off allows it again.',
  'automation.quiet.off':
    'Reminders allowed again: after a long quiet, a circle may send you one friendly note.',

  'automation.autodelete.set': (p: { after: string }) =>
    `My answers to commands here are deleted after ${p.after}. Answers to admins’ setting commands stay.`,
  'automation.autodelete.off': 'My answers to commands here stay.',
  'automation.autodelete.status': (p: { after: string }) =>
    `My answers to commands here are deleted after ${p.after}.`,
  'automation.autodelete.statusOff':
    'My answers to commands here stay. /autodelete 2m deletes them after 2 minutes.',
  'automation.autodelete.bad': (p: { value: string; min: string; max: string }) =>
    `“${p.value}” is not a time from ${p.min} to ${p.max} (e.g. 2m), nor off.`,

  'automation.describe': (p: {
    welcome: string;
    rules: string;
    digest: string;
    nudge: string;
    autodelete: string;
  }) =>
    `Automation: welcome ${p.welcome}; rules ${p.rules}; weekly digest ${p.digest}; nudges ${p.nudge}; command answers deleted ${p.autodelete}`,
  'automation.describe.after': (p: { after: string }) => `after ${p.after}`,
  'automation.describe.welcomeOn': (p: { where: string }) => `on (${p.where})`,
  'automation.describe.rulesSet': 'written',
} satisfies Record<string, string | ((p: never) => string)>;
