/**
 * Gate screening driven straight through `core.handle`, as the Telegram adapter would hand it over: a join
 * request, then the applicant presses the right option under each private question. The port records the
 * buttons of each applicant's latest private message (the next question) and every approve/decline, so the
 * bench can press what the bot offered and check that each application was decided exactly once.
 */
import { performance } from 'node:perf_hooks';
import type { Core } from '../../src/core/core.js';
import type { ChatEvent } from '../../src/core/events.js';
import type { ChatPort } from '../../src/core/port.js';
import type { ChatRef, MemberRef } from '../../src/core/refs.js';
import type { Store } from '../../src/core/store.js';
import { recordingPort } from './points-bot.js';

/** The two choice questions of the gate section, and the option that is right in each. */
const QUESTIONS = [
  { prompt: 'Which city hosts our meetups?', options: ['Beijing', 'Hangzhou', 'Shanghai'], right: 1 },
  { prompt: 'Which tea is green?', options: ['Longjing', 'Pu-erh'], right: 0 },
];
export const MIN_SCORE = 500;

export const gateChatOf = (circle: number) => String(-2_000_000_000_000 - circle);
export const applicantIdOf = (applicant: number) => String(30_000_000 + applicant);

/** A do-nothing Telegram port that keeps, per applicant, the buttons of the latest private message. */
export function gatePort() {
  const base = recordingPort();
  const buttons = new Map<string, string[]>();
  const approved = new Map<string, number>();
  const declined = new Map<string, number>();
  const port: ChatPort = {
    ...base,
    async sendDirect(member, message) {
      const data = (message.buttons ?? []).flat().flatMap((b) => ('data' in b ? [b.data] : []));
      if (data.length > 0) buttons.set(member.id, data);
      return base.sendDirect(member, message);
    },
    async approveJoin(chat, member) {
      approved.set(member.id, (approved.get(member.id) ?? 0) + 1);
      return base.approveJoin(chat, member);
    },
    async declineJoin(chat, member) {
      declined.set(member.id, (declined.get(member.id) ?? 0) + 1);
      return base.declineJoin(chat, member);
    },
  };
  return { ...port, calls: base.calls, buttons, approved, declined };
}

export type GatePort = ReturnType<typeof gatePort>;

/** Circles `first … first + count - 1` with the gate on: two choice questions and minscore 500. */
export async function setUpGateCircles(store: Store, first: number, count: number, at: Date): Promise<void> {
  for (let c = first; c < first + count; c++) {
    const circle = await store.circles.ensure(
      { platform: 'telegram', id: gateChatOf(c) },
      `Gate circle ${c}`,
      at,
    );
    await store.circles.updateSettings(circle.id, {
      ...circle.settings,
      gate: { ...circle.settings.gate, enabled: true, minScore: MIN_SCORE },
    });
    for (const q of QUESTIONS) {
      const options = q.options;
      await store.gate.addQuestion(
        circle.id,
        { kind: 'choice', prompt: q.prompt, options, correct: [q.right] },
        10,
      );
    }
  }
}

/** Screens one applicant; resolves with the time from the last press to the verdict (milliseconds). */
export async function screenOne(
  core: Core,
  port: GatePort,
  circle: ChatRef,
  applicant: number,
  nextUpdate: () => string,
): Promise<number> {
  const member: MemberRef = { platform: 'telegram', id: applicantIdOf(applicant) };
  const profile = {
    username: `applicant${applicant}`,
    displayName: `Applicant ${applicant}`,
    languageCode: 'en',
  };
  const handle = (event: ChatEvent) => core.handle(event);
  await handle({ kind: 'join_requested', chat: circle, member, profile, updateId: nextUpdate() });
  let last = 0;
  for (const [q, question] of QUESTIONS.entries()) {
    const offered = port.buttons.get(member.id);
    const data = offered?.[question.right];
    if (!data?.endsWith(`:${q}:${question.right}`))
      throw new Error(`applicant ${applicant} was not offered question ${q + 1}: ${JSON.stringify(offered)}`);
    port.buttons.delete(member.id);
    const pressedAt = performance.now();
    await handle({
      kind: 'button',
      chat: { platform: 'telegram', id: member.id },
      member,
      profile,
      updateId: nextUpdate(),
      data,
      interactionId: `press-${applicant}-${q}`,
    });
    last = performance.now() - pressedAt;
  }
  return last;
}
