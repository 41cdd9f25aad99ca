/** Messages of the gate: applicants, reasons, review items, gate commands. */
export const gate = {
  'gate.ask.intro': (p: { circle: string; count: number; time: string }) =>
    `Hi! ${p.circle} asks ${p.count} question(s) before letting new members in. You have ${p.time} to answer.`,
  'gate.ask.introForm': (p: { member: string; circle: string; count: number; time: string }) =>
    `Welcome ${p.member}! ${p.circle} asks ${p.count} question(s) before letting new members in. Press Apply to answer (you have ${p.time}).`,
  'gate.apply': 'Apply',
  'gate.apply.none': 'You have no open application here.',
  'gate.apply.next': 'Next questions',
  'gate.apply.choose': 'Choose an answer',
  'gate.ask.question': (p: { n: number; total: number; prompt: string }) =>
    `Question ${p.n}/${p.total}: ${p.prompt}`,
  'gate.ask.textHint': 'Reply to this message with your answer.',
  'gate.ask.choiceHint': 'Press a button, or reply with the option’s number.',
  'answer.err.pickOption': (p: { count: number }) =>
    `Please press one of the buttons, or reply with a number from 1 to ${p.count}.`,
  'answer.err.empty': 'Your answer is empty. Please write a few words.',
  'answer.err.long': (p: { max: number }) =>
    `That answer is too long: please keep it under ${p.max} characters.`,
  'gate.stale': 'This question is no longer open.',
  'gate.cooldown': (p: { circle: string; until: string }) =>
    `You applied to ${p.circle} recently and were not admitted. You can apply again after ${p.until}.`,
  'gate.result.approved': (p: { circle: string }) => `Welcome! You have been admitted to ${p.circle}.`,
  'gate.result.declined': (p: { circle: string; reason: string }) =>
    `Sorry, your request to join ${p.circle} was declined: ${p.reason}`,
  'gate.result.expired': (p: { circle: string }) =>
    `Time is up for your request to join ${p.circle}. You can ask to join again later.`,
  'gate.result.review': (p: { circle: string }) =>
    `Thanks! An admin of ${p.circle} will look at your answers soon.`,
  'gate.reason.passed': (p: { right: number; total: number; score: number }) =>
    `answered ${p.right}/${p.total} right, credit ${p.score}`,
  'gate.reason.passedNoCredit': (p: { right: number; total: number; score: number }) =>
    `answered ${p.right}/${p.total} right; credit unavailable, allowed by the circle's policy`,
  'gate.reason.wrongAnswers': (p: { right: number; needed: number }) =>
    `${p.right} answer(s) right, ${p.needed} needed`,
  'gate.reason.lowScore': (p: { score: number; min: number }) =>
    `credit score ${p.score} is below the minimum ${p.min}`,
  'gate.reason.notVerified': 'this circle requires a verified identity',
  'gate.reason.creditDown': (p: { providers: string }) => `the credit check (${p.providers}) did not answer`,
  'gate.reason.textAnswers': 'written answers are read by an admin',
  'gate.reason.reviewMode': 'every application in this circle is reviewed by an admin',
  'gate.reason.timeout': (p: { minutes: number }) => `no answer within ${p.minutes} minute(s)`,
  'gate.reason.unreachable': 'the bot could not send the questions privately',
  'gate.reason.awaitingPayment': 'screening passed; admission waits for the entry fee',
  'gate.reason.paymentTimeout': (p: { minutes: number }) => `no payment within ${p.minutes} minute(s)`,
  'gate.reason.paid': 'entry fee paid',
  'gate.reason.adminApproved': (p: { admin: string }) => `approved by ${p.admin}`,
  'gate.reason.adminDeclined': (p: { admin: string }) => `declined by ${p.admin}`,
  'gate.reason.adminDeclinedNote': (p: { admin: string; note: string }) =>
    `declined by ${p.admin}: ${p.note}`,
  'gate.review.header': (p: { id: number; applicant: string; circle: string }) =>
    `Application #${p.id}: ${p.applicant} wants to join ${p.circle}`,
  'gate.review.reason': (p: { reason: string }) => `Waiting because: ${p.reason}`,
  'gate.review.noAnswer': '(no answer)',
  'gate.review.credit': (p: { score: number; source: string; factors: string }) =>
    `Credit: ${p.score} (${p.source})${p.factors}`,
  'gate.review.noCredit': 'Credit: not checked',
  'gate.review.vouches': (p: { vouchers: string }) => `Vouched for by: ${p.vouchers}`,
  'gate.review.approve': 'Approve',
  'gate.review.decline': 'Decline',
  'gate.review.adminsOnly': 'Only admins of this circle can decide applications.',
  'gate.review.done': 'Done.',
  'gate.review.already': 'This application was already decided.',
  'gate.review.byRules': 'the rules',
  'gate.review.outcome.approved': (p: { by: string }) => `✓ Approved by ${p.by}`,
  'gate.review.outcome.declined': (p: { by: string }) => `✗ Declined by ${p.by}`,
  'gate.review.outcome.expired': (p: { by: string }) => `⌛ Expired (${p.by})`,
  'gate.review.outcome.paying': (p: { by: string }) => `💳 Passed by ${p.by}; waiting for the entry fee`,
  'gate.help': 'Screen people who ask to join',
  'gate.help.on': 'Screen every join request',
  'gate.help.off': 'Stop screening (requests wait for an admin)',
  'gate.help.mode': 'auto: decide by the rules; review: an admin decides every application',
  'gate.help.minscore': 'Minimum credit score (350–950), or off',
  'gate.help.verified': 'Require a verified identity from the credit provider',
  'gate.help.timeout': 'How long applicants have to answer (e.g. 10m)',
  'gate.help.ontimeout': 'What happens when an applicant goes silent',
  'gate.help.ondecline': 'Where applicants wait inside (Discord): remove a declined one, or keep them held',
  'gate.set.onDeclineRemove': 'Declined applicants are removed from the server.',
  'gate.set.onDeclineKeep': 'Declined applicants stay held in quarantine.',
  'gate.help.passmark': 'Choice questions that must be right (a number, or all)',
  'gate.help.cooldown': 'How long a declined applicant waits before applying again (e.g. 24h, or off)',
  'gate.help.failpolicy': 'What to do when a credit provider is down',
  'gate.help.reviewchat': 'Where review items go: here, dm, or a chat id',
  'gate.help.vouchfloor': 'Minimum credit score a member needs to vouch',
  'gate.help.recheck': 'List current members below the threshold (nobody is removed)',
  'gate.set.on':
    'The gate is on: every join request is screened. Review items come to you privately (change with /gate reviewchat).',
  'gate.set.off': 'The gate is off: join requests wait for an admin.',
  'gate.set.modeAuto': 'Applications are decided by the rules.',
  'gate.set.modeReview': 'Every application now waits for an admin.',
  'gate.set.minscore': (p: { score: number }) => `Applicants now need a credit score of at least ${p.score}.`,
  'gate.set.minscoreOff': 'No minimum credit score.',
  'gate.set.verifiedOn': 'Applicants now need a verified identity.',
  'gate.set.verifiedOff': 'A verified identity is no longer required.',
  'gate.set.timeout': (p: { time: string }) => `Applicants have ${p.time} to answer.`,
  'gate.set.onTimeoutDecline': 'Silent applicants will be declined.',
  'gate.set.onTimeoutReview': 'Silent applicants will wait for an admin.',
  'gate.set.passmarkAll': 'Every choice question must be answered right.',
  'gate.set.passmark': (p: { count: number }) => `${p.count} choice question(s) must be answered right.`,
  'gate.set.cooldown': (p: { time: string }) => `Declined applicants wait ${p.time} before applying again.`,
  'gate.set.failpolicy': (p: { policy: string }) => `When a credit provider is down: ${p.policy}.`,
  'gate.set.reviewHere': 'Review items will be posted in this chat.',
  'gate.set.reviewDm': 'Review items will come to you privately.',
  'gate.set.reviewChat': (p: { chat: string }) => `Review items will be posted in chat ${p.chat}.`,
  'gate.set.vouchfloor': (p: { score: number }) => `Members need a credit score of ${p.score} to vouch.`,
  'gate.err.unknownApplicant': (p: { who: string }) => `I don’t know ${p.who}. Use their @username or id.`,
  'gate.err.score': (p: { value: string; min: number; max: number }) =>
    `“${p.value}” is not a score: use a number from ${p.min} to ${p.max}, or off.`,
  'gate.err.timeoutRange': 'The timeout must be between 1 minute and 7 days.',
  'gate.err.passmark': (p: { value: string; max: number }) =>
    `“${p.value}” is not a passmark: use 0 to ${p.max}, or all.`,
  'gate.err.reviewchat': (p: { value: string }) =>
    `“${p.value}” is not a place for reviews: use here, dm or a chat id.`,
  'gate.err.noApplication': (p: { who: string }) => `${p.who} has no open application here.`,
  'gate.admin.approved': (p: { who: string }) => `${p.who} is approved.`,
  'gate.admin.declined': (p: { who: string }) => `${p.who} is declined.`,
  'gate.recheck.noThreshold': 'This circle has no credit threshold, so there is nothing to re-check.',
  'gate.recheck.header': (p: { count: number; total: number }) =>
    `${p.count} of ${p.total} members are below the current requirements. Nobody was removed:`,
  'gate.recheck.line': (p: { member: string; score: number }) => `• ${p.member}: ${p.score}`,
  'gate.recheck.unverified': (p: { member: string }) => `• ${p.member}: not verified`,
  'gate.recheck.unknown': (p: { member: string }) => `• ${p.member}: credit unavailable`,
  'gate.recheck.more': (p: { count: number }) => `…and ${p.count} more.`,
  'gate.recheck.progress': (p: { done: number; total: number; percent: number }) =>
    `Re-checking members’ credit: ${p.done} of ${p.total} (${p.percent}%)…`,
  'gate.recheck.finished': (p: { total: number; seconds: number }) =>
    `Re-checked ${p.total} members in ${p.seconds} s.`,
  'gate.recheck.none': (p: { count: number }) => `All ${p.count} members meet the current requirements.`,
  'gate.describe': (p: {
    state: string;
    mode: string;
    minScore: string;
    verified: string;
    timeout: string;
    onTimeout: string;
    passmark: string;
    cooldown: string;
    failPolicy: string;
  }) =>
    `Gate: ${p.state}, mode ${p.mode}, min score ${p.minScore}, verified ${p.verified}, timeout ${p.timeout} then ${p.onTimeout}, passmark ${p.passmark}, cooldown ${p.cooldown}, provider down → ${p.failPolicy}`,
  'question.help': 'Entry questions applicants answer',
  'question.help.add': 'Add: Question? | option | *right option … (no options: a written answer)',
  'question.help.list': 'List the entry questions',
  'question.help.remove': 'Remove a question by its number',
  'question.err.empty': 'Write the question first: /question add Which city? | Beijing | *Hangzhou',
  'question.err.promptLong': (p: { max: number }) =>
    `The question is too long (at most ${p.max} characters).`,
  'question.err.oneOption': 'A choice question needs at least two options (or none, for a written answer).',
  'question.err.optionEmpty': (p: { n: number }) => `Option ${p.n} is empty.`,
  'question.err.optionLong': (p: { max: number }) => `An option is too long (at most ${p.max} characters).`,
  'question.err.tooManyOptions': (p: { max: number }) => `At most ${p.max} options.`,
  'question.err.duplicateOption': (p: { option: string }) => `“${p.option}” is there twice.`,
  'question.err.noCorrect': 'Mark the right option(s) with *, e.g. | *Hangzhou',
  'question.err.full': (p: { max: number }) =>
    `This circle already has ${p.max} questions; remove one first.`,
  'question.err.noSuch': (p: { n: number }) => `There is no question ${p.n}. See /question list.`,
  'question.added.choice': (p: { n: number; options: number }) =>
    `Question ${p.n} added (${p.options} options).`,
  'question.added.text': (p: { n: number }) => `Question ${p.n} added: a written answer, read by an admin.`,
  'question.none': 'No entry questions yet. Add one with /question add.',
  'question.listHeader': 'Entry questions (* marks the right options):',
  'question.textTag': '(written answer)',
  'question.removed': (p: { n: number }) => `Question ${p.n} removed.`,
  'review.help': 'Applications waiting for an admin',
  'review.none': 'No applications are waiting.',
  'review.header': (p: { count: number }) => `${p.count} application(s) waiting:`,
  'review.more': (p: { count: number }) => `…and ${p.count} more.`,
  'approve.help': 'Admit an applicant',
  'decline.help': 'Turn an applicant away, with an optional reason',
  'vouch.help': 'Vouch for an applicant you know',
  'vouch.done': (p: { who: string }) => `You vouched for ${p.who}.`,
  'vouch.err.self': 'You cannot vouch for yourself.',
  'vouch.err.notMember': 'Only members of this circle can vouch.',
  'vouch.err.standing': (p: { min: number; score: number }) =>
    `Vouching needs a credit score of ${p.min}; yours is ${p.score}.`,
  'vouch.err.twice': (p: { who: string }) => `You already vouched for ${p.who}.`,
  'credit.help': 'Your credit report: score and every factor',
  'credit.unavailable': (p: { providers: string }) => `Not available right now: ${p.providers}.`,
} satisfies Record<string, string | ((p: never) => string)>;
