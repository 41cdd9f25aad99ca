import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type Config, loadConfig, redactedConfig } from '../src/config.js';
import { ConfigError } from '../src/core/errors.js';
import { createLogger } from '../src/log.js';

const TOKEN = '123456:AAH-very-secret-token_value';

function settingsFile(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'circlebot-config-'));
  const file = join(dir, 'circlebot.yaml');
  writeFileSync(file, yaml);
  return file;
}

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loading settings', () => {
  it('a fresh checkout with no environment gets the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      telegram: { apiRoot: 'https://api.telegram.org', callsPerSecond: 30 },
      discord: { apiRoot: 'https://discord.com/api', messageContent: true },
      db: { file: 'data/circlebot.db' },
      http: { enabled: true, host: '127.0.0.1', port: 8080 },
      log: { level: 'info' },
      console: { owner: 'owner', circle: 'lobby' },
      jobs: { pollMs: 1000, leaseMs: 60_000 },
      credit: { combine: 'min', cacheTtlSeconds: 3600, providers: [] },
    } satisfies Config);
    expect(config.telegram.token).toBeUndefined();
    expect(config.telegram.webhookUrl).toBeUndefined();
    expect(config.publicUrl).toBeUndefined();
  });

  it('the operator overrides the file with environment variables', () => {
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9001/',
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: 'hook_secret-1',
      DISCORD_TOKEN: 'discord-token',
      DISCORD_API_ROOT: 'http://127.0.0.1:9002/api',
      CIRCLEBOT_DB: '/var/lib/circlebot/db.sqlite',
      HTTP_HOST: '0.0.0.0',
      HTTP_PORT: '0',
      PUBLIC_URL: 'https://bot.example.com/',
      LOG_LEVEL: 'debug',
    });
    expect(config.telegram).toEqual({
      token: TOKEN,
      apiRoot: 'http://127.0.0.1:9001',
      webhookUrl: 'https://bot.example.com/telegram/webhook',
      webhookSecret: 'hook_secret-1',
      callsPerSecond: 30,
    });
    expect(config.discord).toEqual({
      token: 'discord-token',
      apiRoot: 'http://127.0.0.1:9002/api',
      messageContent: true,
    });
    expect(config.db.file).toBe('/var/lib/circlebot/db.sqlite');
    expect(config.http).toEqual({ enabled: true, host: '0.0.0.0', port: 0 });
    expect(config.publicUrl).toBe('https://bot.example.com');
    expect(config.log.level).toBe('debug');
  });

  it('an empty environment variable counts as unset', () => {
    const config = loadConfig({ HTTP_PORT: '', LOG_LEVEL: '', TELEGRAM_BOT_TOKEN: '' });
    expect(config.http.port).toBe(8080);
    expect(config.log.level).toBe('info');
    expect(config.telegram.token).toBeUndefined();
  });

  it('CIRCLEBOT_CONFIG points at a production file; keys it leaves out keep their defaults', () => {
    const file = settingsFile(`
http:
  host: 0.0.0.0
  port: 3000
log:
  level: warn
credit:
  combine: mean
  providers:
    - name: acme
      url: https://credit.example.com/v1/score
      secret: \${ACME_SECRET}
      ttlSeconds: 600
`);
    const config = loadConfig({ CIRCLEBOT_CONFIG: file, ACME_SECRET: 'acme-signing-key' });
    expect(config.http).toEqual({ enabled: true, host: '0.0.0.0', port: 3000 });
    expect(config.log.level).toBe('warn');
    expect(config.db.file).toBe('data/circlebot.db');
    expect(config.credit).toEqual({
      combine: 'mean',
      cacheTtlSeconds: 3600,
      providers: [
        {
          name: 'acme',
          url: 'https://credit.example.com/v1/score',
          secret: 'acme-signing-key',
          timeoutMs: 2000,
          ttlSeconds: 600,
        },
      ],
    });
  });

  it('the environment still wins over a CIRCLEBOT_CONFIG file', () => {
    const file = settingsFile('http:\n  port: 3000\n');
    expect(loadConfig({ CIRCLEBOT_CONFIG: file, HTTP_PORT: '4000' }).http.port).toBe(4000);
  });

  it('an empty settings file, or a section left empty, means all defaults', () => {
    expect(loadConfig({ CIRCLEBOT_CONFIG: settingsFile('') }).http.port).toBe(8080);
    expect(
      loadConfig({ CIRCLEBOT_CONFIG: settingsFile('http:\ncredit:\n  providers:\n') }).credit.providers,
    ).toEqual([]);
  });
});

