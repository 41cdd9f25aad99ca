import { type Circle, circleName } from '../circle.js';
import { formatDuration } from '../duration.js';
import { labelOf } from '../format.js';
import { type Lang, t, tDynamic } from '../i18n/index.js';
import type { Button, OutMessage, QuestionStep } from '../port.js';
import type { MemberRecord } from '../repos.js';
import { type AnswerRead, MAX_ANSWER } from './grading.js';
import type { Application, QuestionSnapshot } from './repo.js';

/* How the gate puts questions, answers' errors and credit factors into words and forms. Pure. */

/** Button data of the Apply button (platforms with forms). */
export const APPLY_BUTTON = 'gate:apply';

/** Button data for answering question `q` of application `id` with option `opt`. */
export const answerData = (id: number, q: number, opt: number) => `gate:a:${id}:${q}:${opt}`;

/** Reads `answerData` back; null for anything else (a forged or mangled button). */
export function parseAnswerData(data: string): { id: number; q: number; opt: number } | null {
  const match = /^gate:a:(\d{1,12}):(\d{1,2}):(\d{1,2})$/.exec(data);
  if (!match) return null;
  const [id, q, opt] = match.slice(1).map(Number) as [number, number, number];
  return { id, q, opt };
}

/** The private message asking the applicant's next question, after the intro when it is the first. */
export function questionMessage(circle: Circle, application: Application, first: boolean): OutMessage {
  const lang = circle.lang;
  const index = application.answers.length;
  const question = application.questions[index]!;
  const lines: string[] = [];
  if (first) {
    lines.push(
      t(lang, 'gate.ask.intro', {
        circle: circleName(circle),
        count: application.questions.length,
        time: formatDuration(circle.settings.gate.timeoutMs),
      }),
      '',
    );
  }
  lines.push(questionText(lang, question, index, application.questions.length));
  const buttons: Button[][] =
    question.kind === 'choice'
      ? question.options.map((label, opt) => [{ label, data: answerData(application.id, index, opt) }])
      : [];
  return { text: lines.join('\n'), buttons };
}

/** The invitation in the circle to open the application form (platforms with forms). */
export function applyInvitation(
  circle: Circle,
  applicant: MemberRecord,
  application: Application,
): OutMessage {
  const lang = circle.lang;
  const text = t(lang, 'gate.ask.introForm', {
    member: labelOf(applicant),
    circle: circleName(circle),
    count: application.questions.length,
    time: formatDuration(circle.settings.gate.timeoutMs),
  });
  return { text, buttons: [[{ label: t(lang, 'gate.apply'), data: APPLY_BUTTON }]] };
}

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
