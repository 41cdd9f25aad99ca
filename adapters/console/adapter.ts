import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { parseCommandLine } from '../../src/core/commands/parse.js';
import type { ChatEvent } from '../../src/core/events.js';
import type { MemberRef } from '../../src/core/refs.js';
import { ConsolePort } from './port.js';
import { CONSOLE_HELP, parseConsoleLine } from './script.js';

export interface ConsoleAdapterOptions {
  readonly input: Readable;
  readonly output: Writable;
  /** Name of the group's owner (an admin from the start). */
  readonly owner: string;
  /** Id of the pretend group. */
  readonly groupId: string;
  /** Interactive: show a prompt with the current speaker. Otherwise lines are read as a script. */
  readonly interactive: boolean;
  /** Printed once at start in interactive mode. */
  readonly welcome?: string;
  /** The core's inbound side. */
  readonly handle: (event: ChatEvent) => Promise<void>;
}

/**
 * A terminal group chat: each line is a person acting (see `script.ts`). Each line's event is handed to
 * the core and finished before the next line is read, so a script's output is deterministic.
 */
export class ConsoleAdapter {
  readonly port: ConsolePort;
  readonly #opts: ConsoleAdapterOptions;
  #speaker: string;
  #private = false;
  #update = 0;
  /** Update ids must not repeat across runs on the same database (they are deduplicated). */
  readonly #session = randomUUID().slice(0, 8);
  #stopped = false;
  /** The latest group message and its author: what `reacts` reacts to. */
  #lastGroupMessage: { id: string; author: string } | null = null;
  #closeInput: (() => void) | undefined;

  constructor(opts: ConsoleAdapterOptions) {
    this.#opts = opts;
    this.#speaker = opts.owner;
    this.port = new ConsolePort({ output: opts.output, owner: opts.owner, groupId: opts.groupId });
  }

  /** Reads lines until the input ends, `.quit`, or `stop()`; resolves then. */
  async run(): Promise<void> {
    const { input, output, interactive } = this.#opts;
    const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
    this.#closeInput = () => rl.close();
    if (interactive && this.#opts.welcome) output.write(`${this.#opts.welcome}\n`);
    const prompt = () => {
      if (!interactive) return;
      rl.setPrompt(`${this.#speaker}${this.#private ? ' (dm)' : ''}> `);
      rl.prompt();
    };
    prompt();
    for await (const line of rl) {
      if (this.#stopped) break;
      const go = await this.feed(line);
      if (!go) break;
      prompt();
    }
    rl.close();
  }

  /** Stops reading; the line under way finishes. */
  stop(): void {
    this.#stopped = true;
    this.#closeInput?.();
  }

  /**
   * Acts out one line and resolves when the bot has finished with it; false when the line asks to quit.
   * Tests drive the console through this.
   */
  async feed(raw: string): Promise<boolean> {
    const line = parseConsoleLine(raw);
    const handle = this.#opts.handle;
    const port = this.port;
    const profile = (name: string) => ({ username: name, displayName: name });
    const member = (name: string): MemberRef => ({ platform: 'console', id: name });
    const base = (name: string, isPrivate: boolean) => ({
      chat: isPrivate ? port.dmChat(name) : port.group,
      member: member(name),
      profile: profile(name),
      chatTitle: port.group.id,
      updateId: `${this.#session}-${++this.#update}`,
    });

    switch (line.kind) {
      case 'blank':
        return true;
      case 'quit':
        return false;
      case 'help':
        this.#opts.output.write(`${CONSOLE_HELP}\n`);
        return true;
      case 'error':
        port.note(line.message);
        return true;
      case 'as':
        this.#speaker = line.who;
        return true;
      case 'mode':
        this.#private = line.private;
        return true;
      case 'promote':
        if (!(await port.isAdmin(port.group, member(line.who)))) {
          port.note(`only an admin can promote; ${line.who} is not one`);
        } else {
          port.promote(line.target);
          port.note(`${line.target} is now an admin`);
        }
        return true;
      case 'join':
        if (port.isInGroup(line.who)) {
          port.note(`${line.who} is already in the group`);
          return true;
        }
        port.requestJoin(line.who);
        port.note(`${line.who} asks to join`);
        await handle({ kind: 'join_requested', ...base(line.who, false) });
        if (port.isWaiting(line.who) && !port.isInGroup(line.who)) {
          port.note(`${line.who}'s request is waiting`);
        }
        return true;
      case 'leave':
        port.leave(line.who);
        port.note(`${line.who} left the group`);
        await handle({ kind: 'member_left', ...base(line.who, false) });
        return true;
      case 'press': {
        const found = port.buttonFor(line.who, line.button);
        if ('error' in found) {
          port.note(found.error);
          return true;
        }
        await handle({
          kind: 'button',
          ...base(line.who, false),
          data: found.data,
          messageId: found.messageId,
          interactionId: `press-${this.#update}`,
        });
        return true;
      }
      case 'react': {
        const target = this.#lastGroupMessage;
        if (!target) {
          port.note('there is no group message to react to yet');
          return true;
        }
        await handle({
          kind: 'reaction',
          ...base(line.who, false),
          messageId: target.id,
          emoji: line.emoji,
          target: member(target.author),
        });
        return true;
      }
      case 'say': {
        const who = line.who ?? this.#speaker;
        const isPrivate = line.private ?? (line.who === null ? this.#private : false);
        if (!isPrivate && port.isWaiting(who)) {
          port.note(`${who} cannot post in the group before being admitted (try “${who} dm: …”)`);
          return true;
        }
        if (!isPrivate) port.enter(who);
        const command = parseCommandLine(line.text);
        const messageId = `${this.#session}-m${this.#update + 1}`;
        if (command) {
          await handle({
            kind: 'command',
            ...base(who, isPrivate),
            private: isPrivate,
            messageId,
            ...command,
          });
        } else {
          if (!isPrivate) this.#lastGroupMessage = { id: messageId, author: who };
          await handle({
            kind: 'message',
            ...base(who, isPrivate),
            private: isPrivate,
            messageId,
            text: line.text,
          });
        }
        return true;
      }
    }
  }
}
