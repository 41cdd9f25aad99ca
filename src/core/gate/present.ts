import { type Circle, circleName } from '../circle.js';
import { type Lang, t, tDynamic } from '../i18n/index.js';
import type { QuestionStep } from '../port.js';
import { type AnswerRead, MAX_ANSWER } from './grading.js';
import type { Application, QuestionSnapshot } from './repo.js';

/* How the gate puts questions, answers' errors and credit factors into words and forms. Pure. */

/** The next questions to show at once: consecutive text questions (a modal holds 5), or one choice. */
export function questionStep(circle: Circle, application: Application): QuestionStep {
  const first = application.answers.length;
  const shown: QuestionSnapshot[] = [];
  for (let i = first; i < application.questions.length && shown.length < 5; i++) {
    const q = application.questions[i]!;
    if (q.kind === 'choice' ? shown.length > 0 : shown[0]?.kind === 'choice') break;
    shown.push(q);
    if (q.kind === 'choice') break;
  }
  const counter = ` (${first + 1}/${application.questions.length})`;
  const name = circleName(circle);
  return {
    applicationId: application.id,
    first,
    total: application.questions.length,
    title: `${name.slice(0, 45 - counter.length)}${counter}`,
    labels: { next: t(circle.lang, 'gate.apply.next'), choose: t(circle.lang, 'gate.apply.choose') },
    questions: shown.map(({ kind, prompt, options }) => ({ kind, prompt, options })),
  };
}

export function questionText(lang: Lang, question: QuestionSnapshot, index: number, total: number): string {
  const head = t(lang, 'gate.ask.question', { n: index + 1, total, prompt: question.prompt });
  if (question.kind === 'text') return `${head}\n${t(lang, 'gate.ask.textHint')}`;
  const options = question.options.map((o, i) => `${i + 1}. ${o}`).join('\n');
  return `${head}\n${options}\n${t(lang, 'gate.ask.choiceHint')}`;
}

export function factorSummary(factors: ReadonlyArray<{ key: string; points: number }>): string {
  const moved = factors.filter((f) => f.points !== 0 && f.key !== 'base' && f.key !== 'external');
  return moved.length === 0
    ? ''
    : `: ${moved.map((f) => `${f.key} ${f.points > 0 ? '+' : ''}${f.points}`).join(', ')}`;
}

export function answerError(
  lang: Lang,
  key: Extract<AnswerRead, { ok: false }>['key'],
  question: QuestionSnapshot,
): string {
  return tDynamic(lang, key, { count: question.options.length, max: MAX_ANSWER });
}
