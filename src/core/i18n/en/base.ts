/** Messages of the core itself: dispatch, help, setup, the console. */
export const base = {
  'generic.error': 'Something went wrong on my side. The admins can find it in the log.',
  'generic.groupOnly': 'Use this command in the group, not in a private chat.',
  'generic.on': 'on',
  'generic.off': 'off',
  'generic.yes': 'yes',
  'generic.no': 'no',
  'generic.sentPrivately': 'I sent it to you in a private message.',
  'generic.cannotDm': 'I cannot message you privately: start a private chat with me first, then try again.',
  'generic.none': 'none',
  'command.unknown': (p: { name: string }) => `Unknown command /${p.name}. Send /help to see what I can do.`,
  'command.adminOnly': (p: { name: string }) => `/${p.name} is for the admins of this circle.`,
  'command.usage': (p: { usage: string }) => `Usage: ${p.usage}`,
  'command.missingArg': (p: { arg: string; usage: string }) => `Missing <${p.arg}>. Usage: ${p.usage}`,
  'command.badInt': (p: { arg: string; value: string }) =>
    `<${p.arg}> must be a whole number, not “${p.value}”.`,
  'command.intRange': (p: { arg: string; min: number; max: number }) =>
    `<${p.arg}> must be between ${p.min} and ${p.max}.`,
  'command.badChoice': (p: { arg: string; value: string; choices: string }) =>
    `<${p.arg}> must be one of ${p.choices}, not “${p.value}”.`,
  'command.badDuration': (p: { arg: string; value: string }) =>
    `<${p.arg}> must be a duration like 30s, 10m, 2h or 7d, not “${p.value}”.`,
  'command.tooManyArgs': (p: { usage: string }) => `Too many words. Usage: ${p.usage}`,
  'command.slowDown': (p: { seconds: number }) =>
    `Easy there: that is a lot of commands at once. Try again in ${p.seconds} s.`,
  'command.tooLong': (p: { max: number }) => `That is too long for a command: at most ${p.max} characters.`,
  'command.unknownSub': (p: { name: string; value: string; subs: string }) =>
    `/${p.name} has no “${p.value}”. Try one of: ${p.subs}.`,
  'welcome.botAdded': (p: { circle: string }) =>
    `Thanks for adding me to ${p.circle}! An admin can send /setup to see what I need, then /gate on to screen new members.`,
  'help.header': 'What I can do here:',
  'help.adminHeader': 'For admins:',
  'help.footer': 'Send /help <command> for details.',
  'help.cmd.help': 'List the commands, or explain one',
  'help.cmd.ping': 'Check that the bot is alive',
  'help.cmd.setup': 'Show this circle’s settings and what is missing',
  'help.cmd.lang': 'Change the language the bot uses in this circle',
  'ping.pong': (p: { ms: number }) => `pong (${p.ms} ms)`,
  'lang.set': 'Language set to English.',
  'setup.header': (p: { circle: string }) => `Setup of ${p.circle}:`,
  'setup.lang': (p: { lang: string }) => `Language: ${p.lang}`,
  'setup.ok': (p: { check: string }) => `✓ ${p.check}`,
  'setup.missing': (p: { check: string; hint: string }) => `✗ ${p.check} — ${p.hint}`,
  'setup.check.discordMessageContent':
    'Reads message text (links and media from members below their level are removed)',
  'setup.hint.discordMessageContent':
    'turn on Message Content Intent in the developer portal (Bot → Privileged Gateway Intents), then set discord.messageContent: true; until then points count, but links are not filtered',
  'setup.check.discordManageRoles': 'Can manage roles',
  'setup.hint.discordManageRoles': 'give the bot’s role the “Manage Roles” permission',
  'setup.check.discordKick': 'Can remove members',
  'setup.hint.discordKick': 'give the bot’s role the “Kick Members” permission',
  'setup.check.discordQuarantineRole': 'The “Applicant” role exists, below the bot’s role',
  'setup.hint.discordQuarantineRole':
    'create a role named “Applicant” that sees only the gate channel, and drag the bot’s role above it (Server Settings → Roles)',
  'setup.check.discordMemberRole': 'The “Member” role exists, below the bot’s role',
  'setup.hint.discordMemberRole':
    'create a role named “Member” that sees the server’s channels, and drag the bot’s role above it (Server Settings → Roles)',
  'setup.check.discordGateChannel': (p: { channel: string }) =>
    `The #${p.channel} channel exists, applicants see it and the bot can post there`,
  'setup.hint.discordGateChannel': (p: { channel: string }) =>
    `create a text channel named “${p.channel}” that the “Applicant” role can view and the bot can post in`,
  'setup.check.discordLevelRole': (p: { role: string }) =>
    `The level role “${p.role}” exists, below the bot’s role`,
  'setup.hint.discordLevelRole': (p: { role: string }) =>
    `create the role “${p.role}” and drag the bot’s role above it (Server Settings → Roles)`,
  'setup.allGood': 'Everything the bot needs is in place.',
  'setup.check.admin': 'The bot is an admin',
  'setup.hint.admin': 'make the bot an admin of the group',
  'setup.check.inviteUsers': 'Can approve join requests',
  'setup.hint.inviteUsers': 'give the bot the “Invite users via link” right',
  'setup.check.deleteMessages': 'Can delete messages',
  'setup.hint.deleteMessages': 'give the bot the “Delete messages” right',
  'setup.check.restrictMembers': 'Can restrict and remove members',
  'setup.hint.restrictMembers': 'give the bot the “Ban users” right',
  'setup.check.readMessages': 'Sees every group message (needed to count points)',
  'setup.hint.readMessages': 'turn privacy mode off in @BotFather (Bot Settings → Group Privacy)',
  'setup.check.joinRequests': 'The group asks for approval to join',
  'setup.hint.joinRequests':
    'turn on “Approve new members” in the group’s settings so the gate sees applicants',
  'console.welcome': (p: { owner: string }) =>
    `circlebot console: a pretend group chat. You are @${p.owner}, the owner. Type /help, or “.help” for the console’s own commands.`,
} satisfies Record<string, string | ((p: never) => string)>;
