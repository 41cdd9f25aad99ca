import type { TgApiResponse, TgResponseParameters } from './types.js';

/**
 * Descriptions the fake answers with: Telegram's own wording as quoted in real responses (bug reports,
 * TelegramBotAPI/errors), except where marked "guessed".
 */
export const TG = {
  unauthorized: 'Unauthorized',
  methodNotFound: 'Not Found: method not found', // real Telegram says just "Not Found"
  chatIdEmpty: 'Bad Request: chat_id is empty',
  chatNotFound: 'Bad Request: chat not found',
  userNotFound: 'Bad Request: user not found',
  textEmpty: 'Bad Request: message text is empty',
  textTooLong: 'Bad Request: message is too long',
  captionTooLong: 'Bad Request: message caption is too long',
  noPhoto: 'Bad Request: there is no photo in the request',
  noDocument: 'Bad Request: there is no document in the request',
  buttonDataInvalid: 'Bad Request: BUTTON_DATA_INVALID',
  buttonTypeInvalid:
    "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
  messageToEditNotFound: 'Bad Request: message to edit not found',
  messageToDeleteNotFound: 'Bad Request: message to delete not found',
  messageCantBeEdited: "Bad Request: message can't be edited",
  messageCantBeDeleted: "Bad Request: message can't be deleted",
  messageNotModified:
    'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
  hideRequesterMissing: 'Bad Request: HIDE_REQUESTER_MISSING',
  userAlreadyParticipant: 'Bad Request: USER_ALREADY_PARTICIPANT',
  chatAdminRequired: 'Bad Request: CHAT_ADMIN_REQUIRED', // guessed for approve/decline without can_invite_users
  notEnoughRightsRestrict: 'Bad Request: not enough rights to restrict/unrestrict chat member',
  notEnoughRightsText: 'Bad Request: not enough rights to send text messages to the chat',
  notEnoughRightsPhotos: 'Bad Request: not enough rights to send photos to the chat',
  userIsAdmin: 'Bad Request: user is an administrator of the chat',
  cantRemoveOwner: "Bad Request: can't remove chat owner",
  cantRestrictSelf: "Bad Request: can't restrict self", // guessed
  supergroupsOnly: 'Bad Request: method is available only for supergroups',
  supergroupOrChannelOnly: 'Bad Request: method is available for supergroup and channel chats only',
  groupUpgraded: 'Bad Request: group chat was upgraded to a supergroup chat',
  queryTooOld: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
  queryIdInvalid: 'Bad Request: QUERY_ID_INVALID',
  errorMessageEmpty: 'Bad Request: ERROR_MESSAGE_EMPTY', // guessed
  paymentProviderInvalid: 'Bad Request: PAYMENT_PROVIDER_INVALID',
  currencyTotalAmountInvalid: 'Bad Request: CURRENCY_TOTAL_AMOUNT_INVALID',
  starsInvoiceInvalid: 'Bad Request: STARS_INVOICE_INVALID', // guessed
  reactionInvalid: 'Bad Request: REACTION_INVALID', // guessed wording around MTProto's error name
  reactionsTooMany: 'Bad Request: REACTIONS_TOO_MANY', // guessed
  messageIdInvalid: 'Bad Request: MESSAGE_ID_INVALID', // guessed for a message the chat does not hold
  botCommandInvalid: 'Bad Request: BOT_COMMAND_INVALID',
  botCommandDescriptionInvalid: 'Bad Request: BOT_COMMAND_DESCRIPTION_INVALID', // guessed
  webhookNeedsHttps: 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook',
  secretTokenInvalid: 'Bad Request: secret token contains unallowed characters', // guessed
  webhookActive:
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
  otherPoll:
    'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
  blocked: 'Forbidden: bot was blocked by the user',
  cantInitiate: "Forbidden: bot can't initiate conversation with a user",
  cantMessageBots: "Forbidden: bot can't send messages to bots",
  userDeactivated: 'Forbidden: user is deactivated',
} as const;

/** A failed Bot API call: thrown by method handlers, turned into `{ ok: false, … }` with `error_code` as HTTP status. */
export class BotApiError extends Error {
  constructor(
    readonly error_code: number,
    readonly description: string,
    readonly parameters?: TgResponseParameters,
  ) {
    super(`${error_code}: ${description}`);
    this.name = 'BotApiError';
  }

  toResponse(): TgApiResponse {
    return {
      ok: false,
      error_code: this.error_code,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

export const badRequest = (description: string, parameters?: TgResponseParameters) =>
  new BotApiError(400, description, parameters);
export const forbidden = (description: string) => new BotApiError(403, description);
export const tooManyRequests = (retryAfter: number) =>
  new BotApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });

/** A required parameter is missing; Telegram's wording for `chat_id`, guessed for the others. */
export const emptyParam = (name: string) => badRequest(`Bad Request: ${name} is empty`);
