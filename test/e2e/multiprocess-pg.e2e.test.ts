import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultCircleSettings } from '../../src/core/circle.js';
import { openPostgresStore } from '../../src/store/pg/open.js';
import {
  type FakeCall,
  type FakeTelegram,
  startFakeTelegram,
  type TgUpdateInput,
} from '../fakes/telegram/index.js';
import { type LoadBalancer, startLoadBalancer } from '../support/load-balancer.js';
import {
  createTestDatabase,
  postgresTitle,
  TEST_DATABASE_URL,
  type TestDatabase,
} from '../support/postgres.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const APPLICANTS = 1000;
const PROCESSES = 3;
/**
 * Circles the applicants ask to join: one chat's updates are handled one at a time across all processes,
 * so one circle would measure a single queue; several let the processes work side by side.
 */
const CIRCLES = 16;
/** The answer deadline: long enough for every answer to arrive, short enough to wait for the silent ones. */
const TIMEOUT_MS = 10_000;
const SECRET = 'multi-process-secret';
/** Telegram's answer to a join request decided already (by us or by an admin). */
const ALREADY_HANDLED = /HIDE_REQUESTER_MISSING|USER_ALREADY_PARTICIPANT/;
/** Updates handed to the load balancer at once (Telegram's setWebhook allows up to 100 connections). */
const IN_FLIGHT = 60;

type Fate = 'right' | 'wrong' | 'silent';

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );

