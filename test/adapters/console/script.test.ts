import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConsoleLine } from '../../../adapters/console/script.js';

describe('the console line format', () => {
  it('reads who says what, in the group or privately', () => {
    expect(parseConsoleLine('alice: hello')).toEqual({
      kind: 'say',
      who: 'alice',
      private: false,
      text: 'hello',
    });
    expect(parseConsoleLine('alice dm: Hangzhou')).toEqual({
      kind: 'say',
      who: 'alice',
      private: true,
      text: 'Hangzhou',
    });
    expect(parseConsoleLine('just talking')).toEqual({
      kind: 'say',
      who: null,
      private: null,
      text: 'just talking',
    });
  });

  it('reads actions', () => {
    expect(parseConsoleLine('bob joins')).toEqual({ kind: 'join', who: 'bob' });
    expect(parseConsoleLine('bob leaves')).toEqual({ kind: 'leave', who: 'bob' });
    expect(parseConsoleLine('bob presses 2')).toEqual({ kind: 'press', who: 'bob', button: 2 });
    expect(parseConsoleLine('bob reacts 👍')).toEqual({ kind: 'react', who: 'bob', emoji: '👍' });
    expect(parseConsoleLine('owner promotes bob')).toEqual({ kind: 'promote', who: 'owner', target: 'bob' });
    expect(parseConsoleLine('.as bob')).toEqual({ kind: 'as', who: 'bob' });
    expect(parseConsoleLine('# a comment')).toEqual({ kind: 'blank' });
  });

  it('explains a line it cannot act out', () => {
    expect(parseConsoleLine('bob presses two')).toMatchObject({ kind: 'error' });
    expect(parseConsoleLine('.fly')).toMatchObject({ kind: 'error' });
  });

  it('never throws, whatever the line', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (line) => {
        expect(parseConsoleLine(line).kind).toBeTruthy();
      }),
    );
  });
});
