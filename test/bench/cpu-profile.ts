/**
 * Where the time went in a V8 `.cpuprofile` (from `node --cpu-prof --import tsx test/bench/run.ts`):
 * `npx tsx test/bench/cpu-profile.ts <file> [--top 30] [--filter text]`. Prints self time by function,
 * self time by file/package, and inclusive time by function (each sample counted once per function on
 * its stack, so recursion is not double-counted). `--filter` keeps functions whose name or url contains it.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, ...rest] = process.argv.slice(2);
if (!file) throw new Error('usage: tsx test/bench/cpu-profile.ts <file.cpuprofile> [--top N] [--filter s]');
const option = (name: string) => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : undefined;
};
const top = Number(option('--top') ?? 30);
const filter = option('--filter');

const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

/** `node_modules/<pkg>` for dependencies, the repo-relative path for our files, else the url or kind. */
function whereOf(url: string): string {
  const dep = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dep) return `dep:${dep[1]}`;
  const ours = /\/main\/(.*)$/.exec(url);
  if (ours) return ours[1]!;
  return url === '' ? '(native/vm)' : url.replace(/^node:/, 'node:');
}
const keyOf = (n: ProfileNode) => {
  const { functionName, url, lineNumber } = n.callFrame;
  return `${functionName || '(anonymous)'}  ${whereOf(url)}:${lineNumber + 1}`;
};

const self = new Map<string, number>();
const selfByWhere = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

for (let i = 0; i < profile.samples.length; i++) {
  const delta = (profile.timeDeltas[i] ?? 0) / 1000;
  const leaf = byId.get(profile.samples[i]!);
  if (!leaf) continue;
  total += delta;
  add(self, keyOf(leaf), delta);
  add(selfByWhere, whereOf(leaf.callFrame.url) || leaf.callFrame.functionName, delta);
  const seen = new Set<string>();
  for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
    const key = keyOf(byId.get(id)!);
    if (!seen.has(key)) {
      seen.add(key);
      add(inclusive, key, delta);
    }
  }
}

const show = (title: string, m: Map<string, number>, keep = (_k: string) => true) => {
  console.log(`\n${title} (of ${(total / 1000).toFixed(1)} s sampled)`);
  const rows = [...m].filter(([k]) => keep(k)).sort((a, b) => b[1] - a[1]);
  for (const [k, v] of rows.slice(0, top)) {
    console.log(`${v.toFixed(0).padStart(8)} ms ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
  }
};
const keep = (k: string) => filter === undefined || k.includes(filter);
show('self time by function', self, keep);
show('self time by file or package', selfByWhere);
show('inclusive time by function', inclusive, keep);
