import { parseDuration } from '../duration.js';
import { MAX_OPTIONS, parseQuestion } from '../gate/questions.js';
import type { NewQuestion } from '../gate/repo.js';
import {
  type Checked,
  checkTimeout,
  type Refusal,
  readCooldown,
  readMinScore,
  readPassmark,
} from '../gate/setting-values.js';
import { type GateSettings, gateSettingsSchema, MAX_SCORE, MIN_SCORE } from '../gate/settings.js';
import type { MemberRef } from '../refs.js';

/** A refusal to show beside the form: a message-catalog key (gate's own where the chat commands have one). */
export type FormError = Refusal;

export type FormResult<T> = Checked<T>;

/** The gate settings form's fields, as the browser sends them (every value a string). */
export type GateForm = Readonly<Record<string, string | undefined>>;

const clip = (text: string, max = 40) => (text.length > max ? `${text.slice(0, max)}…` : text);
const fail = (
  key: string,
  params: Record<string, string | number> = {},
): { ok: false; error: FormError } => ({
  ok: false,
  error: { key, params },
});

function choice<const C extends readonly string[]>(
  form: GateForm,
  name: string,
  choices: C,
): FormResult<C[number] | undefined> {
  const raw = form[name]?.trim();
  if (raw === undefined || raw === '') return { ok: true, value: undefined };
  const found = choices.find((c) => c === raw.toLowerCase());
  if (found === undefined) {
    return fail('command.badChoice', { arg: name, value: clip(raw), choices: choices.join(', ') });
  }
  return { ok: true, value: found };
}

/**
 * Reads the gate form into new settings with the rules of the `/gate` commands: the same ranges, words and
 * messages (`/gate timeout` 1 minute–7 days, `passmark` 0–10 or all, `cooldown` a duration or off…), then
 * checks the result against the settings schema. A field left out keeps its value. Turning the gate on
 * with no reviewer set makes `admin` the reviewer, as `/gate on` does. Never throws.
 */
export function readGateForm(
  current: GateSettings,
  form: GateForm,
  admin: MemberRef,
): FormResult<GateSettings> {
  const next: { -readonly [K in keyof GateSettings]: GateSettings[K] } = { ...current };

  const enabled = choice(form, 'enabled', ['on', 'off'] as const);
  if (!enabled.ok) return enabled;
  if (enabled.value !== undefined) next.enabled = enabled.value === 'on';
  if (next.enabled && !current.enabled) next.reviewAdmin = current.reviewAdmin ?? admin;

  const mode = choice(form, 'mode', ['auto', 'review'] as const);
  if (!mode.ok) return mode;
  if (mode.value) next.mode = mode.value;

  if (form.minScore !== undefined) {
    const min = readMinScore(form.minScore.trim() === '' ? 'off' : form.minScore);
    if (!min.ok) return min;
    next.minScore = min.value;
  }

  const verified = choice(form, 'requireVerified', ['on', 'off'] as const);
  if (!verified.ok) return verified;
  if (verified.value !== undefined) next.requireVerified = verified.value === 'on';

  const timeout = form.timeout?.trim();
  if (timeout) {
    const ms = parseDuration(timeout);
    if (ms === null) return fail('command.badDuration', { arg: 'timeout', value: clip(timeout) });
    const checked = checkTimeout(ms);
    if (!checked.ok) return checked;
    next.timeoutMs = checked.value;
  }

  const onTimeout = choice(form, 'onTimeout', ['decline', 'review'] as const);
  if (!onTimeout.ok) return onTimeout;
  if (onTimeout.value) next.onTimeout = onTimeout.value;

  const onDecline = choice(form, 'onDecline', ['remove', 'keep'] as const);
  if (!onDecline.ok) return onDecline;
  if (onDecline.value) next.onDecline = onDecline.value;

  const passmark = form.passmark?.trim();
  if (passmark) {
    const checked = readPassmark(passmark);
    if (!checked.ok) return checked;
    next.passmark = checked.value;
  }

  const cooldown = form.cooldown?.trim();
  if (cooldown) {
    const checked = readCooldown(cooldown, 'cooldown');
    if (!checked.ok) return checked;
    next.cooldownMs = checked.value;
  }

  const failPolicy = choice(form, 'failPolicy', ['review', 'decline', 'allow'] as const);
  if (!failPolicy.ok) return failPolicy;
  if (failPolicy.value) next.failPolicy = failPolicy.value;

  const floor = form.vouchMinScore?.trim();
  if (floor) {
    if (!/^\d{1,4}$/.test(floor)) return fail('command.badInt', { arg: 'vouchfloor', value: clip(floor) });
    if (Number(floor) < MIN_SCORE || Number(floor) > MAX_SCORE) {
      return fail('command.intRange', { arg: 'vouchfloor', min: MIN_SCORE, max: MAX_SCORE });
    }
    next.vouchMinScore = Number(floor);
  }

  const checked = gateSettingsSchema.safeParse(next);
  if (!checked.success) return fail('dashboard.err.settings');
  return { ok: true, value: checked.data };
}

/** The question form: a prompt, and options one per line with `*` marking each right one (none: written). */
export interface QuestionForm {
  readonly prompt?: string | undefined;
  readonly options?: string | undefined;
}

/**
 * Reads the question form through `parseQuestion`, the parser of `/question add`, so the same limits and
 * messages apply. `|` (the command's separator) is refused inside a field rather than split on.
 */
export function readQuestionForm(form: QuestionForm): FormResult<NewQuestion> {
  const prompt = (form.prompt ?? '').trim();
  const options = (form.options ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (prompt === '') return fail('dashboard.question.err.empty');
  if ([prompt, ...options].some((field) => field.includes('|'))) return fail('dashboard.question.err.pipe');
  if (options.length > MAX_OPTIONS) return fail('question.err.tooManyOptions', { max: MAX_OPTIONS });
  const parsed = parseQuestion([prompt, ...options].join(' | '));
  return parsed.ok ? { ok: true, value: parsed.question } : fail(parsed.key, parsed.params);
}

/** A question shown back in the form: its options one per line, `*` before each right one. */
export function questionFormOf(question: NewQuestion): { prompt: string; options: string } {
  return {
    prompt: question.prompt,
    options: question.options.map((o, i) => (question.correct.includes(i) ? `*${o}` : o)).join('\n'),
  };
}