describe('bad settings stop start-up with one line naming the key', () => {
  it('HTTP_PORT=abc names http.port, the variable, the value and the expected range', () => {
    const err = configError({ HTTP_PORT: 'abc' });
    expect(err.key).toBe('http.port');
    expect(err.message).toBe('http.port (from HTTP_PORT) = "abc": expected a whole number from 0 to 65535');
  });

  it('HTTP_PORT=70000 is out of range', () => {
    const err = configError({ HTTP_PORT: '70000' });
    expect(err.key).toBe('http.port');
    expect(err.message).toContain('HTTP_PORT');
    expect(err.message).toContain('70000');
    expect(err.message).toContain('from 0 to 65535');
  });

  it('LOG_LEVEL=loud lists the levels there are', () => {
    const err = configError({ LOG_LEVEL: 'loud' });
    expect(err.key).toBe('log.level');
    expect(err.message).toBe(
      'log.level (from LOG_LEVEL) = "loud": expected one of trace, debug, info, warn, error, fatal, silent',
    );
  });

  it('a bad value in the file is reported without an env variable', () => {
    const err = configError({ CIRCLEBOT_CONFIG: settingsFile('jobs:\n  pollMs: -5\n') });
    expect(err.key).toBe('jobs.pollMs');
    expect(err.message).toBe('jobs.pollMs = -5: expected a whole number from 10 to 3600000');
  });

  it('a typo in a key is rejected, with the keys that section allows', () => {
    const err = configError({ CIRCLEBOT_CONFIG: settingsFile('http:\n  prot: 8080\n') });
    expect(err.key).toBe('http.prot');
    expect(err.message).toContain('unknown key');
    expect(err.message).toContain('enabled, host, port');
  });

  it('a typo in a top-level section is rejected too', () => {
    const err = configError({ CIRCLEBOT_CONFIG: settingsFile('telgram:\n  token: x\n') });
    expect(err.key).toBe('telgram');
    expect(err.message).toContain('telegram');
  });

  it('a credit provider with a non-http URL names its position in the list', () => {
    const file = settingsFile(
      'credit:\n  providers:\n    - name: a\n      url: ftp://x\n      secret: s3cr3t\n',
    );
    const err = configError({ CIRCLEBOT_CONFIG: file });
    expect(err.key).toBe('credit.providers[0].url');
    expect(err.message).toBe('credit.providers[0].url = "ftp://x": expected an http:// or https:// URL');
  });

  it('a missing required field says it is missing', () => {
    const err = configError({
      CIRCLEBOT_CONFIG: settingsFile('credit:\n  providers:\n    - name: a\n      secret: s\n'),
    });
    expect(err.key).toBe('credit.providers[0].url');
    expect(err.message).toContain('is missing');
  });

  it('a file value that refers to an unset environment variable is an error naming both', () => {
    const file = settingsFile(`credit:
  providers:
    - name: a
      url: https://x.test
      secret: \${NOPE}
`);
    const err = configError({ CIRCLEBOT_CONFIG: file });
    expect(err.key).toBe('credit.providers[0].secret');
    expect(err.message).toContain('NOPE');
  });

  it('a CIRCLEBOT_CONFIG file that does not exist', () => {
    const err = configError({ CIRCLEBOT_CONFIG: join(tmpdir(), 'circlebot-no-such-dir', 'x.yaml') });
    expect(err.key).toBe('CIRCLEBOT_CONFIG');
    expect(err.message).toContain('no such file');
    expect(err.message).not.toContain('\n');
  });

  it('invalid YAML is rejected with its line, on one line', () => {
    const err = configError({ CIRCLEBOT_CONFIG: settingsFile('http:\n  port: [8080\nlog: {\n') });
    expect(err.key).toBe('CIRCLEBOT_CONFIG');
    expect(err.message).toContain('invalid YAML');
    expect(err.message).toMatch(/line \d+/);
    expect(err.message).not.toContain('\n');
  });

  it('a file that is a list, not a mapping, is rejected', () => {
    const err = configError({ CIRCLEBOT_CONFIG: settingsFile('- http\n- log\n') });
    expect(err.key).toBe('CIRCLEBOT_CONFIG');
  });
});

