import { type Circle, circleName } from '../../core/circle.js';
import { DASHBOARD_PATH } from '../../core/dashboard/auth.js';
import { type Lang, type MessageKey, type ParamsOf, t } from '../../core/i18n/index.js';
import { html, type SafeHtml } from './html.js';

export const ASSETS = `${DASHBOARD_PATH}/assets`;

/** A circle's tabs, in order: the key names the page's path segment and its catalog label. */
export const TABS = [
  'overview',
  'gate',
  'review',
  'members',
  'activity',
  'leaderboard',
  'offers',
  'audit',
] as const;
export type Tab = (typeof TABS)[number];

/** What every page knows: the reader's language, and who is signed in (with their form token). */
export interface View {
  readonly lang: Lang;
  readonly t: <K extends MessageKey>(key: K, ...params: ParamsOf<K>) => string;
  readonly signedIn: { readonly label: string; readonly csrf: string } | null;
}

export function viewFor(lang: Lang, signedIn: View['signedIn']): View {
  return { lang, t: (key, ...params) => t(lang, key, ...params), signedIn };
}

export type Flash = { readonly kind: 'ok' | 'error'; readonly text: string } | null;

export const circlePath = (circle: Circle | number, tab: Tab = 'overview') => {
  const id = typeof circle === 'number' ? circle : circle.id;
  return tab === 'overview' ? `${DASHBOARD_PATH}/c/${id}` : `${DASHBOARD_PATH}/c/${id}/${tab}`;
};

/** The hidden field every form of a signed-in page carries. */
export function csrfField(view: View): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${view.signedIn?.csrf ?? ''}">`;
}

/** A whole page: header (who, language, log out), the circle's tabs when there is a circle, then the body. */
export function page(
  view: View,
  opts: { title: string; circle?: Circle; tab?: Tab; flash?: Flash; body: SafeHtml },
): string {
  const { t } = view;
  const who = view.signedIn;
  const header = html`<header class="top">
    <a class="brand" href="${DASHBOARD_PATH}">${t('dashboard.title')}</a>
    ${who ? html`<span class="who">${t('dashboard.signedInAs', { who: who.label })}</span>` : null}
    <nav class="langs" aria-label="Language">
      <a href="?lang=en" hreflang="en" lang="en">English</a><a href="?lang=zh-CN" hreflang="zh-CN" lang="zh-CN">中文</a>
    </nav>
    ${
      who
        ? html`<form class="inline" method="post" action="${DASHBOARD_PATH}/logout">${csrfField(view)}
            <button class="secondary" type="submit">${t('dashboard.logout')}</button></form>`
        : null
    }
  </header>`;
  const circle = opts.circle;
  const tabs = circle
    ? html`<div class="circlebar"><a href="${DASHBOARD_PATH}">${t('dashboard.allCircles')}</a> / <strong>${circleName(circle)}</strong></div>
      <nav class="tabs">${TABS.map(
        (tab) =>
          html`<a href="${circlePath(circle, tab)}"${tab === opts.tab ? html` aria-current="page"` : null}>${t(`dashboard.nav.${tab}`)}</a>`,
      )}</nav>`
    : null;
  const flash = opts.flash
    ? html`<p class="flash ${opts.flash.kind}" role="${opts.flash.kind === 'error' ? 'alert' : 'status'}">${opts.flash.text}</p>`
    : null;
  return `<!doctype html>${html`<html lang="${view.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${opts.title} · ${t('dashboard.title')}</title>
<link rel="stylesheet" href="${ASSETS}/app.css">
<script src="${ASSETS}/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">${t('dashboard.skip')}</a>
${header}
${tabs}
<main id="main">
<h1>${opts.title}</h1>
${flash}
${opts.body}
</main>
</body>
</html>`}`;
}
