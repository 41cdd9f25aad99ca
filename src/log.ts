import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import pretty from 'pino-pretty';
import type { LogLevel } from './config.js';

/** Keys whose values never reach a log line, at any depth up to `redactDepth`. */
const secretKeys = [
  'token',
  'botToken',
  'accessToken',
  'secret',
  'webhookSecret',
  'stripeWebhookSecret',
  'standardWebhookSecret',
  'clientSecret',
  'password',
  'authorization',
  'Authorization',
  'x-telegram-bot-api-secret-token',
  'stripe-signature',
  'webhook-signature',
];
const redactDepth = 5;

/** `token`, `*.token`, `*.*.token`, … — pino's redact matches one level per wildcard. */
export const redactPaths: string[] = secretKeys.flatMap((key) => {
  const leaf = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  return Array.from({ length: redactDepth }, (_, depth) => {
    if (depth === 0) return leaf;
    const prefix = Array.from({ length: depth }, () => '*').join('.');
    return leaf.startsWith('[') ? `${prefix}${leaf}` : `${prefix}.${leaf}`;
  });
});

export interface LoggerOpts {
  /** Human-readable lines instead of JSON; defaults to whether stdout is a terminal. */
  pretty?: boolean;
  /** Where lines go; defaults to stdout. */
  destination?: DestinationStream;
}

/**
 * pino writing JSON to stdout (or pretty lines on a terminal), with tokens, secrets and authorization
 * headers shown as `***`. Pretty output is an in-process stream, not a worker transport, so nothing is
 * lost when the process exits right after a line.
 */
export function createLogger(level: LogLevel, opts: LoggerOpts = {}): Logger {
  const options: LoggerOptions = { level, redact: { paths: redactPaths, censor: '***' } };
  const usePretty = opts.pretty ?? process.stdout.isTTY === true;
  if (usePretty) {
    return pino(options, pretty({ sync: true, destination: opts.destination ?? 1 }));
  }
  return opts.destination ? pino(options, opts.destination) : pino(options);
}
