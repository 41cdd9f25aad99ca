const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
const INVISIBLE = /^[\s\p{Cc}\p{Cf}]*$/u;

/**
 * How many visible characters `text` holds, counting user-perceived characters (graphemes): `你好吗` is 3,
 * `👨‍👩‍👧` is 1, and whitespace, control and zero-width characters are 0. Stops counting at `atMost`, so a
 * length check on a long message costs only what it reads. Never throws.
 */
export function visibleLength(text: string, atMost = Number.POSITIVE_INFINITY): number {
  if (atMost <= 0) return 0;
  const ascii = asciiPrefixLength(text, atMost);
  if (ascii !== null) return ascii;
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
 * The fast path for the common case: in plain ASCII every printable character starts its own grapheme,
 * so counting them is exact. Returns the count once it reaches `atMost` or the text ends, and `null` at
 * the first non-ASCII unit before that (the segmenter then reads the whole text).
 */
function asciiPrefixLength(text: string, atMost: number): number | null {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) return null;
    if (code > 0x20 && code !== 0x7f) {
      count += 1;
      if (count >= atMost) return count;
    }
  }
  return count;
}
