import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { discordSchema, runsSomeShards } from './config/discord.js';
import {
  flag,
  httpUrl,
  oneOf,
  optionalHttpUrl,
  optionalText,
  text,
  unsetIfEmpty,
  wholeNumber,
} from './config/fields.js';
import { hidePassword, isSecretKey, redactSecrets, scrub, secretsIn } from './config/secrets.js';
import { ConfigError } from './core/errors.js';

/** The settings file used when `CIRCLEBOT_CONFIG` is not set; found from this file, not from the cwd. */
export const defaultConfigFile = fileURLToPath(new URL('../config/circlebot.yaml', import.meta.url));

/** Log levels pino accepts, plus `silent`. */
export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

// ---- schema: every leaf says what it expects; that text ends each error message ----

const providerSchema = z.strictObject({
  name: text(),
  url: httpUrl(),
  secret: text(),
  timeoutMs: wholeNumber(1, 60_000).default(2000),
  ttlSeconds: wholeNumber(0, 31_536_000).optional(),
});

/** An optional webhook signing secret of a given shape; empty means unset (that webhook is off). */
function webhookSecret(expected: string, shape: RegExp) {
  return z.preprocess(
    unsetIfEmpty,
    z
      .string({ error: `expected ${expected}` })
      .trim()
      .regex(shape, { error: `expected ${expected}` })
      .optional(),
  );
}

const settingsSchema = z.strictObject({
  telegram: z
    .strictObject({
      token: optionalText(),
      apiRoot: httpUrl().default('https://api.telegram.org'),
      webhookUrl: optionalHttpUrl(),
      // Telegram's own rule for `secret_token`.
      webhookSecret: z.preprocess(
        unsetIfEmpty,
        z
          .string({ error: 'expected 1-256 characters of A-Z, a-z, 0-9, _ and -' })
          .regex(/^[A-Za-z0-9_-]{1,256}$/, { error: 'expected 1-256 characters of A-Z, a-z, 0-9, _ and -' })
          .optional(),
      ),
      // Telegram's flood limit is per bot: processes sharing one bot split it between them.
      callsPerSecond: wholeNumber(1, 10_000).default(30),
    })
    .prefault({}),
  discord: discordSchema.prefault({}),
  db: z
    .strictObject({
      file: text().default('data/circlebot.db'),
      // Set: the store is PostgreSQL at this URL and `file` is not used.
      url: z.preprocess(
        unsetIfEmpty,
        z
          .url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres:// or postgresql:// URL' })
          .optional(),
      ),
    })
    .prefault({}),
  http: z
    .strictObject({
      enabled: flag().default(true),
      host: text().default('127.0.0.1'),
      port: wholeNumber(0, 65_535).default(8080),
    })
    .prefault({}),
  publicUrl: optionalHttpUrl(),
  // Optional rather than defaulted, so a config without the section reads as before.
  market: z
    .strictObject({
      linkSecret: z.preprocess(
        unsetIfEmpty,
        z
          .string({ error: 'expected at least 16 characters' })
          .trim()
          .min(16, { error: 'expected at least 16 characters' })
          .optional(),
      ),
      stripeWebhookSecret: webhookSecret('a Stripe signing secret starting with whsec_', /^whsec_\S{8,}$/),
      standardWebhookSecret: webhookSecret(
        'a Standard Webhooks secret: whsec_ and base64',
        // Canonical base64 (whole quads, padded), as the standardwebhooks package decodes it; 12+ bytes.
        /^whsec_(?=.{16})(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
      ),
    })
    .optional(),
  log: z.strictObject({ level: oneOf(logLevels).default('info') }).prefault({}),
  console: z.strictObject({ owner: text().default('owner'), circle: text().default('lobby') }).prefault({}),
  jobs: z
    .strictObject({
      pollMs: wholeNumber(10, 3_600_000).default(1000),
      leaseMs: wholeNumber(1000, 86_400_000).default(60_000),
    })
    .prefault({}),
  credit: z
    .strictObject({
      combine: oneOf(['min', 'max', 'mean']).default('min'),
      cacheTtlSeconds: wholeNumber(0, 31_536_000).default(3600),
      providers: z
        .array(providerSchema, { error: 'expected a list of providers' })
        .default([])
        .superRefine((providers, ctx) => {
          const seen = new Set<string>();
          providers.forEach((p, i) => {
            if (seen.has(p.name)) {
              ctx.addIssue({
                code: 'custom',
                path: [i, 'name'],
                message: 'expected a name no other provider has',
              });
            }
            seen.add(p.name);
          });
        }),
    })
    .prefault({}),
});

/** Every setting, checked also across sections. */
export const configSchema = settingsSchema.superRefine((config, ctx) => {
  // Shards in several processes share state only through one database; a SQLite file is one process's own.
  if (runsSomeShards(config.discord) && config.db.url === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['discord', 'shardIds'],
      message:
        'this process would run only some of the Discord shards (or none), and the processes running the others must share its database: set DATABASE_URL (db.url) to a PostgreSQL database (a SQLite file is not shared), or leave shardIds unset to run every shard in this process',
    });
  }
  // One of several processes: each would poll, and Telegram answers only one getUpdates at a time.
  if (runsSomeShards(config.discord) && config.telegram.token && config.telegram.webhookUrl === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['telegram', 'webhookUrl'],
      message:
        'expected a webhook URL: this process runs only some of the Discord shards (or none), so it is one of several processes, and Telegram lets only one of them poll; set TELEGRAM_WEBHOOK_URL in every process (webhook mode behind a load balancer)',
    });
  }
});

