import type { NewQuestion } from './repo.js';

export const MAX_QUESTIONS = 10;
export const MAX_PROMPT = 300;
export const MAX_OPTION = 100;
export const MAX_OPTIONS = 10;

export type QuestionParse =
  | { readonly ok: true; readonly question: NewQuestion }
  | { readonly ok: false; readonly key: QuestionError; readonly params: Record<string, string | number> };

export type QuestionError =
  | 'question.err.empty'
  | 'question.err.promptLong'
  | 'question.err.oneOption'
  | 'question.err.optionEmpty'
  | 'question.err.optionLong'
  | 'question.err.tooManyOptions'
  | 'question.err.duplicateOption'
  | 'question.err.noCorrect';

/**
 * Reads `Which city? | Beijing | *Hangzhou | Shanghai`: a `*` marks each correct option; no options
 * makes a free-text question. Never throws, whatever the string.
 */
export function parseQuestion(input: string): QuestionParse {
  const parts = input.split('|').map((p) => p.trim());
  const prompt = parts[0] ?? '';
  if (prompt === '') return { ok: false, key: 'question.err.empty', params: {} };
  if (prompt.length > MAX_PROMPT)
    return { ok: false, key: 'question.err.promptLong', params: { max: MAX_PROMPT } };
  const raw = parts.slice(1);
  if (raw.length === 0) return { ok: true, question: { kind: 'text', prompt, options: [], correct: [] } };
  if (raw.length === 1) return { ok: false, key: 'question.err.oneOption', params: {} };
  if (raw.length > MAX_OPTIONS)
    return { ok: false, key: 'question.err.tooManyOptions', params: { max: MAX_OPTIONS } };

  const options: string[] = [];
  const correct: number[] = [];
  for (const [i, part] of raw.entries()) {
    const marked = part.startsWith('*');
    const label = (marked ? part.slice(1) : part).trim();
    if (label === '') return { ok: false, key: 'question.err.optionEmpty', params: { n: i + 1 } };
    if (label.length > MAX_OPTION)
      return { ok: false, key: 'question.err.optionLong', params: { max: MAX_OPTION } };
    if (options.some((o) => o.toLowerCase() === label.toLowerCase())) {
      return { ok: false, key: 'question.err.duplicateOption', params: { option: label.slice(0, 40) } };
    }
    if (marked) correct.push(options.length);
    options.push(label);
  }
  if (correct.length === 0) return { ok: false, key: 'question.err.noCorrect', params: {} };
  return { ok: true, question: { kind: 'choice', prompt, options, correct } };
}
