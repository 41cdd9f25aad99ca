import type { Writable } from 'node:stream';
import type { CommandSpec } from '../../src/core/commands/spec.js';
import type {
  Capability,
  ChatPort,
  JoinOutcome,
  OutFile,
  OutImage,
  OutMessage,
  SentMessage,
  SetupCheck,
} from '../../src/core/port.js';
import type { ChatRef, MemberRef } from '../../src/core/refs.js';

interface ShownButtons {
  readonly seq: number;
  readonly messageId: string;
  readonly buttons: ReadonlyArray<{ readonly label: string; readonly data?: string; readonly url?: string }>;
}

/**
 * The console's `ChatPort`: prints what the bot does as lines a person can read, and remembers the
 * pretend group's state (who is in, who is waiting, who is an admin, which buttons each person sees).
 */
export class ConsolePort implements ChatPort {
  readonly platform = 'console' as const;
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>([
    'join_requests',
    'buttons',
    'direct_messages',
    'delete_messages',
    'files',
    'images',
    'reactions',
  ]);
  readonly group: ChatRef;
  readonly #out: Writable;
  readonly #admins = new Set<string>();
  readonly #inGroup = new Set<string>();
  readonly #waiting = new Set<string>();
  readonly #buttons = new Map<string, ShownButtons>();
  #seq = 0;
  #messageId = 0;

  constructor(opts: { output: Writable; owner: string; groupId: string }) {
    this.#out = opts.output;
    this.group = { platform: 'console', id: opts.groupId };
    this.#admins.add(opts.owner);
    this.#inGroup.add(opts.owner);
  }

  /** The private chat between the bot and a person. */
  dmChat(name: string): ChatRef {
    return { platform: 'console', id: `dm:${name}` };
  }

  promote(name: string): void {
    this.#admins.add(name);
    this.#inGroup.add(name);
  }
  requestJoin(name: string): void {
    this.#waiting.add(name);
  }
  leave(name: string): void {
    this.#inGroup.delete(name);
  }
  enter(name: string): void {
    this.#inGroup.add(name);
  }
  isInGroup(name: string): boolean {
    return this.#inGroup.has(name);
  }
  isWaiting(name: string): boolean {
    return this.#waiting.has(name);
  }

  /** The data of button `n` (1-based) on the latest message with buttons `name` can see. */
  buttonFor(name: string, n: number): { data: string; messageId: string } | { error: string } {
    const dm = this.#buttons.get(`dm:${name}`);
    const group = this.#inGroup.has(name) ? this.#buttons.get('group') : undefined;
    const latest = [dm, group]
      .filter((b): b is ShownButtons => b !== undefined)
      .sort((a, b) => b.seq - a.seq)[0];
    if (!latest) return { error: `${name} sees no buttons` };
    const button = latest.buttons[n - 1];
    if (!button)
      return { error: `there is no button ${n} (the latest message has ${latest.buttons.length})` };
    if (!button.data) return { error: `button ${n} is a link: ${button.url}` };
    return { data: button.data, messageId: latest.messageId };
  }

  /** Prints a line from the console itself (not from the bot). */
  note(text: string): void {
    this.#out.write(`* ${text}\n`);
  }

  async send(chat: ChatRef, message: OutMessage): Promise<SentMessage> {
    const messageId = String(++this.#messageId);
    const where = chat.id.startsWith('dm:') ? `@${chat.id.slice(3)}` : `#${chat.id}`;
    this.#print(`[bot → ${where}]`, message);
    this.#remember(chat.id.startsWith('dm:') ? chat.id : 'group', messageId, message);
    return { chat, messageId };
  }

  async sendDirect(member: MemberRef, message: OutMessage): Promise<SentMessage | null> {
    return this.send(this.dmChat(member.id), message);
  }

  /** Prints the file: its name and size, then its text when it is text (JSON, plain). */
  async sendFile(member: MemberRef, file: OutFile): Promise<SentMessage | null> {
    const chat = this.dmChat(member.id);
    const messageId = String(++this.#messageId);
    const text = /json|text/.test(file.mimeType) ? `\n${Buffer.from(file.bytes).toString('utf8')}` : '';
    this.#print(`[bot → @${member.id}]`, {
      text: `[file ${file.filename}, ${file.bytes.byteLength} bytes]${file.caption ? ` ${file.caption}` : ''}${text}`,
    });
    return { chat, messageId };
  }

  /** A terminal shows no pictures: the line names the image and its size, then the caption. */
  async sendImage(chat: ChatRef, image: OutImage): Promise<SentMessage> {
    const caption = image.caption ? ` ${image.caption}` : '';
    return this.send(chat, { text: `[image ${image.filename}, ${image.png.byteLength} bytes]${caption}` });
  }

  async react(_chat: ChatRef, messageId: string, emoji: string): Promise<void> {
    this.#out.write(`[bot reacts ${emoji} to message ${messageId}]\n`);
  }

  async edit(sent: SentMessage, message: OutMessage): Promise<void> {
    this.#print(`[bot edits message ${sent.messageId}]`, message);
    this.#remember(sent.chat.id.startsWith('dm:') ? sent.chat.id : 'group', sent.messageId, message);
  }

  async deleteMessage(_chat: ChatRef, messageId: string): Promise<void> {
    this.note(`the bot deleted message ${messageId}`);
  }

  async acknowledge(_interactionId: string, text?: string): Promise<void> {
    if (text) this.#out.write(`[bot (toast)] ${text}\n`);
  }

  async approveJoin(_chat: ChatRef, member: MemberRef): Promise<JoinOutcome> {
    if (!this.#waiting.delete(member.id)) return 'already_handled';
    this.#inGroup.add(member.id);
    this.note(`${member.id} is now in the group`);
    return 'done';
  }

  async declineJoin(_chat: ChatRef, member: MemberRef): Promise<JoinOutcome> {
    if (!this.#waiting.delete(member.id)) return 'already_handled';
    this.note(`${member.id}'s request to join was declined`);
    return 'done';
  }

  async kick(_chat: ChatRef, member: MemberRef): Promise<void> {
    this.#inGroup.delete(member.id);
    this.note(`${member.id} was removed from the group`);
  }

  async isAdmin(_chat: ChatRef, member: MemberRef): Promise<boolean> {
    return this.#admins.has(member.id);
  }

  async registerCommands(_commands: readonly CommandSpec[]): Promise<void> {}

  /** The console has no rights to grant: the bot can do everything in its pretend group. */
  async checkSetup(_chat: ChatRef): Promise<readonly SetupCheck[]> {
    return [];
  }

  #print(head: string, message: OutMessage): void {
    const [first = '', ...rest] = message.text.split('\n');
    const lines = [`${head} ${first}`, ...rest.map((l) => `    ${l}`)];
    const buttons = (message.buttons ?? []).flat();
    if (buttons.length > 0) lines.push(`    ${buttons.map((b, i) => `[${i + 1}] ${b.label}`).join('  ')}`);
    this.#out.write(`${lines.join('\n')}\n`);
  }

  #remember(where: string, messageId: string, message: OutMessage): void {
    const buttons = (message.buttons ?? []).flat();
    if (buttons.length === 0) return;
    this.#buttons.set(where, {
      seq: ++this.#seq,
      messageId,
      buttons: buttons.map((b) =>
        'data' in b ? { label: b.label, data: b.data } : { label: b.label, url: b.url },
      ),
    });
  }
}
