import { parseDuration } from '../duration.js';
import type { MessageKey } from '../i18n/index.js';
import type { ArgSpec } from './spec.js';

export interface CommandLine {
  readonly name: string;
  readonly argsText: string;
}

const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?(?:\s+([\s\S]*))?$/;

/**
 * Splits `/name@bot args` into name and arguments. Returns `null` when the text is not a command or
 * is addressed to another bot. Never throws.
 */
export function parseCommandLine(text: string, botUsername?: string): CommandLine | null {
  const match = COMMAND.exec(text.trim());
  if (!match) return null;
  const [, name, addressee, rest] = match;
  if (addressee && botUsername && addressee.toLowerCase() !== botUsername.toLowerCase()) return null;
  return { name: name!.toLowerCase(), argsText: (rest ?? '').trim() };
}

export type ArgsResult =
  | { readonly ok: true; readonly values: Record<string, unknown> }
  | { readonly ok: false; readonly key: MessageKey; readonly params: Record<string, string | number> };

/** Splits off the first word: `mode auto` → [`mode`, `auto`]. */
export function firstWord(text: string): [string, string] {
  const trimmed = text.trim();
  const at = trimmed.search(/\s/);
  return at < 0 ? [trimmed, ''] : [trimmed.slice(0, at), trimmed.slice(at).trim()];
}

/**
 * Reads positional arguments by their specs. Every failure is a message key with parameters for the
 * user; nothing here throws, whatever the string.
 */
export function parseArgs(specs: readonly ArgSpec[], text: string, usage: string): ArgsResult {
  const values: Record<string, unknown> = {};
  let rest = text.trim();
  for (const spec of specs) {
    if (rest === '') {
      if (spec.optional) {
        values[spec.name] = undefined;
        continue;
      }
      return { ok: false, key: 'command.missingArg', params: { arg: spec.name, usage } };
    }
    let raw: string;
    if (spec.kind === 'text') {
      raw = rest;
      rest = '';
    } else {
      [raw, rest] = firstWord(rest);
    }
    const value = readValue(spec, raw);
    if (!value.ok) return value;
    values[spec.name] = value.value;
  }
  if (rest !== '') return { ok: false, key: 'command.tooManyArgs', params: { usage } };
  return { ok: true, values };
}

type ValueResult = { ok: true; value: unknown } | Extract<ArgsResult, { ok: false }>;

function readValue(spec: ArgSpec, raw: string): ValueResult {
  switch (spec.kind) {
    case 'word':
    case 'text':
      return { ok: true, value: raw };
    case 'int': {
      if (!/^[-+]?\d{1,15}$/.test(raw)) {
        return { ok: false, key: 'command.badInt', params: { arg: spec.name, value: clip(raw) } };
      }
      const n = Number(raw);
      const min = spec.min ?? Number.MIN_SAFE_INTEGER;
      const max = spec.max ?? Number.MAX_SAFE_INTEGER;
      if (n < min || n > max)
        return { ok: false, key: 'command.intRange', params: { arg: spec.name, min, max } };
      return { ok: true, value: n };
    }
    case 'choice': {
      const choice = spec.choices.find((c) => c.toLowerCase() === raw.toLowerCase());
      if (choice === undefined) {
        return {
          ok: false,
          key: 'command.badChoice',
          params: { arg: spec.name, value: clip(raw), choices: spec.choices.join(', ') },
        };
      }
      return { ok: true, value: choice };
    }
    case 'duration': {
      const ms = parseDuration(raw);
      if (ms === null)
        return { ok: false, key: 'command.badDuration', params: { arg: spec.name, value: clip(raw) } };
      return { ok: true, value: ms };
    }
  }
}

/** Echoes user input back in messages without letting a huge string through. */
export function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