/** Validated settings; optional strings are `undefined` when unset, URLs have no trailing slash. */
export type Config = z.output<typeof configSchema>;
export type CreditProviderConfig = z.output<typeof providerSchema>;

/** Environment variables and the key each one sets; a non-empty value wins over the file. */
export const envKeys = {
  TELEGRAM_BOT_TOKEN: 'telegram.token',
  TELEGRAM_API_ROOT: 'telegram.apiRoot',
  TELEGRAM_WEBHOOK_URL: 'telegram.webhookUrl',
  TELEGRAM_WEBHOOK_SECRET: 'telegram.webhookSecret',
  DISCORD_TOKEN: 'discord.token',
  DISCORD_API_ROOT: 'discord.apiRoot',
  DISCORD_SHARD_COUNT: 'discord.shardCount',
  DISCORD_SHARD_IDS: 'discord.shardIds',
  CIRCLEBOT_DB: 'db.file',
  DATABASE_URL: 'db.url',
  HTTP_HOST: 'http.host',
  HTTP_PORT: 'http.port',
  PUBLIC_URL: 'publicUrl',
  MARKET_LINK_SECRET: 'market.linkSecret',
  STRIPE_WEBHOOK_SECRET: 'market.stripeWebhookSecret',
  STANDARD_WEBHOOK_SECRET: 'market.standardWebhookSecret',
  LOG_LEVEL: 'log.level',
} as const;

// ---- loading ----

type Path = ReadonlyArray<PropertyKey>;
type Raw = Record<string, unknown>;

/**
 * Reads the settings file (`CIRCLEBOT_CONFIG`, else `config/circlebot.yaml`), applies the environment and
 * validates. Throws `ConfigError` naming the first bad key, where its value came from and what is expected;
 * secret values never appear in the message.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const given = envValue(env, 'CIRCLEBOT_CONFIG');
  const file = given === undefined ? defaultConfigFile : resolve(given);
  const raw = readSettingsFile(file, given !== undefined);
  const sources = new Map<string, string>();
  substituteEnv(raw, [], env, sources);
  for (const [name, key] of Object.entries(envKeys)) {
    const value = envValue(env, name);
    if (value === undefined) continue;
    if (setAt(raw, key.split('.'), value)) sources.set(key, name);
  }
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  // A misspelt key usually also leaves a required one missing; the spelling is the thing to fix.
  const issues = result.error.issues.toSorted(
    (a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'),
  );
  const [first, ...rest] = issues as [z.core.$ZodIssue, ...z.core.$ZodIssue[]];
  const { key, message } = describeIssue(first, raw, sources);
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
  throw new ConfigError(key, scrub(message + more, secretsIn(raw)), { cause: result.error });
}

/** The config with every token and secret shown as `***`, for logging at start-up. */
export function redactedConfig(config: Config): Config {
  return redactSecrets(config);
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function readSettingsFile(file: string, fromEnv: boolean): Raw {
  const where = fromEnv
    ? `CIRCLEBOT_CONFIG = ${JSON.stringify(file)}`
    : `settings file ${JSON.stringify(file)}`;
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(err);
    throw new ConfigError('CIRCLEBOT_CONFIG', `${where}: cannot read it (${reason})`, { cause: err });
  }
  const doc = parseDocument(source);
  const [error] = doc.errors;
  if (error) {
    // Only the first line: the rest quotes the file, which may hold a token.
    const reason = (error.message.split('\n')[0] ?? error.code).replace(/:$/, '');
    // No `cause`: the parser's error quotes the file, and pino's err serializer prints causes.
    throw new ConfigError('CIRCLEBOT_CONFIG', `${where}: invalid YAML: ${reason}`);
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) return {};
  if (!isRecord(data)) {
    throw new ConfigError('CIRCLEBOT_CONFIG', `${where}: expected a mapping of settings at the top level`);
  }
  return nullsUnset(data) as Raw;
}

