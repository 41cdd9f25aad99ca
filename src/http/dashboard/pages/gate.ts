import type { Circle } from '../../../core/circle.js';
import { questionFormOf } from '../../../core/dashboard/gate-form.js';
import { formatDuration } from '../../../core/duration.js';
import type { EntryQuestion } from '../../../core/gate/repo.js';
import type { GateSettings } from '../../../core/gate/settings.js';
import type { TextKey } from '../../../core/i18n/index.js';
import { html, type SafeHtml } from '../html.js';
import { circlePath, csrfField, type Flash, page, type View } from '../layout.js';

/** The gate form's values as text: what the settings are, or what was just sent and refused. */
export type GateValues = Readonly<Record<string, string>>;

export function gateValues(gate: GateSettings): GateValues {
  const onOff = (b: boolean) => (b ? 'on' : 'off');
  return {
    enabled: onOff(gate.enabled),
    mode: gate.mode,
    minScore: gate.minScore === null ? 'off' : String(gate.minScore),
    requireVerified: onOff(gate.requireVerified),
    timeout: formatDuration(gate.timeoutMs),
    onTimeout: gate.onTimeout,
    onDecline: gate.onDecline,
    passmark: gate.passmark === null ? 'all' : String(gate.passmark),
    cooldown: gate.cooldownMs === 0 ? 'off' : formatDuration(gate.cooldownMs),
    failPolicy: gate.failPolicy,
    vouchMinScore: String(gate.vouchMinScore),
  };
}

/** A question form being redone after a refusal: which one (`new` for the add form) and what was sent. */
export interface QuestionDraft {
  readonly position: number | 'new';
  readonly prompt: string;
  readonly options: string;
}

export interface GatePageData {
  readonly circle: Circle;
  readonly values: GateValues;
  readonly questions: readonly EntryQuestion[];
  readonly draft?: QuestionDraft;
  readonly flash?: Flash;
}

function select(view: View, name: string, value: string, choices: ReadonlyArray<readonly [string, TextKey]>) {
  return html`<select id="${name}" name="${name}">${choices.map(
    ([choice, label]) =>
      html`<option value="${choice}"${choice === value ? html` selected` : null}>${view.t(label)}</option>`,
  )}</select>`;
}

function field(view: View, name: string, label: TextKey, control: SafeHtml, hint?: TextKey) {
  return html`<label for="${name}">${view.t(label)}${hint ? html`<span class="hint">${view.t(hint)}</span>` : null}</label>${control}`;
}

const text = (name: string, value: string, inputmode?: string) =>
  html`<input type="text" id="${name}" name="${name}" value="${value}"${inputmode ? html` inputmode="${inputmode}"` : null} autocomplete="off">`;

function questionFields(view: View, id: string, prompt: string, options: string): SafeHtml {
  const { t } = view;
  return html`<label for="${id}-prompt">${t('dashboard.questions.prompt')}</label>
    <input type="text" id="${id}-prompt" name="prompt" value="${prompt}" maxlength="300" required>
    <label for="${id}-options">${t('dashboard.questions.options')}<span class="hint">${t('dashboard.questions.options.hint')}</span></label>
    <textarea id="${id}-options" name="options">${options}</textarea>`;
}

