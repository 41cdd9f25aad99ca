const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
const INVISIBLE = /^[\s\p{Cc}\p{Cf}]*$/u;

/**
 * How many visible characters `text` holds, counting user-perceived characters (graphemes): `你好吗` is 3,
 * `👨‍👩‍👧` is 1, and whitespace, control and zero-width characters are 0. Stops counting at `atMost`, so a
 * length check on a long message costs only what it reads. Never throws.
 */
export function visibleLength(text: string, atMost = Number.POSITIVE_INFINITY): number {
  if (atMost <= 0) return 0;
  const simple = simplePrefixLength(text, atMost);
  if (simple !== null) return simple;
  let count = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (INVISIBLE.test(segment)) continue;
    count += 1;
    if (count >= atMost) break;
  }
  return count;
}

/** Whether `text` has at least `min` visible characters (see `visibleLength`). Never throws. */
export function isLongEnough(text: string, min: number): boolean {
  if (min <= 0) return true;
  // A grapheme is at least one UTF-16 unit: a short string cannot be long enough.
  if (text.length < min) return false;
  return visibleLength(text, min) >= min;
}

/**
 * The fast path for the common scripts: a character from `startsGrapheme` or `isPictograph` always begins a grapheme of its
 * own (no rule joins it to what came before), so counting them is exact. Returns the count once it reaches
 * `atMost` or the text ends, and `null` at the first other character before that (the segmenter then reads
 * the whole text).
 */
function simplePrefixLength(text: string, atMost: number): number | null {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0x3000) continue;
    if (code >= 0xd800 && code <= 0xdbff) {
      if (!isPictograph(text.codePointAt(i) ?? 0)) return null;
      i += 1;
    } else if (!startsGrapheme(code)) {
      return null;
    }
    count += 1;
    if (count >= atMost) return count;
  }
  return count;
}

/**
 * Visible characters that never combine with what precedes them: ASCII, Latin-1 and Latin Extended
 * letters, basic Cyrillic, general punctuation (dashes, quotes, ellipsis), CJK punctuation, kana, CJK
 * ideographs, Hangul syllables and full-width forms. Checked against `Intl.Segmenter` by the tests.
 */
function startsGrapheme(code: number): boolean {
  if (code < 0x80) return code > 0x20 && code < 0x7f;
  if (code < 0x250) return code >= 0xa1 && code !== 0xad;
  if (code < 0x3000) return (code >= 0x400 && code <= 0x481) || (code >= 0x2010 && code <= 0x2027);
  return (
    (code >= 0x3001 && code <= 0x3029) ||
    (code >= 0x3041 && code <= 0x3096) ||
    (code >= 0x30a1 && code <= 0x30ff) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xff01 && code <= 0xff60)
  );
}

/**
 * Emoji and symbols of the supplementary plane from U+1F300 on, less the skin-tone modifiers (which join
 * the emoji before them): each begins a grapheme of its own. A modifier, variation selector or joiner
 * after one sends the text to the segmenter, which sees the whole sequence.
 */
function isPictograph(codePoint: number): boolean {
  return codePoint >= 0x1f300 && codePoint <= 0x1faff && !(codePoint >= 0x1f3fb && codePoint <= 0x1f3ff);
}
