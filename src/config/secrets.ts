/** Keeping tokens, secrets and passwords out of what circlebot prints: start-up logs, errors, doctor. */

/** A key whose value is a secret (`telegram.token`, `market.stripeWebhookSecret`, `…password`). */
export const isSecretKey = (key: string) => /token|secret|password|authorization/i.test(key);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every non-trivial secret value in a settings tree, so other strings (a webhook URL) can be scrubbed. */
export function secretsIn(tree: unknown, key = ''): string[] {
  if (typeof tree === 'string') return isSecretKey(key) && tree.length >= 4 ? [tree] : [];
  if (Array.isArray(tree)) return tree.flatMap((v) => secretsIn(v, key));
  if (isRecord(tree)) return Object.entries(tree).flatMap(([k, v]) => secretsIn(v, k));
  return [];
}

/** `text` with every one of `secrets` replaced by `***`. */
export function scrub(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join('***'), text);
}

/** `https://user:pass@host` → `https://user:***@host` (any scheme: `postgres://` too) */
export function hidePassword(value: string): string {
  return value.replace(/^([a-z][a-z\d+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

/**
 * A copy of a settings tree with every secret shown as `***`: values under secret keys, those values
 * wherever else they appear (a URL with the token in it), and passwords in URLs.
 */
export function redactSecrets<T>(tree: T): T {
  const secrets = secretsIn(tree);
  const walk = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') return isSecretKey(key) ? '***' : scrub(hidePassword(value), secrets);
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  return walk(tree, '') as T;
}
