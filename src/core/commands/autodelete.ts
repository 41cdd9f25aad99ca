import { z } from 'zod';
import type { Circle } from '../circle.js';
import type { ChatPort, SentMessage } from '../port.js';
import { PLATFORMS } from '../refs.js';
import type { JobRepo } from '../repos.js';

/** Durable job deleting one answer to a command; the automation feature runs it. */
export const AUTODELETE_JOB = 'commands.autodelete';

export const autoDeletePayload = z.object({
  platform: z.enum(PLATFORMS),
  chatId: z.string(),
  messageId: z.string(),
});

/**
 * After a command's answer went out in a circle that asks for it (`/autodelete 2m`): schedules its deletion
 * after the circle's delay. A platform that cannot delete messages keeps it.
 */
export async function scheduleAutoDelete(
  jobs: Pick<JobRepo, 'schedule'>,
  circle: Circle | null,
  port: ChatPort,
  sent: SentMessage,
  now: Date,
): Promise<void> {
  const after = circle?.settings.automation.autoDeleteMs;
  if (!after || !port.capabilities.has('delete_messages')) return;
  await jobs.schedule({
    kind: AUTODELETE_JOB,
    payload: { platform: sent.chat.platform, chatId: sent.chat.id, messageId: sent.messageId },
    runAt: new Date(now.getTime() + after),
  });
}
