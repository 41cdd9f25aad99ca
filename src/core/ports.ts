import { CircleError } from './errors.js';
import type { ChatPort, Invoice, OutFile, OutImage, OutMessage, QuestionStep } from './port.js';
import type { ChatRef, MemberRef, Platform } from './refs.js';

/**
 * The adapters running in this process, by platform. `beforeEffect` runs before every call that changes
 * something on a platform: the composition root passes the store's `flush`, so the state behind a reply or
 * a verdict is committed before the platform hears of it.
 */
export class Ports {
  readonly #byPlatform = new Map<Platform, ChatPort>();

  constructor(private readonly beforeEffect: () => Promise<void> = async () => {}) {}

  add(port: ChatPort): void {
    const before = this.beforeEffect;
    const effect =
      <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        await before();
        return call(...args);
      };
    this.#byPlatform.set(port.platform, {
      platform: port.platform,
      capabilities: port.capabilities,
      send: effect((chat, message) => port.send(chat, message)),
      sendDirect: effect((member, message) => port.sendDirect(member, message)),
      edit: effect((sent, message) => port.edit(sent, message)),
      deleteMessage: effect((chat, id) => port.deleteMessage(chat, id)),
      acknowledge: effect((id, text) => port.acknowledge(id, text)),
      approveJoin: effect((chat, member) => port.approveJoin(chat, member)),
      declineJoin: effect((chat, member, opts) => port.declineJoin(chat, member, opts)),
      kick: effect((chat, member) => port.kick(chat, member)),
      isAdmin: (chat, member) => port.isAdmin(chat, member),
      registerCommands: (commands) => port.registerCommands(commands),
      checkSetup: (chat, needs) => port.checkSetup(chat, needs),
      ...(port.inviteToApply
        ? {
            inviteToApply: effect((chat: ChatRef, member: MemberRef, message: OutMessage) =>
              port.inviteToApply!(chat, member, message),
            ),
          }
        : {}),
      ...(port.setRoles
        ? {
            setRoles: effect(
              (chat: ChatRef, member: MemberRef, grant: readonly string[], revoke: readonly string[]) =>
                port.setRoles!(chat, member, grant, revoke),
            ),
          }
        : {}),
      ...(port.presentQuestions
        ? { presentQuestions: effect((id: string, step: QuestionStep) => port.presentQuestions!(id, step)) }
        : {}),
      ...(port.sendImage
        ? { sendImage: effect((chat: ChatRef, image: OutImage) => port.sendImage!(chat, image)) }
        : {}),
      ...(port.react
        ? { react: effect((chat: ChatRef, id: string, emoji: string) => port.react!(chat, id, emoji)) }
        : {}),
      ...(port.sendInvoice
        ? { sendInvoice: effect((member: MemberRef, invoice: Invoice) => port.sendInvoice!(member, invoice)) }
        : {}),
      ...(port.sendFile
        ? { sendFile: effect((member: MemberRef, file: OutFile) => port.sendFile!(member, file)) }
        : {}),
      ...(port.answerPaymentCheck
        ? {
            answerPaymentCheck: effect((id: string, ok: boolean, error?: string) =>
              port.answerPaymentCheck!(id, ok, error),
            ),
          }
        : {}),
    });
  }

  /** Throws when no adapter for the platform runs (a stored circle of a platform that is switched off). */
  get(platform: Platform): ChatPort {
    const port = this.#byPlatform.get(platform);
    if (!port) throw new CircleError('CB_ERR_NO_ADAPTER', `no ${platform} adapter is running`);
    return port;
  }

  has(platform: Platform): boolean {
    return this.#byPlatform.has(platform);
  }

  all(): ChatPort[] {
    return [...this.#byPlatform.values()];
  }
}
