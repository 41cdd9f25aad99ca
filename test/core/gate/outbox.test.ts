import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { defaultCircleSettings } from '../../../src/core/circle.js';
import { ManualClock } from '../../../src/core/clock.js';
import { type Core, createCore } from '../../../src/core/core.js';
import { createCommunityCredit } from '../../../src/core/credit/community.js';
import { CreditService } from '../../../src/core/credit/service.js';
import { gateFeature } from '../../../src/core/gate/feature.js';
import { answerData } from '../../../src/core/gate/present.js';
import type { ChatPort } from '../../../src/core/port.js';
import { Ports } from '../../../src/core/ports.js';
import type { Store } from '../../../src/core/store.js';
import { openSqliteStore } from '../../../src/store/open.js';

const dir = mkdtempSync(join(tmpdir(), 'circlebot-outbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const GROUP = { platform: 'telegram', id: '-1001' } as const;
const APPLICANT = { platform: 'telegram', id: '501' } as const;

/** A Telegram port that records verdict calls; `dies` makes the first approve never return (the process died). */
function platform(opts: { dies?: boolean } = {}) {
  const verdicts: string[] = [];
  let dead = opts.dies === true;
  let died!: () => void;
  const gone = new Promise<void>((resolve) => {
    died = resolve;
  });
  const port = {
    platform: 'telegram',
    capabilities: new Set(['join_requests', 'buttons', 'direct_messages']),
    send: async (chat) => ({ chat, messageId: '1' }),
    sendDirect: async (member) => ({ chat: member, messageId: '1' }),
    edit: async () => {},
    deleteMessage: async () => {},
    acknowledge: async () => {},
    async approveJoin(_chat, member) {
      if (dead) {
        dead = false;
        died();
        return new Promise(() => {}); // the process is gone before Telegram hears of it
      }
      verdicts.push(`approve ${member.id}`);
      return 'done';
    },
    async declineJoin(_chat, member) {
      verdicts.push(`decline ${member.id}`);
      return 'done';
    },
    kick: async () => {},
    isAdmin: async () => false,
    registerCommands: async () => {},
    checkSetup: async () => [],
  } satisfies ChatPort;
  return { port, verdicts, gone };
}

/** One bot process over the SQLite file: the gate wired as `src/app.ts` wires it. */
function bot(store: Store, port: ChatPort, clock: ManualClock): Core {
  const log = pino({ level: 'silent' });
  const credit = new CreditService({
    providers: [createCommunityCredit({ repo: store.credit, clock })],
    repo: store.credit,
    clock,
    log,
  });
  const ports = new Ports(() => store.flush());
  ports.add(port);
  return createCore({
    store,
    ports,
    clock,
    log,
    features: [gateFeature({ store, ports, clock, log, credit })],
  });
}

describe('a verdict whose process dies before Telegram hears of it', () => {
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });

  async function gatedCircle(file: string, clock: ManualClock) {
    const store = openSqliteStore(file);
    stores.push(store);
    const circle = await store.circles.ensure(GROUP, 'Tea lovers', clock.now());
    const settings = defaultCircleSettings();
    await store.circles.updateSettings(circle.id, {
      ...settings,
      gate: { ...settings.gate, enabled: true, timeoutMs: 10 * 60_000 },
    });
    await store.gate.addQuestion(
      circle.id,
      {
        kind: 'choice',
        prompt: 'Which plant gives us tea?',
        options: ['Camellia sinensis', 'Mint'],
        correct: [0],
      },
      10,
    );
    return store;
  }

  const base = { chat: GROUP, member: APPLICANT };
  const joinRequest = { ...base, kind: 'join_requested', updateId: '1' } as const;
  const rightAnswer = {
    kind: 'button',
    chat: APPLICANT,
    member: APPLICANT,
    updateId: '2',
    data: answerData(1, 0, 0),
    interactionId: 'q1',
  } as const;

  it('is delivered once by its outbox job, 30 s later, by the process that comes back', async () => {
    const file = join(dir, `gate-${++files}.db`);
    const clock = new ManualClock();
    const store = await gatedCircle(file, clock);
    const dying = platform({ dies: true });
    const first = bot(store, dying.port, clock);
    await first.handle(joinRequest);
    void first.handle(rightAnswer); // the verdict is committed (the flush before a platform call)…
    await dying.gone; // …and the process dies before Telegram hears of it

    // Another process on the same database: the redelivered answer finds the application decided.
    const again = openSqliteStore(file);
    stores.push(again);
    const living = platform();
    const second = bot(again, living.port, clock);
    await second.handle(rightAnswer);
    expect(living.verdicts).toEqual([]);
    expect((await again.gate.application(1))?.state).toBe('approved');

    clock.advance(29_000);
    await second.scheduler.runDue();
    expect(living.verdicts).toEqual([]);
    clock.advance(1_000);
    await second.scheduler.runDue();
    expect(living.verdicts).toEqual(['approve 501']);
    clock.advance(60 * 60_000);
    await second.scheduler.runDue();
    expect(living.verdicts).toEqual(['approve 501']);
  });

  const wrongAnswer = { ...rightAnswer, data: answerData(1, 0, 1), interactionId: 'q1-wrong' } as const;
  /** An outbox entry for application 1 left by a decision that lost a race, due now. */
  const leftover = (store: Store, clock: ManualClock) =>
    store.jobs.schedule({
      kind: 'gate.apply',
      key: 'gate.apply:1',
      payload: { applicationId: 1 },
      runAt: clock.now(),
    });
  /** One bot process on a fresh gated circle, with a platform that records verdicts and never dies. */
  async function oneProcess() {
    const clock = new ManualClock();
    const store = await gatedCircle(join(dir, `gate-${++files}.db`), clock);
    const { port, verdicts } = platform();
    return { clock, store, verdicts, core: bot(store, port, clock) };
  }

  it('leaves nothing to do once delivered: its outbox entry is gone and a leftover one does nothing', async () => {
    const { clock, store, verdicts, core } = await oneProcess();
    await core.handle(joinRequest);
    await core.handle(rightAnswer);
    expect(verdicts).toEqual(['approve 501']);
    expect(await store.jobs.pending('gate.apply')).toEqual([]);

    // An entry left by a decision that lost a race (here: scheduled again by hand) finds the verdict delivered.
    await leftover(store, clock);
    await core.scheduler.runDue();
    expect(verdicts).toEqual(['approve 501']);
  });

  it('a leftover entry of an old verdict does not answer the newer join request of the same person', async () => {
    const { clock, store, verdicts, core } = await oneProcess();
    const circle = await store.circles.find(GROUP);
    const settings = circle!.settings;
    await store.circles.updateSettings(circle!.id, {
      ...settings,
      gate: { ...settings.gate, cooldownMs: 0 },
    });
    await core.handle(joinRequest);
    await core.handle(wrongAnswer);
    expect(verdicts).toEqual(['decline 501']);

    // The person asks again and is being screened anew when the old entry comes due.
    clock.advance(60_000);
    await core.handle({ ...joinRequest, updateId: '3' });
    expect(
      (await store.gate.openApplication(circle!.id, (await store.members.find(APPLICANT))!.id))?.id,
    ).toBe(2);
    await leftover(store, clock);
    await core.scheduler.runDue();
    expect(verdicts).toEqual(['decline 501']);
  });

  it('a leftover entry of an approval does not make a member who left a member again', async () => {
    const { clock, store, verdicts, core } = await oneProcess();
    await core.handle(joinRequest);
    await core.handle(rightAnswer);
    // Later the member leaves, as the membership tracker records it.
    const member = await store.members.find(APPLICANT);
    const circle = await store.circles.find(GROUP);
    await store.memberships.set(circle!.id, member!.id, 'left', clock.now());

    await leftover(store, clock);
    await core.scheduler.runDue();
    expect(verdicts).toEqual(['approve 501']);
    expect((await store.memberships.get(circle!.id, member!.id))?.status).toBe('left');
  });
});
