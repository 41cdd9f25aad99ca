/** Longest fingerprint kept, in code points: bounds both the work per comparison and the stored state. */
export const MAX_FINGERPRINT = 100;
/** Only this much of a message (UTF-16 units) is read: spam longer than this is judged by its head. */
const MAX_READ = 1000;

const CONTENT = /^[\p{L}\p{N}\p{M}\p{Extended_Pictographic}]$/u;
const SPACE = /^\s$/u;

/**
 * The part of a text that the similarity rule compares: NFKC, lower case, punctuation and spacing dropped,
 * repeated characters, words and short units collapsed (`Heyyy!! gm gm` → `heygm`, `哈哈哈` → `哈`,
 * `hahaha` → `ha`), at most `MAX_FINGERPRINT` code points. A text of punctuation only keeps its collapsed
 * punctuation (`!!!` → `!`). Media-only messages give `''`. Pure, never throws, one pass over the text.
 */
export function fingerprint(text: string): string {
  const lower = (text.length > MAX_READ ? text.slice(0, MAX_READ) : text).normalize('NFKC').toLowerCase();
  const print: number[] = [];
  const marks: number[] = [];
  let wordStart = 0;
  let lastWordStart = 0;
  let lastWordEnd = 0;
  let lastChar = -1;
  const endWord = () => {
    if (print.length === wordStart) return;
    if (sameRun(print, lastWordStart, lastWordEnd, wordStart, print.length)) print.length = wordStart;
    else {
      lastWordStart = wordStart;
      lastWordEnd = print.length;
    }
    wordStart = print.length;
  };
  for (let i = 0; i < lower.length; ) {
    const code = lower.codePointAt(i) ?? 0;
    const size = code > 0xffff ? 2 : 1;
    const char = code < 0x80 ? '' : lower.slice(i, i + size);
    i += size;
    if (isContent(code, char)) {
      if (code !== lastChar) print.push(code);
      lastChar = code;
      continue;
    }
    endWord();
    lastChar = -1;
    if (!isSpace(code, char) && marks.at(-1) !== code) marks.push(code);
  }
  endWord();
  const units = collapseUnits(print.length > 0 ? print : marks);
  let out = '';
  for (let i = 0; i < units.length && i < MAX_FINGERPRINT; i++)
    out += String.fromCodePoint(units[i] as number);
  return out;
}

/** Whether `list[a, aEnd)` and `list[b, bEnd)` hold the same values. */
function sameRun(list: readonly number[], a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (let i = 0; i < aEnd - a; i++) if (list[a + i] !== list[b + i]) return false;
  return true;
}

/**
 * Collapses a unit of 2–4 characters repeated back to back into one (`hahaha` → `ha`), scanning left to
 * right and preferring the shortest unit, as `/(.{2,4}?)\1+/g` would, in linear time.
 */
function collapseUnits(points: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < points.length; ) {
    let unit = 0;
    for (let size = 2; size <= 4 && unit === 0; size++) {
      if (i + 2 * size <= points.length && sameRun(points, i, i + size, i + size, i + 2 * size)) unit = size;
    }
    if (unit === 0) {
      out.push(points[i] as number);
      i += 1;
      continue;
    }
    for (let k = 0; k < unit; k++) out.push(points[i + k] as number);
    i += unit;
    while (i + unit <= points.length && sameRun(points, i - unit, i, i, i + unit)) i += unit;
  }
  return out;
}

function isContent(code: number, char: string): boolean {
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a);
  return CONTENT.test(char);
}

function isSpace(code: number, char: string): boolean {
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return SPACE.test(char);
}

/**
 * How alike two texts are, in [0, 1]: the Dice coefficient of the character bigrams of their fingerprints,
 * taken over 4096-bit bigram signatures (cheap to compare; hash collisions move a score by a few hundredths
 * at most on average, for the longest prints). `gm gm gm` and `gm!!` give 1; unrelated sentences stay near 0; CJK works since it
 * needs no spaces. Pure, symmetric, never throws, linear in the texts.
 */
export function similarity(a: string, b: string): number {
  return compareFingerprints(fingerprint(a), fingerprint(b));
}

/** `similarity` for two texts that are already fingerprints. Two empty prints are alike (1). */
export function compareFingerprints(a: string, b: string): number {
  return a === b ? 1 : highestSimilarity(a, [b]);
}

/** The highest `similarity` between a fingerprint and any of `others` (0 when there are none). */
export function highestSimilarity(print: string, others: readonly string[]): number {
  if (others.length === 0) return 0;
  if (others.includes(print)) return 1;
  const mine = signature(print, MINE, null).size;
  let best = 0;
  for (const other of others) {
    // Short prints are compared exactly: there one hash collision would move the score a lot.
    if (print.length <= EXACT_UP_TO || other.length <= EXACT_UP_TO) {
      best = Math.max(best, exactDice(print, other));
      continue;
    }
    const theirs = signature(other, THEIRS, MINE);
    if (mine > 0 && theirs.size > 0) best = Math.max(best, (2 * theirs.shared) / (mine + theirs.size));
  }
  return best;
}

/** Prints this short (code units) are compared bigram by bigram, with no hashing. */
const EXACT_UP_TO = 24;

/** The Dice coefficient of two prints' distinct bigrams (a one-character print is its character). */
function exactDice(a: string, b: string): number {
  const grams = (print: string) => {
    const points = [...print];
    if (points.length === 1) return new Set(points);
    const set = new Set<string>();
    for (let i = 1; i < points.length; i++) set.add(`${points[i - 1]}${points[i]}`);
    return set;
  };
  const x = grams(a);
  const y = grams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared += 1;
  return (2 * shared) / (x.size + y.size);
}

const WORDS = 128;
// Scratch signatures, filled and read within one synchronous call: they never escape it.
const MINE = new Uint32Array(WORDS);
const THEIRS = new Uint32Array(WORDS);

/**
 * Writes the signature of a print into `bits` (cleared first): one of 4096 bits per distinct character
 * bigram, or for a one-character print one bit for the character. Returns how many bits it set and how
 * many of them are also set in `against`.
 */
function signature(
  print: string,
  bits: Uint32Array,
  against: Uint32Array | null,
): { size: number; shared: number } {
  bits.fill(0);
  const count = { size: 0, shared: 0 };
  let previous = -1;
  for (let i = 0; i < print.length; ) {
    const code = print.codePointAt(i) ?? 0;
    i += code > 0xffff ? 2 : 1;
    if (previous >= 0)
      mark(Math.imul(Math.imul(previous, 0x9e3779b1) ^ code, 0x85ebca6b) >>> 20, bits, against, count);
    previous = code;
  }
  if (count.size === 0 && previous >= 0)
    mark(Math.imul(previous ^ 0x5bd1e995, 0x85ebca6b) >>> 20, bits, against, count);
  return count;
}

/** Sets bit `h` (0–4095) unless already set, counting it, and counting it as shared when `against` has it. */
function mark(
  h: number,
  bits: Uint32Array,
  against: Uint32Array | null,
  count: { size: number; shared: number },
) {
  const word = h >>> 5;
  const bit = 1 << (h & 31);
  if (((bits[word] as number) & bit) !== 0) return;
  bits[word] = (bits[word] as number) | bit;
  count.size += 1;
  if (against !== null && ((against[word] as number) & bit) !== 0) count.shared += 1;
}
