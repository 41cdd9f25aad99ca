import type { Answer, QuestionSnapshot } from './repo.js';

export const MAX_ANSWER = 1000;

export type AnswerRead =
  | { readonly ok: true; readonly answer: Omit<Answer, 'question'> }
  | { readonly ok: false; readonly key: 'answer.err.pickOption' | 'answer.err.empty' | 'answer.err.long' };

/**
 * Turns what an applicant typed into an answer. For a choice question the text may be the option's
 * number or its label (any case); anything else asks them to pick again. Never throws.
 */
export function readTypedAnswer(question: QuestionSnapshot, typed: string): AnswerRead {
  const text = typed.trim();
  if (text === '') return { ok: false, key: 'answer.err.empty' };
  if (question.kind === 'text') {
    if (text.length > MAX_ANSWER) return { ok: false, key: 'answer.err.long' };
    return { ok: true, answer: { text, choice: null, correct: null } };
  }
  let choice = -1;
  if (/^\d{1,2}$/.test(text)) choice = Number(text) - 1;
  else choice = question.options.findIndex((o) => o.toLowerCase() === text.toLowerCase());
  if (choice < 0 || choice >= question.options.length) return { ok: false, key: 'answer.err.pickOption' };
  return readChoice(question, choice) ?? { ok: false, key: 'answer.err.pickOption' };
}

/** The answer for option `choice` (0-based), or `null` when the question has no such option. */
export function readChoice(question: QuestionSnapshot, choice: number): AnswerRead | null {
  const label = question.kind === 'choice' ? question.options[choice] : undefined;
  if (label === undefined) return null;
  return { ok: true, answer: { text: label, choice, correct: question.correct.includes(choice) } };
}

export interface Grade {
  /** Choice questions answered right. */
  readonly right: number;
  /** Choice questions in the application. */
  readonly choiceCount: number;
  /** How many must be right (the passmark, capped at the number of choice questions). */
  readonly needed: number;
  readonly passed: boolean;
  /** Whether any text answer waits for an admin to read. */
  readonly hasText: boolean;
}

/** Grades the answers against the passmark (`null` = every choice question). Never throws. */
export function grade(
  questions: readonly QuestionSnapshot[],
  answers: readonly Answer[],
  passmark: number | null,
): Grade {
  const choiceCount = questions.filter((q) => q.kind === 'choice').length;
  const right = answers.filter((a) => a.correct === true).length;
  const needed = Math.min(passmark ?? choiceCount, choiceCount);
  return {
    right,
    choiceCount,
    needed,
    passed: right >= needed,
    hasText: questions.some((q) => q.kind === 'text'),
  };
}