/** `key:` with nothing after it in YAML is null; treat it as unset so the default applies. */
function nullsUnset(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(nullsUnset);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, v === null ? undefined : nullsUnset(v)]),
  );
}

/** A file value written exactly as `${NAME}` is replaced by that environment variable. */
function substituteEnv(value: unknown, path: Path, env: NodeJS.ProcessEnv, sources: Map<string, string>) {
  if (!isRecord(value) && !Array.isArray(value)) return;
  for (const [k, v] of Object.entries(value)) {
    const at = [...path, Array.isArray(value) ? Number(k) : k];
    const name = typeof v === 'string' ? /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(v.trim())?.[1] : undefined;
    if (name === undefined) {
      substituteEnv(v, at, env, sources);
      continue;
    }
    const key = dotted(at);
    const replacement = envValue(env, name);
    if (replacement === undefined) {
      throw new ConfigError(
        key,
        `${key} (from ${name}) is unset: expected the environment variable ${name} to be set`,
      );
    }
    (value as Raw)[k] = replacement;
    sources.set(key, name);
  }
}

/** Sets a nested value, creating sections; leaves a non-mapping section alone so validation reports it. */
function setAt(target: Raw, path: string[], value: unknown): boolean {
  let node = target;
  for (const segment of path.slice(0, -1)) {
    node[segment] ??= {};
    const next = node[segment];
    if (!isRecord(next)) return false;
    node = next;
  }
  node[path[path.length - 1] as string] = value;
  return true;
}

// ---- error messages ----

function describeIssue(issue: z.core.$ZodIssue, raw: Raw, sources: Map<string, string>) {
  if (issue.code === 'unrecognized_keys') {
    const key = dotted([...issue.path, issue.keys[0] ?? '?']);
    const known = knownKeys(issue.path);
    const hint = known.length > 0 ? `expected one of ${known.join(', ')}` : 'expected no other keys';
    return { key, message: `${key}: unknown key (check the spelling); ${hint}` };
  }
  const key = dotted(issue.path) || 'settings';
  const source = sources.get(key);
  const from = source ? ` (from ${source})` : '';
  const value = valueAt(raw, issue.path);
  if (value === undefined) return { key, message: `${key}${from} is missing: ${issue.message}` };
  if (issue.code === 'invalid_type' && (issue.expected === 'object' || issue.expected === 'array')) {
    // A scalar where a section belongs may well be a pasted token: say what it was, not what it holds.
    const what = issue.expected === 'object' ? 'a mapping of settings' : 'a list';
    return { key, message: `${key}${from} is ${kindOf(value)}: expected ${what}` };
  }
  return { key, message: `${key}${from} = ${showValue(key, value)}: ${issue.message}` };
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a mapping';
  return `a ${typeof value}`;
}

function showValue(key: string, value: unknown): string {
  if (isSecretKey(key.split('.').at(-1) ?? '')) return '"***"';
  if (typeof value === 'object' && value !== null) return `(${kindOf(value)})`;
  if (typeof value === 'string' && value.length > 80) return '(a long string)';
  if (typeof value === 'string') return JSON.stringify(hidePassword(value));
  return JSON.stringify(value) ?? String(value);
}

/** The keys a mapping in the schema allows, for the unknown-key hint. */
function knownKeys(path: Path): string[] {
  let schema: unknown = configSchema;
  for (const segment of [...path, undefined]) {
    while (
      schema instanceof z.ZodDefault ||
      schema instanceof z.ZodPrefault ||
      schema instanceof z.ZodOptional
    ) {
      schema = schema.unwrap();
    }
    if (segment === undefined) break;
    if (schema instanceof z.ZodArray) schema = schema.element;
    else if (schema instanceof z.ZodObject)
      schema = (schema.shape as Record<string, unknown>)[String(segment)];
    else return [];
  }
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

// ---- helpers ----

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(tree: unknown, path: Path): unknown {
  let node = tree;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

/** `credit.providers[0].url` */
function dotted(path: Path): string {
  return path.reduce<string>(
    (out, segment) =>
      typeof segment === 'number'
        ? `${out}[${segment}]`
        : out
          ? `${out}.${String(segment)}`
          : String(segment),
    '',
  );
}
