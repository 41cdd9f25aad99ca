import type { Circle } from '../circle.js';
import { AUTODELETE_JOB, autoDeletePayload } from '../commands/autodelete.js';
import { formatDuration } from '../duration.js';
import type { Feature } from '../feature.js';
import { type Lang, t } from '../i18n/index.js';
import type { MemberRecord } from '../repos.js';
import { automationCommands, placeText } from './commands.js';
import type { AutomationDeps } from './deps.js';
import { DIGEST_JOB, runDigest } from './digest.js';
import { NUDGE_JOB, runNudges } from './nudge.js';
import { sendWelcome } from './welcome.js';

/**
 * Automation as a core feature: the welcome (on admission, or on a join the gate did not see), the rules,
 * the weekly digest and the daily nudges as durable jobs, and the deletion of command answers the
 * dispatcher schedules. `welcome` is what the gate calls after an admission.
 */
export function automationFeature(deps: AutomationDeps): Feature & {
  welcome(circle: Circle, member: MemberRecord): Promise<void>;
  runNudges(circleId: number): Promise<number>;
} {
  const { store, ports, log } = deps;

  return {
    name: 'automation',
    welcome: (circle, member) => sendWelcome(deps, circle, member),
    runNudges: (circleId) => runNudges(deps, { circleId }),
    commands: automationCommands(deps),
    describe: describeAutomation,
    on: {
      async member_joined(ctx) {
        if (ctx.circle) await sendWelcome(deps, ctx.circle, ctx.member);
      },
      async member_left(ctx) {
        if (ctx.circle) await store.automation.clearWelcome(ctx.circle.id, ctx.member.id);
      },
    },
    jobs: {
      [DIGEST_JOB]: (payload) => runDigest(deps, payload),
      [NUDGE_JOB]: async (payload) => {
        await runNudges(deps, payload);
      },
      async [AUTODELETE_JOB](payload) {
        const answer = autoDeletePayload.parse(payload);
        if (!ports.has(answer.platform)) return;
        // Gone already (deleted by an admin) or no right to delete: nothing to retry.
        await ports
          .get(answer.platform)
          .deleteMessage({ platform: answer.platform, id: answer.chatId }, answer.messageId)
          .catch((err: unknown) => log.warn({ err }, 'command answer could not be deleted'));
      },
    },
  };
}

function describeAutomation(circle: Circle, lang: Lang): string[] {
  const a = circle.settings.automation;
  const off = t(lang, 'generic.off');
  const after = (ms: number | null) =>
    ms === null ? off : t(lang, 'automation.describe.after', { after: formatDuration(ms) });
  return [
    t(lang, 'automation.describe', {
      welcome: a.welcome.enabled
        ? t(lang, 'automation.describe.welcomeOn', { where: placeText(lang, a.welcome.where) })
        : off,
      rules: a.rules === null ? t(lang, 'generic.none') : t(lang, 'automation.describe.rulesSet'),
      digest: t(lang, a.digest ? 'generic.on' : 'generic.off'),
      nudge: after(a.nudgeAfterMs),
      autodelete: after(a.autoDeleteMs),
    }),
  ];
}
