import { type Circle, circleName } from '../circle.js';
import { labelOf } from '../format.js';
import { t } from '../i18n/index.js';
import type { MemberRecord } from '../repos.js';
import type { AutomationDeps } from './deps.js';
import { renderTemplate } from './placeholders.js';

/** How a welcome calls a person: their display name, else `@username`, else their id. */
export function nameOf(member: Pick<MemberRecord, 'username' | 'displayName' | 'ref'>): string {
  return member.displayName ?? labelOf(member);
}

/** The welcome a member of `circle` gets, in the circle's words (or the default one), filled in. */
export function welcomeText(
  circle: Circle,
  member: Pick<MemberRecord, 'username' | 'displayName' | 'ref'>,
): string {
  const { welcome, rules } = circle.settings.automation;
  return renderTemplate(welcome.text ?? t(circle.lang, 'automation.welcome.default'), {
    name: nameOf(member),
    circle: circleName(circle),
    rules: rules ?? t(circle.lang, 'automation.welcome.noRules'),
  });
}

/**
 * Sends the circle's welcome to a member who just came in, once per stay: the gate's admission and the
 * platform's "joined" both lead here, and whichever comes first claims the welcome. A member whose private
 * chat is closed is skipped (logged); a failed send gives the claim back, so the next signal may try again.
 */
export async function sendWelcome(deps: AutomationDeps, circle: Circle, member: MemberRecord): Promise<void> {
  const { store, ports, clock, log } = deps;
  const settings = circle.settings.automation;
  if (!settings.welcome.enabled || !ports.has(circle.chat.platform)) return;
  if (!(await store.automation.claimWelcome(circle.id, member.id, clock.now()))) return;
  const text = welcomeText(circle, member);
  const port = ports.get(circle.chat.platform);
  try {
    if (settings.welcome.where === 'circle') {
      await port.send(circle.chat, { text });
    } else if (!(await port.sendDirect(member.ref, { text }))) {
      log.info({ circleId: circle.id, memberId: member.id }, 'welcome not delivered: private chat closed');
      return;
    }
    log.info({ circleId: circle.id, memberId: member.id, where: settings.welcome.where }, 'member welcomed');
  } catch (err) {
    await store.automation.clearWelcome(circle.id, member.id);
    throw err;
  }
}