/** The sendMessage calls carrying buttons, by the private chat they went to. */
class QuestionIndex {
  readonly #byChat = new Map<number, FakeCall>();
  #seen = 0;
  constructor(private readonly fake: FakeTelegram) {}
  find(chatId: number): FakeCall | undefined {
    const calls = this.fake.calls('sendMessage');
    for (; this.#seen < calls.length; this.#seen++) {
      const call = calls[this.#seen]!;
      const chat = Number(call.params.chat_id);
      if (call.status === 200 && call.params.reply_markup && !this.#byChat.has(chat))
        this.#byChat.set(chat, call);
    }
    return this.#byChat.get(chatId);
  }
}

describe.skipIf(!TEST_DATABASE_URL)(
  postgresTitle('three bot processes on one PostgreSQL behind a webhook load balancer'),
  () => {
    const children: ChildProcess[] = [];
    /** Each process's tag in the fake's record of calls (its HTTP port). */
    const callers = new Map<ChildProcess, string>();
    const cleanup: Array<() => Promise<void> | void> = [];
    afterEach(async () => {
      for (const child of children.splice(0)) {
        child.kill('SIGKILL');
        await exited(child);
      }
      for (const step of cleanup.splice(0).reverse()) await step();
    });

    it('1 000 applicants sent to random processes, some updates twice, one process killed half-way: every application is decided once and every deadline fires once', async () => {
      const started = Date.now();
      const random = seeded(20_261_125);
      const database: TestDatabase = await createTestDatabase('multiprocess');
      cleanup.push(() => database.drop());
      const fake = await startFakeTelegram({ emitMemberUpdates: false });
      cleanup.push(() => fake.close());
      const owner = fake.world.addUser({ username: 'olivia', startedBot: true });
      const groups = Array.from({ length: CIRCLES }, (_, i) =>
        fake.world.addChat({ title: `Tea lovers ${i + 1}`, owner, join_by_request: true }),
      );
      const applicants = Array.from({ length: APPLICANTS }, (_, i) =>
        fake.world.addUser({ username: `applicant${i}` }),
      );
      const fates = new Map<number, Fate>(
        applicants.map((user) => {
          const r = random();
          return [user.id, r < 0.45 ? 'right' : r < 0.7 ? 'wrong' : 'silent'];
        }),
      );

      // The owner's gate in each circle: one multiple-choice question and a short answer deadline.
      const setup = await openPostgresStore(database.url);
      for (const group of groups) {
        const circle = await setup.circles.ensure(
          { platform: 'telegram', id: String(group.id) },
          group.title ?? null,
          new Date(),
        );
        const settings = defaultCircleSettings();
        await setup.circles.updateSettings(circle.id, {
          ...settings,
          gate: { ...settings.gate, enabled: true, timeoutMs: TIMEOUT_MS },
        });
        await setup.gate.addQuestion(
          circle.id,
          {
            kind: 'choice',
            prompt: 'Which plant gives us tea?',
            options: ['Camellia sinensis', 'Mint'],
            correct: [0],
          },
          10,
        );
      }
      await setup.close();

      // Three processes of the real entry point, each with its own HTTP port, behind one load balancer.
      const dir = mkdtempSync(join(tmpdir(), 'circlebot-multi-'));
      cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
      const configFile = join(dir, 'circlebot.yaml');
      // The fake has no flood limit, and a dead process's jobs should come back within the test.
      writeFileSync(configFile, 'telegram:\n  callsPerSecond: 2000\njobs:\n  pollMs: 200\n  leaseMs: 3000\n');
      const ports = await Promise.all(Array.from({ length: PROCESSES }, () => freePort()));
      const backends = ports.map((port) => `http://127.0.0.1:${port}`);
      const lb: LoadBalancer = await startLoadBalancer({ backends, random, duplicate: 0.05 });
      cleanup.push(() => lb.close());
      for (const port of ports) {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
          cwd: root,
          env: {
            ...process.env,
            CIRCLEBOT_CONFIG: configFile,
            CIRCLEBOT_DB: join(dir, 'unused.db'),
            DATABASE_URL: database.url,
            TELEGRAM_BOT_TOKEN: fake.token,
            // Each process calls the fake under a root of its own, so every call says which process made it.
            TELEGRAM_API_ROOT: `${fake.apiRoot}/via/${port}/`,
            // Telegram posts to the public URL (the load balancer); only its path reaches the processes.
            TELEGRAM_WEBHOOK_URL: 'https://bot.example/telegram/webhook',
            TELEGRAM_WEBHOOK_SECRET: SECRET,
            HTTP_HOST: '127.0.0.1',
            HTTP_PORT: String(port),
            LOG_LEVEL: 'error',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout?.on('data', (d) => process.stderr.write(`[bot ${port}] ${d}`));
        child.stderr?.on('data', (d) => process.stderr.write(`[bot ${port}] ${d}`));
        children.push(child);
        callers.set(child, String(port));
      }
      // Each process sets the webhook once it is listening and knows who it is.
      await until('three processes to start', () => fake.calls('setWebhook').length >= PROCESSES, 60_000);
      const ready = Date.now();

      // Telegram's side: posts an update to the load balancer until it is answered 200.
      const hook = `${lb.url}/telegram/webhook`;
      let nextUpdateId = 1;
      let posted = 0;
      const deliver = async (update: TgUpdateInput & { update_id: number }, again = false) => {
        for (let tries = 0; ; tries++) {
          posted++;
          const status = await fake.deliverWebhook(update, { url: hook, apply: !again && tries === 0 });
          if (status === 200) return;
          if (tries > 30) throw new Error(`update ${update.update_id} still refused: ${status}`);
          await sleep(100);
        }
      };

      const questions = new QuestionIndex(fake);
      let joined = 0;
      let killed: ChildProcess | undefined;
      const later: Array<TgUpdateInput & { update_id: number }> = [];
      const applicant = async (index: number) => {
        const user = applicants[index]!;
        const group = groups[index % CIRCLES]!;
        const request = { update_id: nextUpdateId++, ...fake.build.chatJoinRequest(group.id, user) };
        await deliver(request);
        if (random() < 0.1) later.push(request); // Telegram sends it again after the verdict
        if (++joined === APPLICANTS / 2) {
          // Half-way, one process dies mid-traffic: what it was handling is redelivered elsewhere.
          killed = children[Math.floor(random() * PROCESSES)]!;
          killed.kill('SIGKILL');
        }
        const fate = fates.get(user.id)!;
        if (fate === 'silent') return;
        await until(
          `the question to applicant ${index}`,
          () => questions.find(user.id) !== undefined,
          30_000,
        );
        const call = questions.find(user.id)!;
        const markup = call.params.reply_markup as { inline_keyboard: { callback_data: string }[][] };
        const [right, wrong] = markup.inline_keyboard.flat().map((b) => b.callback_data);
        const message = call.response.result as { message_id: number; chat: { id: number } };
        const press = {
          update_id: nextUpdateId++,
          ...fake.build.callbackQuery(user, message, fate === 'right' ? right! : wrong!),
        };
        await deliver(press);
        if (random() < 0.1) await deliver(press, true); // its 200 was lost: Telegram sends it again
      };

      let next = 0;
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < APPLICANTS) await applicant(next++);
        }),
      );
      for (const request of later) await deliver(request, true);
      const sent = Date.now();

      // Every application gets its verdict, the silent ones at their deadline; then no gate job is left
      // (a verdict's outbox job and a dead process's leased deadlines included).
      const verdictCalls = () => [
        ...fake.calls('approveChatJoinRequest'),
        ...fake.calls('declineChatJoinRequest'),
      ];
      await until(
        'a verdict for every applicant',
        () => new Set(verdictCalls().map((c) => Number(c.params.user_id))).size >= APPLICANTS,
        60_000,
      );
      const db = new pg.Client({ connectionString: database.url });
      await db.connect();
      cleanup.push(() => db.end());
      const openJobs = async () =>
        Number(
          (
            await db.query<{ n: string }>(
              `select count(*) as n from jobs where kind like 'gate.%' and status in ('pending', 'running')`,
            )
          ).rows[0]?.n,
        );
      await until('every gate job to be done', async () => (await openJobs()) === 0, 60_000);
      const settled = Date.now();

      // The live processes stop gracefully.
      const survivors = children.filter((child) => child !== killed);
      for (const child of survivors) child.kill('SIGTERM');
      await Promise.all(survivors.map(exited));

      // From the platform: per applicant, the approve or decline its answers call for, taken once.
      const calls = new Map<number, FakeCall[]>();
      for (const call of verdictCalls()) {
        const user = Number(call.params.user_id);
        calls.set(user, [...(calls.get(user) ?? []), call]);
      }
      const said = (call: FakeCall) =>
        `${call.method.replace('ChatJoinRequest', '')} ${call.status} at +${call.at - ready} ms by ${call.caller}` +
        (call.caller === callers.get(killed!) ? ' (killed)' : '');
      // From the database: each application decided once, as its answers say; each deadline fired once.
      const rows = (
        await db.query<{ user_id: string; state: string; audit: string[]; deadline: string | null }>(
          `select m.user_id, a.state, (select j.status from jobs j where j.key = 'gate.deadline:' || a.id) as deadline,
              array(select l.action || ' at +' || (extract(epoch from l.at) * 1000 - $1)::bigint || ' ms' from audit_log l
                    where l.target_id = m.id and l.action like 'gate.%' order by l.id) as audit
           from applications a join members m on m.id = a.member_id`,
          [ready],
        )
      ).rows;
      expect(rows).toHaveLength(APPLICANTS);
      const byUser = new Map(rows.map((row) => [Number(row.user_id), row]));
      const expected = {
        right: { call: 'approve', state: 'approved', audit: 'gate.approved' },
        wrong: { call: 'decline', state: 'declined', audit: 'gate.declined' },
        silent: { call: 'decline', state: 'expired', audit: 'gate.expired' },
      } as const;
      const problems = applicants.flatMap((user) => {
        const fate = fates.get(user.id)!;
        const want = expected[fate];
        const row = byUser.get(user.id);
        const audit = (row?.audit ?? []).map((line) => line.split(' at ')[0]);
        const got = calls.get(user.id) ?? [];
        const taken = got.filter((call) => call.status === 200);
        // The one repeat there can be: the killed process's call reached Telegram, and it died before
        // committing that it had (see GateFlow.onApplyJob); the verdict's outbox job calls again, and
        // Telegram refuses it as already handled.
        const repeats = got.filter((call) => call.status !== 200);
        const right =
          taken.length === 1 &&
          taken[0]!.method === `${want.call}ChatJoinRequest` &&
          repeats.every(
            (call) =>
              ALREADY_HANDLED.test(call.response.description ?? '') &&
              taken[0]!.caller === callers.get(killed!),
          ) &&
          row?.state === want.state &&
          audit.length === 1 &&
          audit[0] === want.audit &&
          (fate !== 'silent' || row.deadline === 'done');
        return right
          ? []
          : [
              `applicant ${user.id} (${fate}): calls [${got.map(said).join('; ')}], application ${row?.state}, ` +
                `audit [${row?.audit.join('; ')}], deadline job ${row?.deadline}`,
            ];
      });
      expect(problems).toEqual([]);
      for (const group of groups) expect(fake.world.chatRecord(group.id)?.requests.size).toBe(0);
      const failedJobs = await db.query(`select kind, last_error from jobs where status = 'failed'`);
      expect(failedJobs.rows).toEqual([]);

      // Every verdict call says which process made it (the fake's `/via/<tag>/` roots).
      const tags = new Set(callers.values());
      expect(verdictCalls().filter((call) => !tags.has(call.caller ?? ''))).toEqual([]);

      // The run really had a process killed mid-way, retries and duplicates.
      expect(killed?.signalCode).toBe('SIGKILL');
      expect(lb.stats.duplicated).toBeGreaterThan(0);
      const silent = [...fates.values()].filter((f) => f === 'silent').length;
      process.stderr.write(
        `multi-process: ${APPLICANTS} applicants (${silent} silent), ${posted} posts, load balancer ${JSON.stringify(lb.stats)}, ` +
          `${verdictCalls().filter((c) => c.status !== 200).length} verdict calls repeated after the kill and refused as already handled; ` +
          `start ${ready - started} ms, updates ${sent - ready} ms, settled ${settled - sent} ms after\n`,
      );
    }, 170_000);
  },
);
