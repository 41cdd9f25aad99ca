import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArgs, parseCommandLine } from '../../../src/core/commands/parse.js';
import type { ArgSpec } from '../../../src/core/commands/spec.js';

describe('reading a command line', () => {
  it('splits the name from the arguments, with or without @botname', () => {
    expect(parseCommandLine('/gate minscore 600')).toEqual({ name: 'gate', argsText: 'minscore 600' });
    expect(parseCommandLine('/Ping@circle_bot', 'circle_bot')).toEqual({ name: 'ping', argsText: '' });
  });

  it('ignores commands addressed to another bot and text that is not a command', () => {
    expect(parseCommandLine('/ping@other_bot', 'circle_bot')).toBeNull();
    expect(parseCommandLine('hello /ping')).toBeNull();
    expect(parseCommandLine('/')).toBeNull();
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.option(fc.string()), (text, bot) => {
        const line = parseCommandLine(text, bot ?? undefined);
        if (line) expect(line.name).toMatch(/^[a-z0-9_]+$/);
      }),
    );
  });
});

describe('reading typed arguments', () => {
  const specs: ArgSpec[] = [
    { name: 'count', kind: 'int', min: 1, max: 10 },
    { name: 'mode', kind: 'choice', choices: ['auto', 'review'] },
    { name: 'wait', kind: 'duration', optional: true },
    { name: 'note', kind: 'text', optional: true },
  ];
  const usage = '/x <count> <auto|review> [wait] [note…]';

  it('gives each argument its type', () => {
    expect(parseArgs(specs, '3 REVIEW 10m a long note here', usage)).toEqual({
      ok: true,
      values: { count: 3, mode: 'review', wait: 600_000, note: 'a long note here' },
    });
  });

  it('names the argument that is wrong and what it should be', () => {
    expect(parseArgs(specs, '', usage)).toMatchObject({
      ok: false,
      key: 'command.missingArg',
      params: { arg: 'count' },
    });
    expect(parseArgs(specs, 'x auto', usage)).toMatchObject({ ok: false, key: 'command.badInt' });
    expect(parseArgs(specs, '11 auto', usage)).toMatchObject({ ok: false, key: 'command.intRange' });
    expect(parseArgs(specs, '2 maybe', usage)).toMatchObject({ ok: false, key: 'command.badChoice' });
    expect(parseArgs(specs, '2 auto 10x', usage)).toMatchObject({ ok: false, key: 'command.badDuration' });
    expect(parseArgs([{ name: 'a', kind: 'word' }], 'one two', usage)).toMatchObject({
      ok: false,
      key: 'command.tooManyArgs',
    });
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const result = parseArgs(specs, text, usage);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});
