import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQuestion } from '../../../src/core/gate/questions.js';

describe('an owner writing an entry question', () => {
  it('marks each correct option with a star', () => {
    expect(parseQuestion('Which city hosts our meetups? | Beijing | *Hangzhou | Shanghai')).toEqual({
      ok: true,
      question: {
        kind: 'choice',
        prompt: 'Which city hosts our meetups?',
        options: ['Beijing', 'Hangzhou', 'Shanghai'],
        correct: [1],
      },
    });
    expect(parseQuestion('Pick teas | *Longjing | *Biluochun | Pu-erh')).toMatchObject({
      question: { correct: [0, 1] },
    });
  });

  it('makes a free-text question when there are no options', () => {
    expect(parseQuestion('Why do you want to join?')).toMatchObject({
      ok: true,
      question: { kind: 'text', options: [] },
    });
  });

  it('gets a clear reason for each malformed question', () => {
    expect(parseQuestion('  ')).toMatchObject({ ok: false, key: 'question.err.empty' });
    expect(parseQuestion('Q? | *only')).toMatchObject({ ok: false, key: 'question.err.oneOption' });
    expect(parseQuestion('Q? | a | b')).toMatchObject({ ok: false, key: 'question.err.noCorrect' });
    expect(parseQuestion('Q? | a | | *b')).toMatchObject({
      ok: false,
      key: 'question.err.optionEmpty',
      params: { n: 2 },
    });
    expect(parseQuestion('Q? | a | *A')).toMatchObject({ ok: false, key: 'question.err.duplicateOption' });
    expect(parseQuestion(`${'x'.repeat(301)} | a | *b`)).toMatchObject({
      ok: false,
      key: 'question.err.promptLong',
    });
    expect(parseQuestion(`Q? | ${Array.from({ length: 11 }, (_, i) => `*o${i}`).join(' | ')}`)).toMatchObject(
      {
        ok: false,
        key: 'question.err.tooManyOptions',
      },
    );
  });

  it('never throws, and a parsed choice question always has a correct option among its options', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), (input) => {
        const parsed = parseQuestion(input);
        if (parsed.ok && parsed.question.kind === 'choice') {
          expect(parsed.question.correct.length).toBeGreaterThan(0);
          for (const c of parsed.question.correct) expect(parsed.question.options[c]).toBeDefined();
        }
      }),
    );
  });
});
