import type { Reason } from '../gate/repo.js';

/** The verdict's reason an audit row's detail keeps, when it has the shape of one (stored JSON is not trusted). */
export function reasonOf(detail: Readonly<Record<string, unknown>> | null | undefined): Reason | null {
  const reason = detail?.reason as { key?: unknown; params?: unknown } | undefined;
  if (typeof reason?.key !== 'string') return null;
  const params = typeof reason.params === 'object' && reason.params !== null ? reason.params : {};
  return { key: reason.key, params: params as Reason['params'] };
}
