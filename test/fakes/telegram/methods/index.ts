import { callbackMethods } from './callbacks.js';
import { chatMethods } from './chats.js';
import type { MethodHandler } from './context.js';
import { memberMethods } from './members.js';
import { messageMethods } from './messages.js';
import { paymentMethods } from './payments.js';
import { pollingMethods } from './polling.js';
import { reactionMethods } from './reactions.js';

export interface MethodEntry {
  /** The canonical spelling, used when recording (`sendmessage` is recorded as `sendMessage`). */
  name: string;
  handler: MethodHandler;
}

const ALL: Record<string, MethodHandler> = {
  ...chatMethods,
  ...pollingMethods,
  ...messageMethods,
  ...callbackMethods,
  ...memberMethods,
  ...paymentMethods,
  ...reactionMethods,
};

const BY_LOWER_NAME = new Map(
  Object.entries(ALL).map(([name, handler]) => [name.toLowerCase(), { name, handler }]),
);

/** The method of that name; Telegram matches method names case-insensitively. */
export function findMethod(name: string): MethodEntry | undefined {
  return BY_LOWER_NAME.get(name.toLowerCase());
}

export type { MethodContext, MethodHandler, WebhookState } from './context.js';
