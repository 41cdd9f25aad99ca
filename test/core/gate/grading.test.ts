import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grade, readChoice, readTypedAnswer } from '../../../src/core/gate/grading.js';
import type { Answer, QuestionSnapshot } from '../../../src/core/gate/repo.js';

const city: QuestionSnapshot = {
  kind: 'choice',
  prompt: 'City?',
  options: ['Beijing', 'Hangzhou'],
  correct: [1],
};
const why: QuestionSnapshot = { kind: 'text', prompt: 'Why?', options: [], correct: [] };

describe('grading an applicant’s answers', () => {
  it('accepts a choice typed as its number or its label', () => {
    expect(readTypedAnswer(city, '2')).toEqual({
      ok: true,
      answer: { text: 'Hangzhou', choice: 1, correct: true },
    });
    expect(readTypedAnswer(city, ' beijing ')).toEqual({
      ok: true,
      answer: { text: 'Beijing', choice: 0, correct: false },
    });
  });

  it('asks again, changing nothing, when a choice answer is not an option', () => {
    expect(readTypedAnswer(city, '3')).toEqual({ ok: false, key: 'answer.err.pickOption' });
    expect(readTypedAnswer(city, 'Paris')).toEqual({ ok: false, key: 'answer.err.pickOption' });
    expect(readTypedAnswer(why, '   ')).toEqual({ ok: false, key: 'answer.err.empty' });
    expect(readTypedAnswer(why, 'x'.repeat(1001))).toEqual({ ok: false, key: 'answer.err.long' });
  });

  it('rejects a forged option number on a button', () => {
    expect(readChoice(city, 7)).toBeNull();
    expect(readChoice(why, 0)).toBeNull();
  });

  it('passes by the passmark, defaulting to every choice question', () => {
    const answers: Answer[] = [{ question: 0, text: 'Hangzhou', choice: 1, correct: true }];
    expect(grade([city, city], answers, null)).toMatchObject({ right: 1, needed: 2, passed: false });
    expect(grade([city, city], answers, 1)).toMatchObject({ passed: true });
    expect(grade([city, why], answers, null)).toMatchObject({ passed: true, hasText: true });
    expect(grade([why], [], 5)).toMatchObject({ needed: 0, passed: true });
  });

  it('never throws on any typed answer', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), fc.boolean(), (text, choice) => {
        const read = readTypedAnswer(choice ? city : why, text);
        expect(typeof read.ok).toBe('boolean');
      }),
    );
  });
});
