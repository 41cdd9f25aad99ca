/**
 * Discord's JSON error codes and messages (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json),
 * as real responses word them, except where marked "guessed".
 */
export const DC = {
  unknownApplication: [10002, 'Unknown Application'],
  unknownChannel: [10003, 'Unknown Channel'],
  unknownGuild: [10004, 'Unknown Guild'],
  unknownMember: [10007, 'Unknown Member'],
  unknownMessage: [10008, 'Unknown Message'],
  unknownRole: [10011, 'Unknown Role'],
  unknownUser: [10013, 'Unknown User'],
  unknownWebhook: [10015, 'Unknown Webhook'],
  unknownEmoji: [10014, 'Unknown Emoji'],
  unknownBan: [10026, 'Unknown Ban'],
  unknownInteraction: [10062, 'Unknown interaction'],
  unknownCommand: [10063, 'Unknown application command'],
  alreadyAcknowledged: [40060, 'Interaction has already been acknowledged.'],
  missingAccess: [50001, 'Missing Access'],
  cannotEditOthers: [50005, 'Cannot edit a message authored by another user'],
  emptyMessage: [50006, 'Cannot send an empty message'],
  cannotMessageUser: [50007, 'Cannot send messages to this user'],
  missingPermissions: [50013, 'Missing Permissions'],
  invalidWebhookToken: [50027, 'Invalid Webhook Token'],
  invalidRecipients: [50033, 'Invalid Recipient(s)'],
  invalidFormBody: [50035, 'Invalid Form Body'],
} as const satisfies Record<string, readonly [number, string]>;

/** One field error inside an Invalid Form Body response. */
export interface FieldError {
  code: string;
  message: string;
}

/** The nested `errors` object of a 50035 response: path segments down to `{ _errors: [...] }`. */
export type FormErrors = { [key: string]: FormErrors | FieldError[] };

/** What Discord answers on failure. */
export interface DiscordErrorBody {
  code: number;
  message: string;
  errors?: FormErrors;
}

/** A failed REST call: thrown by route handlers, answered with `status` and Discord's JSON error body. */
export class DiscordHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: DiscordErrorBody | Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status}: ${String(body.message)}`);
    this.name = 'DiscordHttpError';
  }
}

/** An error with one of the known codes, e.g. `apiError(403, DC.missingPermissions)`. */
export function apiError(status: number, [code, message]: readonly [number, string]): DiscordHttpError {
  return new DiscordHttpError(status, { code, message });
}

export const notFound = (known: readonly [number, string]) => apiError(404, known);
export const forbidden = (known: readonly [number, string]) => apiError(403, known);

/** 400 Invalid Form Body with one field error at `path` (e.g. `['data', 'title']`). */
export function invalidForm(path: (string | number)[], code: string, message: string): DiscordHttpError {
  let errors: FormErrors = { _errors: [{ code, message }] };
  for (const key of [...path].reverse()) errors = { [String(key)]: errors };
  return new DiscordHttpError(400, { code: DC.invalidFormBody[0], message: DC.invalidFormBody[1], errors });
}

export const tooLong = (path: (string | number)[], max: number) =>
  invalidForm(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
export const required = (path: (string | number)[]) =>
  invalidForm(path, 'BASE_TYPE_REQUIRED', 'This field is required');

export const unauthorized = () => new DiscordHttpError(401, { message: '401: Unauthorized', code: 0 });
export const routeNotFound = () => new DiscordHttpError(404, { message: '404: Not Found', code: 0 });
