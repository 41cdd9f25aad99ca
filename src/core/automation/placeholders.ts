/** The placeholders a welcome text may use. */
export const PLACEHOLDERS = ['name', 'circle', 'rules'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** `{word}`: a placeholder. A brace not around a single word (`:-{`, `{ }`) is plain text. */
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]{0,31})\}/g;

const isPlaceholder = (word: string): word is Placeholder =>
  (PLACEHOLDERS as readonly string[]).includes(word);

/** The first `{word}` in a template that is not a known placeholder (as typed), or `null` when all are. */
export function unknownPlaceholder(template: string): string | null {
  for (const [, word] of template.matchAll(PLACEHOLDER)) {
    if (!isPlaceholder(word!.toLowerCase())) return word!;
  }
  return null;
}

/**
 * Fills a template in one pass: the values are never read as templates themselves, so a member named
 * `{rules}` stays `{rules}`. Placeholders are case-insensitive; an unknown one is left as typed.
 */
export function renderTemplate(template: string, values: Readonly<Record<Placeholder, string>>): string {
  return template.replace(PLACEHOLDER, (whole, word: string) => {
    const key = word.toLowerCase();
    return isPlaceholder(key) ? values[key] : whole;
  });
}