/** The gate: its settings form, the entry questions with edit and remove, and a form to add one. */
export function gatePage(view: View, data: GatePageData): string {
  const { t } = view;
  const { circle, values, draft } = data;
  const onOff: ReadonlyArray<readonly [string, TextKey]> = [
    ['on', 'dashboard.choice.on'],
    ['off', 'dashboard.choice.off'],
  ];
  const base = circlePath(circle, 'gate');
  const settings = html`<form class="stack card" method="post" action="${base}">${csrfField(view)}
    ${field(view, 'enabled', 'dashboard.gate.enabled', select(view, 'enabled', values.enabled ?? '', onOff))}
    ${field(
      view,
      'mode',
      'dashboard.gate.mode',
      select(view, 'mode', values.mode ?? '', [
        ['auto', 'dashboard.gate.mode.auto'],
        ['review', 'dashboard.gate.mode.review'],
      ]),
    )}
    ${field(view, 'minScore', 'dashboard.gate.minScore', text('minScore', values.minScore ?? ''), 'dashboard.gate.minScore.hint')}
    ${field(view, 'requireVerified', 'dashboard.gate.requireVerified', select(view, 'requireVerified', values.requireVerified ?? '', onOff))}
    ${field(view, 'timeout', 'dashboard.gate.timeout', text('timeout', values.timeout ?? ''), 'dashboard.gate.timeout.hint')}
    ${field(
      view,
      'onTimeout',
      'dashboard.gate.onTimeout',
      select(view, 'onTimeout', values.onTimeout ?? '', [
        ['decline', 'dashboard.choice.decline'],
        ['review', 'dashboard.choice.review'],
      ]),
    )}
    ${field(view, 'passmark', 'dashboard.gate.passmark', text('passmark', values.passmark ?? ''), 'dashboard.gate.passmark.hint')}
    ${field(view, 'cooldown', 'dashboard.gate.cooldown', text('cooldown', values.cooldown ?? ''), 'dashboard.gate.cooldown.hint')}
    ${field(
      view,
      'failPolicy',
      'dashboard.gate.failPolicy',
      select(view, 'failPolicy', values.failPolicy ?? '', [
        ['review', 'dashboard.choice.review'],
        ['decline', 'dashboard.choice.decline'],
        ['allow', 'dashboard.choice.allow'],
      ]),
    )}
    ${field(view, 'vouchMinScore', 'dashboard.gate.vouchMinScore', text('vouchMinScore', values.vouchMinScore ?? '', 'numeric'))}
    ${field(
      view,
      'onDecline',
      'dashboard.gate.onDecline',
      select(view, 'onDecline', values.onDecline ?? '', [
        ['remove', 'dashboard.choice.remove'],
        ['keep', 'dashboard.choice.keep'],
      ]),
    )}
    <div class="actions"><button type="submit">${t('dashboard.gate.save')}</button></div>
  </form>`;

  const questions = data.questions.map((q) => {
    const form = draft?.position === q.position ? draft : questionFormOf(q);
    const options =
      q.kind === 'text'
        ? html`<span class="tag">${t('dashboard.questions.written')}</span>`
        : html`<ul>${q.options.map((o, i) => html`<li${q.correct.includes(i) ? html` class="right"` : null}>${o}${q.correct.includes(i) ? ' ✓' : ''}</li>`)}</ul>`;
    return html`<div class="card" id="q${q.position}">
      <strong>${q.position}. ${q.prompt}</strong> ${options}
      <details${draft?.position === q.position ? html` open` : null}><summary>${t('dashboard.questions.edit')}</summary>
        <form class="stack" method="post" action="${base}/questions/${q.position}">${csrfField(view)}
          ${questionFields(view, `q${q.position}`, form.prompt, form.options)}
          <div class="actions"><button type="submit">${t('dashboard.questions.save')}</button></div>
        </form>
      </details>
      <form class="inline" method="post" action="${base}/questions/${q.position}/remove">${csrfField(view)}
        <div class="actions"><button class="danger" type="submit" data-confirm="${t('dashboard.questions.removeConfirm')}">${t('dashboard.questions.remove')}</button></div>
      </form>
    </div>`;
  });
  const fresh = draft?.position === 'new' ? draft : { prompt: '', options: '' };
  const add = html`<form class="stack card" method="post" action="${base}/questions">${csrfField(view)}
    ${questionFields(view, 'new', fresh.prompt, fresh.options)}
    <div class="actions"><button type="submit">${t('dashboard.questions.add')}</button></div>
  </form>`;

  return page(view, {
    title: t('dashboard.nav.gate'),
    circle,
    tab: 'gate',
    flash: data.flash ?? null,
    body: html`<h2>${t('dashboard.gate.settings')}</h2>${settings}
      <h2>${t('dashboard.questions.title')}</h2>
      ${data.questions.length === 0 ? html`<p class="muted">${t('dashboard.questions.none')}</p>` : questions}
      <h2>${t('dashboard.questions.add')}</h2>${add}`,
  });
}
