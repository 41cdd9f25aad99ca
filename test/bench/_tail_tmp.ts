import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { startBenchBot } from './bot.js';

const noCkpt = process.argv.includes('--no-checkpoint');
if (noCkpt) {
  const prep = Database.prototype.prepare;
  const done = new WeakSet<object>();
  Database.prototype.prepare = function (this: any, s: string) {
    if (!done.has(this)) {
      done.add(this);
      this.pragma('wal_autocheckpoint = 0');
    }
    return prep.call(this, s);
  } as any;
}
const n = 1500;
const bot = await startBenchBot();
const f = (l: string) => bot.console.feed(l);
for (const l of [
  'owner: /question add Which city? | Beijing | *Hangzhou | Shanghai',
  'owner: /question add Tea? | *Longjing | Pu-erh',
  'owner: /gate minscore 500',
  'owner: /gate on',
])
  await f(l);
for (let i = 0; i < n; i++) await f(`u${i} dm: /credit`);
const lat: number[] = [];
const walSize: number[] = [];
const prevWal = 0;
const walResets: number[] = [];
for (let i = 0; i < n; i++) {
  await f(`u${i} joins`);
  await f(`u${i} presses 2`);
  const t = performance.now();
  await f(`u${i} presses 1`);
  lat.push(performance.now() - t);
  const w = statSync(bot.dbFile + '-wal').size;
  walSize.push(w);
  await new Promise((r) => setImmediate(r));
}
const sorted = [...lat].sort((a, b) => a - b);
const p = (q: number) => sorted[Math.ceil(q * n) - 1]!.toFixed(2);
console.log(
  noCkpt ? 'autocheckpoint OFF' : 'autocheckpoint default (1000 pages)',
  'p50',
  p(0.5),
  'p90',
  p(0.9),
  'p99',
  p(0.99),
  'max',
  sorted[n - 1]!.toFixed(2),
  'final wal MiB',
  (walSize[n - 1]! / 1048576).toFixed(1),
);
const slow = lat
  .map((l, i) => [l, i] as const)
  .filter(([l]) => l > Number(p(0.99)))
  .map(([l, i]) => `${i}:${l.toFixed(1)}`);
console.log('slow (index:ms)', slow.join(' '));
await bot.stop();
