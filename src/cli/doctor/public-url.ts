import { type CheckResult, fail, failureReason, note, ok } from './check.js';

/**
 * Checks that `<publicUrl>/healthz` answers 200, so tracked links, the dashboard and webhooks reach this
 * bot. A missing public URL is only a note: the bot works without it, minus those features.
 */
export async function checkPublicUrl(opts: {
  readonly publicUrl: string | undefined;
  readonly httpEnabled: boolean;
  readonly timeoutMs: number;
}): Promise<CheckResult> {
  const name = 'public URL';
  if (!opts.publicUrl) {
    return note(name, 'not set (PUBLIC_URL / publicUrl): tracked links and the dashboard are off');
  }
  if (!opts.httpEnabled) {
    return fail(
      name,
      `${opts.publicUrl} is set but http.enabled is false, so nothing answers there`,
      'set http.enabled to true, or unset publicUrl',
    );
  }
  const url = `${opts.publicUrl}/healthz`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(opts.timeoutMs), redirect: 'manual' });
    await res.body?.cancel();
    if (res.status === 200) return ok(name, `${url} answers 200`);
    return fail(
      name,
      `${url} answers ${res.status}`,
      'make the public URL reach this server (reverse proxy to http.host:http.port, path kept)',
    );
  } catch (err) {
    return fail(
      name,
      `${url} cannot be reached: ${failureReason(err)}`,
      'start circlebot if it is not running; otherwise check DNS, TLS and the reverse proxy in front of it',
    );
  }
}
