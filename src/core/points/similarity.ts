/** Longest fingerprint kept, in code points: bounds both the work per comparison and the stored state. */
export const MAX_FINGERPRINT = 100;
/** Only this much of a message (UTF-16 units) is read: spam longer than this is judged by its head. */
const MAX_READ = 1000;

const CONTENT = /^[\p{L}\p{N}\p{M}\p{Extended_Pictographic}]$/u;
const SPACE = /^\s$/u;
const SHORT_UNIT_RUN = /(.{2,4}?)\1+/gsu;

/**
 * The part of a text that the similarity rule compares: NFKC, lower case, punctuation and spacing dropped,
 * repeated characters, words and short units collapsed (`Heyyy!! gm gm` → `heygm`, `哈哈哈` → `哈`,
 * `hahaha` → `ha`), at most `MAX_FINGERPRINT` code points. A text of punctuation only keeps its collapsed
 * punctuation (`!!!` → `!`). Media-only messages give `''`. Pure, never throws, one pass over the text.
 */
export function fingerprint(text: string): string {
  const lower = (text.length > MAX_READ ? text.slice(0, MAX_READ) : text).normalize('NFKC').toLowerCase();
  let print = '';
  let word = '';
  let lastWord = '';
  let lastChar = '';
  let marks = '';
  for (let i = 0; i < lower.length; ) {
    const code = lower.codePointAt(i) ?? 0;
    const size = code > 0xffff ? 2 : 1;
    const char = lower.slice(i, i + size);
    i += size;
    if (isContent(code, char)) {
      if (char !== lastChar) word += char;
      lastChar = char;
      continue;
    }
    if (word !== '' && word !== lastWord) print += word;
    if (word !== '') lastWord = word;
    word = '';
    lastChar = '';
    if (!isSpace(code, char) && !marks.endsWith(char)) marks += char;
  }
  if (word !== '' && word !== lastWord) print += word;
  print = (print === '' ? marks : print).replace(SHORT_UNIT_RUN, '$1');
  return print.length > MAX_FINGERPRINT ? Array.from(print).slice(0, MAX_FINGERPRINT).join('') : print;
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
 * taken over 2048-bit bigram signatures (a hash collision can only raise a score, on average by about 0.05
 * for the longest prints). `gm gm gm` and `gm!!` give 1; unrelated sentences stay near 0; CJK works since it
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
  let best = 0;
  let mine: Uint32Array | null = null;
  let mineSize = 0;
  const theirs = new Uint32Array(WORDS);
  for (const other of others) {
    if (other === print) return 1;
    if (mine === null) {
      mine = new Uint32Array(WORDS);
      mineSize = sign(print, mine);
    }
    const size = sign(other, theirs);
    if (mineSize === 0 || size === 0) continue;
    let shared = 0;
    for (let i = 0; i < WORDS; i++) shared += bitCount((mine[i] as number) & (theirs[i] as number));
    best = Math.max(best, (2 * shared) / (mineSize + size));
  }
  return best;
}

const WORDS = 64;

/**
 * Writes the signature of a print into `bits` (cleared first): one bit per distinct character bigram, or
 * for a one-character print one bit for the character. Returns how many bits are set.
 */
function sign(print: string, bits: Uint32Array): number {
  bits.fill(0);
  let previous = -1;
  for (let i = 0; i < print.length; ) {
    const code = print.codePointAt(i) ?? 0;
    i += code > 0xffff ? 2 : 1;
    if (previous >= 0) {
      const h = Math.imul(Math.imul(previous, 0x9e3779b1) ^ code, 0x85ebca6b) >>> 21;
      bits[h >>> 5] = (bits[h >>> 5] as number) | (1 << (h & 31));
    }
    previous = code;
  }
  let set = 0;
  for (let i = 0; i < WORDS; i++) set += bitCount(bits[i] as number);
  if (set === 0 && previous >= 0) {
    const h = Math.imul(previous ^ 0x5bd1e995, 0x85ebca6b) >>> 21;
    bits[h >>> 5] = 1 << (h & 31);
    set = 1;
  }
  return set;
}

function bitCount(word: number): number {
  let x = word - ((word >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
