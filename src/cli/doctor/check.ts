/** One line of `circlebot doctor`: ok, failed (with what to do), or a note (not checked, or for information). */
export interface CheckResult {
  readonly status: 'ok' | 'fail' | 'note';
  /** What was checked: `Telegram token`, `circle "Tea lovers" (telegram:-100123)`. */
  readonly name: string;
  readonly detail: string;
  /** What the operator should do about a failure. */
  readonly fix?: string;
}

const MARK = { ok: '✓', fail: '✗', note: '–' } as const;

export const ok = (name: string, detail: string): CheckResult => ({ status: 'ok', name, detail });
export const fail = (name: string, detail: string, fix?: string): CheckResult => ({
  status: 'fail',
  name,
  detail,
  fix,
});
export const note = (name: string, detail: string): CheckResult => ({ status: 'note', name, detail });

/**
 * The migrations line: all applied, some from a newer circlebot, or some not applied yet — with what to do,
 * which differs by database (`fixes`: how to get back to the version that wrote it; how to back up first).
 */
export function migrationsCheck(
  state: { readonly known: number; readonly pending: number; readonly newer: number },
  fixes: { readonly newer: string; readonly pending: string },
): CheckResult {
  if (state.newer > 0)
    return fail('migrations', `${state.newer} applied migration(s) come from a newer circlebot`, fixes.newer);
  if (state.pending > 0)
    return fail('migrations', `${state.pending} of ${state.known} not applied yet`, fixes.pending);
  return ok('migrations', `all ${state.known} applied`);
}

/** `✓ name: detail`, with `    fix: …` under a failure; every secret in it shown as `***`. */
export function formatCheck(result: CheckResult, secrets: readonly string[]): string {
  const scrub = (text: string) => secrets.reduce((out, s) => out.split(s).join('***'), text);
  const line = `${MARK[result.status]} ${result.name}: ${result.detail}\n`;
  const fix = result.fix ? `    fix: ${result.fix}\n` : '';
  return scrub(line + fix);
}

/** Why a call failed, in one line: the platform's own description, or the network error's code. */
export function failureReason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${err.message} (${cause.code})`;
  return err.message;
}

/** Rejects with "no answer within N s" when `work` takes longer than `ms`. */
export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(ms / 1000)} s`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
