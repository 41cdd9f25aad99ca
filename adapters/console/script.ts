/**
 * The console's line format. One line is one thing a person does:
 *
 *   alice: hello            alice says "hello" in the group (a line starting with / is a command)
 *   alice dm: Hangzhou      alice writes to the bot privately
 *   alice joins             alice asks to join the group
 *   alice leaves            alice leaves the group
 *   alice presses 2         alice presses button 2 of the latest message with buttons she can see
 *   alice reacts 👍         alice reacts to the latest group message
 *   owner promotes alice    the owner makes alice an admin
 *   hello                   the current speaker (see .as) says "hello"
 *   .as alice  .dm  .group  .help  .quit      console commands
 *   # a comment
 */
export type ConsoleLine =
  | {
      readonly kind: 'say';
      readonly who: string | null;
      readonly private: boolean | null;
      readonly text: string;
    }
  | { readonly kind: 'join' | 'leave'; readonly who: string }
  | { readonly kind: 'press'; readonly who: string; readonly button: number }
  | { readonly kind: 'react'; readonly who: string; readonly emoji: string }
  | { readonly kind: 'promote'; readonly who: string; readonly target: string }
  | { readonly kind: 'as'; readonly who: string }
  | { readonly kind: 'mode'; readonly private: boolean }
  | { readonly kind: 'help' | 'quit' | 'blank' }
  | { readonly kind: 'error'; readonly message: string };

const NAME = '[A-Za-z][A-Za-z0-9_.-]{0,31}';
const SAY = new RegExp(`^(${NAME})( dm)?:\\s?(.*)$`);
const VERB = new RegExp(`^(${NAME}) (joins|leaves|presses|reacts|promotes)(?: (.+))?$`);

/** Reads one console line. Never throws; a line it cannot read becomes an `error` with the reason. */
export function parseConsoleLine(raw: string): ConsoleLine {
  const line = raw.trim();
  if (line === '' || line.startsWith('#')) return { kind: 'blank' };
  if (line.startsWith('.')) return parseDotCommand(line);

  const verb = VERB.exec(line);
  if (verb) {
    const [, who, action, arg] = verb as unknown as [string, string, string, string | undefined];
    switch (action) {
      case 'joins':
      case 'leaves':
        if (arg === undefined) return { kind: action === 'joins' ? 'join' : 'leave', who };
        break;
      case 'presses':
        if (arg && /^\d{1,2}$/.test(arg) && Number(arg) > 0)
          return { kind: 'press', who, button: Number(arg) };
        return { kind: 'error', message: `“${who} presses” needs a button number, e.g. “${who} presses 1”` };
      case 'reacts':
        if (arg) return { kind: 'react', who, emoji: arg };
        return { kind: 'error', message: `“${who} reacts” needs an emoji, e.g. “${who} reacts 👍”` };
      case 'promotes':
        if (arg && new RegExp(`^${NAME}$`).test(arg)) return { kind: 'promote', who, target: arg };
        return { kind: 'error', message: `“${who} promotes” needs a name, e.g. “${who} promotes alice”` };
    }
  }
  const say = SAY.exec(line);
  if (say) {
    const [, who, dm, text] = say as unknown as [string, string, string | undefined, string];
    return { kind: 'say', who, private: dm !== undefined, text };
  }
  return { kind: 'say', who: null, private: null, text: line };
}

function parseDotCommand(line: string): ConsoleLine {
  const [command, arg, extra] = line.slice(1).split(/\s+/);
  if (command === 'as' && arg && !extra && new RegExp(`^${NAME}$`).test(arg)) return { kind: 'as', who: arg };
  if (command === 'dm' && !arg) return { kind: 'mode', private: true };
  if (command === 'group' && !arg) return { kind: 'mode', private: false };
  if (command === 'help' && !arg) return { kind: 'help' };
  if ((command === 'quit' || command === 'exit') && !arg) return { kind: 'quit' };
  return { kind: 'error', message: `unknown console command “${line.slice(0, 40)}”; type .help` };
}

export const CONSOLE_HELP = `Console commands:
  alice: hello          alice says it in the group (/commands too)
  alice dm: text        alice writes to the bot privately (answers to entry questions)
  alice joins           alice asks to join the group
  alice leaves          alice leaves the group
  alice presses 2       alice presses button 2 on the latest message she can see
  alice reacts 👍       alice reacts to the latest group message
  owner promotes alice  make alice an admin
  .as alice             speak as alice from now on (plain lines are hers)
  .dm / .group          plain lines go privately to the bot / to the group
  .quit                 leave (Ctrl-D works too)`;
