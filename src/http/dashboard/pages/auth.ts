import { DASHBOARD_PATH, LOGIN_TOKEN_PARAM, type LoginRefusal } from '../../../core/dashboard/auth.js';
import { LOGIN_LINK_TTL_MS } from '../../../core/dashboard/login-token.js';
import { html } from '../html.js';
import { page, type View } from '../layout.js';

const MINUTES = LOGIN_LINK_TTL_MS / 60_000;

/** The page a login link opens: it asks to confirm, so a link preview fetching it uses nothing up. */
export function loginPage(view: View, token: string, nonce: string): string {
  const { t } = view;
  return page(view, {
    title: t('dashboard.login.title'),
    body: html`<div class="card">
      <p>${t('dashboard.login.intro', { minutes: MINUTES })}</p>
      <form method="post" action="${DASHBOARD_PATH}/login">
        <input type="hidden" name="${LOGIN_TOKEN_PARAM}" value="${token}">
        <input type="hidden" name="_login" value="${nonce}">
        <button type="submit">${t('dashboard.login.button')}</button>
      </form>
    </div>`,
  });
}

/** A link that does not log in, and why. */
export function loginRefusedPage(view: View, reason: LoginRefusal): string {
  const { t } = view;
  const why =
    reason === 'spent'
      ? t('dashboard.login.spent')
      : reason === 'expired'
        ? t('dashboard.login.expired', { minutes: MINUTES })
        : reason === 'unknown_member'
          ? t('dashboard.login.unknown_member')
          : t('dashboard.login.malformed');
  return page(view, {
    title: t('dashboard.login.refused'),
    body: html`<div class="card"><p>${why}</p><p class="muted">${t('dashboard.login.again')}</p></div>`,
  });
}

/** Any dashboard page without a session. */
export function loginNeededPage(view: View, loggedOut = false): string {
  const { t } = view;
  return page(view, {
    title: t('dashboard.login.needed'),
    flash: loggedOut ? { kind: 'ok', text: t('dashboard.loggedOut') } : null,
    body: html`<div class="card"><p>${t('dashboard.login.how')}</p></div>`,
  });
}

export function forbiddenPage(view: View): string {
  const { t } = view;
  return page(view, {
    title: t('dashboard.forbidden.title'),
    body: html`<div class="card"><p>${t('dashboard.forbidden.text')}</p>
      <p><a href="${DASHBOARD_PATH}">${t('dashboard.allCircles')}</a></p></div>`,
  });
}

export function csrfPage(view: View): string {
  const { t } = view;
  return page(view, {
    title: t('dashboard.csrf.title'),
    body: html`<div class="card"><p>${t('dashboard.csrf.text')}</p></div>`,
  });
}

export function messagePage(view: View, title: string): string {
  return page(view, {
    title,
    body: html`<p><a href="${DASHBOARD_PATH}">${view.t('dashboard.allCircles')}</a></p>`,
  });
}
