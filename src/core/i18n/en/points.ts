/** Messages of points: ranks, leaderboards, privileges, check-ins, admin commands. */
export const points = {
  'points.describe': (p: {
    state: string;
    min: number;
    max: number;
    cooldown: number;
    links: string;
    media: string;
    decay: string;
  }) =>
    `Points: ${p.state}, ${p.min}–${p.max} a message at most every ${p.cooldown}s, links from level ${p.links}, media from level ${p.media}, decay ${p.decay}`,
  'points.levelUp': (p: { member: string; level: number }) => `🎉 ${p.member} reached level ${p.level}!`,
  'points.rank': (p: { member: string; level: number; points: number; rank: number; of: number }) =>
    `${p.member} — level ${p.level}, ${p.points} points, rank ${p.rank} of ${p.of}`,
  'points.rankUnranked': (p: { member: string }) => `${p.member} has no points here yet.`,
  'points.progress': (p: { bar: string; into: number; needed: number; next: number }) =>
    `${p.bar} ${p.into}/${p.needed} to level ${p.next}`,
  'points.top.all': 'Top members of all time:',
  'points.top.week': 'Top members this week:',
  'points.top.month': 'Top members this month:',
  'points.top.line': (p: { rank: number; member: string; points: number }) =>
    `${p.rank}. ${p.member} — ${p.points}`,
  'points.top.empty': 'Nobody has points here yet. Say hello!',
  'points.given': (p: { points: number; member: string; total: number }) =>
    `Gave ${p.points} points to ${p.member} (now ${p.total}).`,
  'points.taken': (p: { points: number; member: string; total: number }) =>
    `Took ${p.points} points from ${p.member} (now ${p.total}).`,
  'points.err.unknownMember': (p: { who: string }) => `I don’t know ${p.who}. Use their @username or id.`,
  'points.err.amount': 'The amount must be a whole number from 1 to 1000000.',
  'points.err.decay': (p: { value: string }) =>
    `“${p.value}” is not a decay rule: write it like 2%/week after 30d, or off.`,
  'points.decay.off': 'Points no longer decay.',
  'points.decay.on': (p: { percent: number; days: number }) =>
    `Members inactive for more than ${p.days} days lose ${p.percent}% of their points each week.`,
  'points.privilege.links': (p: { member: string; level: number }) =>
    `${p.member}, links unlock at level ${p.level} here. Keep chatting!`,
  'points.privilege.media': (p: { member: string; level: number }) =>
    `${p.member}, photos and files unlock at level ${p.level} here. Keep chatting!`,
  'points.level.links': (p: { level: string }) => `Links now need level ${p.level}.`,
  'points.level.media': (p: { level: string }) => `Photos and files now need level ${p.level}.`,
  'points.level.announce.line': 'Level-ups are announced with a line in the chat.',
  'points.level.announce.reaction':
    'Level-ups are marked with a 🎉 on the message that earned them (a line where that is not possible).',
  'points.level.announce.off': 'Level-ups are no longer announced.',
  'points.level.everyone': 'everyone',
  'points.err.level': (p: { value: string }) => `“${p.value}” is not a level: use 0 to 1000, or off.`,
  'points.event.created': (p: { title: string; code: string; points: number; details: string }) =>
    `Check-in code for “${p.title}”: ${p.code} — worth ${p.points} points${p.details}. Members send /checkin ${p.code}.`,
  'points.event.qr': (p: { title: string; code: string }) =>
    `“${p.title}” check-in: scan this code, or send /checkin ${p.code}`,
  'points.event.expires': (p: { at: string }) => `, until ${p.at}`,
  'points.event.uses': (p: { uses: number }) => `, ${p.uses} uses`,
  'points.err.event': 'Write it like: /event create Spring meetup 50 expires 3d uses 100',
  'points.checkin.done': (p: { title: string; points: number; total: number }) =>
    `Checked in at “${p.title}”: +${p.points} points (now ${p.total}).`,
  'points.checkin.unknown': 'That check-in code does not exist here.',
  'points.checkin.expired': 'That check-in code has expired.',
  'points.checkin.used_up': 'That check-in code has been used up.',
  'points.checkin.already_redeemed': 'You already checked in with that code.',
  'points.help.role': 'Give a role at a level (Discord), or off',
  'points.help.rolemode': 'Keep every level role (stack) or only the highest (replace)',
  'points.level.role': (p: { level: number; role: string }) =>
    `Members reaching level ${p.level} get the role “${p.role}”.`,
  'points.level.roleOff': (p: { level: number }) => `No role for level ${p.level} any more.`,
  'points.level.stack': 'Members keep every level role they reach.',
  'points.level.replace': 'Members keep only the role of their highest level.',
  'points.help.rank': 'Your level, points and rank (or another member’s)',
  'points.help.top': 'The leaderboard: week, month or all time',
  'points.help.points': 'Give or take points, or set inactivity decay',
  'points.help.give': 'Give a member points, with a reason',
  'points.help.take': 'Take points from a member, with a reason',
  'points.help.decay': 'Inactivity decay, e.g. 2%/week after 30d, or off',
  'points.help.level': 'What levels unlock, and how level-ups are announced',
  'points.help.links': 'Level needed to post links (or off)',
  'points.help.media': 'Level needed to post photos and files (or off)',
  'points.help.announce': 'Announce level-ups with a line, a 🎉 reaction, or not at all',
  'points.help.event': 'Create a check-in code for an offline event',
  'points.help.create': 'Title, points, then optional: expires 3d, uses 100',
  'points.help.checkin': 'Redeem an event’s check-in code',
} satisfies Record<string, string | ((p: never) => string)>;
