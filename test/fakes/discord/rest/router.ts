import type { FakeFile } from '../recorder.js';
import type { DispatchEvent } from '../types.js';
import type { World } from '../world.js';

/** A REST request as a route handler sees it. */
export interface RestRequest {
  method: string;
  path: string;
  /** The `:name` segments of the route template. */
  params: Record<string, string>;
  query: Record<string, string>;
  /** The JSON body when it is an object (multipart: its `payload_json`); `{}` otherwise. */
  body: Record<string, unknown>;
  /** The JSON body as sent (an array for bulk command overwrites); undefined when none was sent. */
  raw: unknown;
  files: FakeFile[];
  /** `X-Audit-Log-Reason`, decoded. */
  reason?: string;
}

export interface RestContext {
  world: World;
  /** Sends a gateway event caused by the bot's own call (MESSAGE_CREATE for its message…), if the fake is set to. */
  emit(event: DispatchEvent<unknown>): void;
}

/** Returned by a handler that answers 204 No Content. */
export const NO_CONTENT = Symbol('204 No Content');

export type Handler = (req: RestRequest, ctx: RestContext) => unknown;

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Template: literal segments and `:name` params, e.g. `/channels/:channel/messages/:message`. */
  route: string;
  /** Needs `Authorization: Bot <token>` (interaction callbacks and webhook routes do not). */
  auth: boolean;
  handler: Handler;
}

/** Declares a route; `auth` defaults to true. */
export function route(
  method: RouteDef['method'],
  template: string,
  handler: Handler,
  opts: { auth?: boolean } = {},
): RouteDef {
  return { method, route: template, auth: opts.auth ?? true, handler };
}

/** The params if the (decoded) `path` fits the template; literals (`@me`, `@original`) must match exactly. */
export function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const want = template.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, seg] of want.entries()) {
    const actual = got[i] ?? '';
    if (seg.startsWith(':')) {
      if (actual === '') return undefined;
      params[seg.slice(1)] = actual;
    } else if (seg !== actual) return undefined;
  }
  return params;
}

/**
 * The first route whose template fits (so `/users/@me` listed before `/users/:user` wins), or `methodNotAllowed`
 * when the path is known under another method.
 */
export function findRoute(
  routes: RouteDef[],
  method: string,
  path: string,
): { def: RouteDef; params: Record<string, string> } | 'methodNotAllowed' | undefined {
  let otherMethod = false;
  for (const def of routes) {
    const params = matchTemplate(def.route, path);
    if (!params) continue;
    if (def.method === method) return { def, params };
    otherMethod = true;
  }
  return otherMethod ? 'methodNotAllowed' : undefined;
}