describe('tokens and secrets stay out of messages and logs', () => {
  it('an error elsewhere does not echo the token', () => {
    const err = configError({ TELEGRAM_BOT_TOKEN: TOKEN, HTTP_PORT: 'abc' });
    expect(err.message).not.toContain(TOKEN);
  });

  it('an invalid webhook secret is shown as ***', () => {
    const err = configError({ TELEGRAM_WEBHOOK_SECRET: 'has spaces, not allowed' });
    expect(err.key).toBe('telegram.webhookSecret');
    expect(err.message).toBe(
      'telegram.webhookSecret (from TELEGRAM_WEBHOOK_SECRET) = "***": expected 1-256 characters of A-Z, a-z, 0-9, _ and -',
    );
  });

  it('payment webhook secrets come from the environment, and a malformed one names its key without echoing it', () => {
    const standard = `whsec_${Buffer.from('a-standard-webhooks-secret').toString('base64')}`;
    const config = loadConfig({
      STRIPE_WEBHOOK_SECRET: 'whsec_abcdefgh1234',
      STANDARD_WEBHOOK_SECRET: standard,
    });
    expect(config.market?.stripeWebhookSecret).toBe('whsec_abcdefgh1234');
    expect(config.market?.standardWebhookSecret).toBe(standard);
    expect(JSON.stringify(redactedConfig(config))).not.toContain('whsec_abcdefgh1234');

    const err = configError({ STRIPE_WEBHOOK_SECRET: 'sk_live_oops_this_is_an_api_key' });
    expect(err.key).toBe('market.stripeWebhookSecret');
    expect(err.message).toBe(
      'market.stripeWebhookSecret (from STRIPE_WEBHOOK_SECRET) = "***": expected a Stripe signing secret starting with whsec_',
    );
    expect(configError({ STANDARD_WEBHOOK_SECRET: 'whsec_not base64!' }).key).toBe(
      'market.standardWebhookSecret',
    );
  });

  it('a Standard Webhooks secret must be whole base64, so a cut-off paste stops start-up rather than the route', () => {
    const key = Buffer.from('twenty-four-random-bytes').toString('base64'); // 32 characters
    expect(loadConfig({ STANDARD_WEBHOOK_SECRET: `whsec_${key}` }).market?.standardWebhookSecret).toBe(
      `whsec_${key}`,
    );
    for (const bad of [`whsec_${key.slice(0, -1)}`, key, 'whsec_====', `whsec_${key}===`, 'whsec_c2hvcnQ=']) {
      const err = configError({ STANDARD_WEBHOOK_SECRET: bad });
      expect(err.key, bad).toBe('market.standardWebhookSecret');
      expect(err.message, bad).toBe(
        'market.standardWebhookSecret (from STANDARD_WEBHOOK_SECRET) = "***": expected a Standard Webhooks secret: whsec_ and base64',
      );
    }
  });

  it('payment webhook secrets in the settings file are redacted wherever config is shown or logged', () => {
    const stripe = 'whsec_file_stripe_secret_0123';
    const standard = `whsec_${Buffer.from('a-file-standard-webhooks-key').toString('base64')}`;
    const file = settingsFile(
      `market:\n  stripeWebhookSecret: ${stripe}\n  standardWebhookSecret: ${standard}\n`,
    );
    const config = loadConfig({ CIRCLEBOT_CONFIG: file });
    expect(config.market).toEqual({ stripeWebhookSecret: stripe, standardWebhookSecret: standard });
    expect(redactedConfig(config).market).toEqual({
      stripeWebhookSecret: '***',
      standardWebhookSecret: '***',
    });

    let logged = '';
    const log = createLogger('info', {
      pretty: false,
      destination: new Writable({
        write(chunk, _enc, done) {
          logged += String(chunk);
          done();
        },
      }),
    });
    log.info({ market: config.market }, 'settings');
    log.info({ config }, 'settings, nested');
    expect(logged).not.toContain(stripe);
    expect(logged).not.toContain(standard);
    expect(logged).toContain('"stripeWebhookSecret":"***"');
  });

  it('a token written where a section belongs is not echoed', () => {
    const err = configError({ CIRCLEBOT_CONFIG: settingsFile(`telegram: "${TOKEN}"\n`) });
    expect(err.key).toBe('telegram');
    expect(err.message).toBe('telegram is a string: expected a mapping of settings');
  });

  it('a token in a broken YAML line is not echoed', () => {
    const err = configError({ CIRCLEBOT_CONFIG: settingsFile(`telegram: token: ${TOKEN}\n`) });
    expect(err.key).toBe('CIRCLEBOT_CONFIG');
    expect(err.message).not.toContain(TOKEN);
  });

  it('a token pasted into another setting is scrubbed from the message', () => {
    const err = configError({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_URL: `not a url ${TOKEN}` });
    expect(err.key).toBe('telegram.webhookUrl');
    expect(err.message).not.toContain(TOKEN);
  });

  it('redactedConfig shows every secret as *** and keeps everything else', () => {
    const file = settingsFile(
      'credit:\n  providers:\n    - name: a\n      url: https://user:pw@x.test\n      secret: provider-secret\n',
    );
    const config = loadConfig({
      CIRCLEBOT_CONFIG: file,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_URL: `https://bot.example.com/hook/${TOKEN}`,
      TELEGRAM_WEBHOOK_SECRET: 'hooksecret',
      DISCORD_TOKEN: 'discord-token-value',
    });
    const redacted = redactedConfig(config);
    const text = JSON.stringify(redacted);
    for (const secret of [TOKEN, 'hooksecret', 'discord-token-value', 'provider-secret', ':pw@']) {
      expect(text).not.toContain(secret);
    }
    expect(redacted.telegram.token).toBe('***');
    expect(redacted.telegram.webhookUrl).toBe('https://bot.example.com/hook/***');
    expect(redacted.credit.providers[0]?.secret).toBe('***');
    expect(redacted.credit.providers[0]?.url).toBe('https://user:***@x.test');
    expect(redacted.http).toEqual(config.http);
    expect(config.telegram.token).toBe(TOKEN);
  });
});

describe('Discord shards', () => {
  it('unset, the bot runs one shard; auto or a number runs every shard in this process, on SQLite too', () => {
    expect(loadConfig({}).discord.shardCount).toBeUndefined();
    expect(loadConfig({ DISCORD_SHARD_COUNT: 'auto' }).discord.shardCount).toBe('auto');
    expect(loadConfig({ DISCORD_SHARD_COUNT: '4' }).discord).toMatchObject({ shardCount: 4 });
    expect(loadConfig({ DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: '0, 1' }).discord).toMatchObject({
      shardCount: 2,
      shardIds: [0, 1],
    });
  });

  it('a process running some of the shards shares a PostgreSQL database with the others', () => {
    const config = loadConfig({
      DISCORD_SHARD_COUNT: '4',
      DISCORD_SHARD_IDS: '2,3',
      DATABASE_URL: 'postgres://bot:pw@db.internal/circlebot',
    });
    expect(config.discord).toMatchObject({ shardCount: 4, shardIds: [2, 3] });
  });

  it('a process may run no shard (none): Discord over REST for the jobs it claims, beside shard processes', () => {
    const db = { DATABASE_URL: 'postgres://db.internal/circlebot' };
    expect(loadConfig({ ...db, DISCORD_SHARD_IDS: 'none' }).discord.shardIds).toEqual([]);
    expect(configError({ DISCORD_SHARD_IDS: 'none' }).key).toBe('discord.shardIds');
  });

  it('some of the shards on a SQLite file is refused: the other processes could not share it', () => {
    const err = configError({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '0,1' });
    expect(err.key).toBe('discord.shardIds');
    expect(err.message).toMatch(/^discord\.shardIds \(from DISCORD_SHARD_IDS\) = "0,1": .*set DATABASE_URL/);
    expect(err.message).toContain('a SQLite file is not shared');
  });

  it('shard ids need the total count, within it, each once; the count is auto or a whole number', () => {
    const db = { DATABASE_URL: 'postgres://db.internal/circlebot' };
    expect(configError({ ...db, DISCORD_SHARD_IDS: '0' }).message).toContain(
      'expected discord.shardCount (DISCORD_SHARD_COUNT) to be set',
    );
    expect(configError({ ...db, DISCORD_SHARD_COUNT: 'auto', DISCORD_SHARD_IDS: '0' }).key).toBe(
      'discord.shardIds',
    );
    expect(configError({ ...db, DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: '2' }).message).toContain(
      'expected shard ids from 0 to 1 (discord.shardCount is 2)',
    );
    expect(configError({ ...db, DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '1,1' }).message).toContain(
      'expected each shard id once',
    );
    expect(configError({ DISCORD_SHARD_COUNT: 'many' }).message).toBe(
      'discord.shardCount (from DISCORD_SHARD_COUNT) = "many": expected auto or a whole number from 1 to 100000',
    );
    expect(configError({ DISCORD_SHARD_COUNT: '0' }).key).toBe('discord.shardCount');
  });
});

describe('Discord shards beside Telegram', () => {
  const oneOfSeveral = {
    DISCORD_SHARD_COUNT: '2',
    DISCORD_SHARD_IDS: '1',
    DATABASE_URL: 'postgres://db.internal/circlebot',
    TELEGRAM_BOT_TOKEN: TOKEN,
  };

  it('a process running some of the shards takes Telegram by webhook, as every process can', () => {
    const config = loadConfig({
      ...oneOfSeveral,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/telegram/webhook',
    });
    expect(config.telegram.webhookUrl).toBe('https://bot.example.com/telegram/webhook');
  });

  it('long polling there is refused: the other processes would poll too, and Telegram answers only one', () => {
    const err = configError(oneOfSeveral);
    expect(err.key).toBe('telegram.webhookUrl');
    expect(err.message).toMatch(/^telegram\.webhookUrl\b.*: expected a webhook URL: .*TELEGRAM_WEBHOOK_URL/);
    expect(err.message).not.toContain(TOKEN);
  });
});
