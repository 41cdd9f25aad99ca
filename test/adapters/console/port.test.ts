import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsolePort } from '../../../adapters/console/port.js';

function consolePort() {
  let printed = '';
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      printed += chunk.toString('utf8');
      done();
    },
  });
  const port = new ConsolePort({ output, owner: 'olivia', groupId: 'lobby' });
  return { port, printed: () => printed };
}

describe('console port: pictures and reactions', () => {
  it('names a picture and its size, with the caption, where it was sent', async () => {
    const { port, printed } = consolePort();
    const sent = await port.sendImage(port.group, {
      png: new Uint8Array(1234),
      filename: 'checkin.png',
      caption: 'Spring meetup: scan this code',
    });
    await port.sendImage(port.dmChat('bob'), { png: new Uint8Array(7), filename: 'card.png' });
    expect(printed()).toBe(
      '[bot → #lobby] [image checkin.png, 1234 bytes] Spring meetup: scan this code\n' +
        '[bot → @bob] [image card.png, 7 bytes]\n',
    );
    expect(sent).toEqual({ chat: port.group, messageId: '1' });
    expect(port.capabilities.has('images')).toBe(true);
  });

  it('shows the bot’s reaction on a message', async () => {
    const { port, printed } = consolePort();
    await port.react(port.group, 's1-m4', '🎉');
    expect(printed()).toBe('[bot reacts 🎉 to message s1-m4]\n');
    expect(port.capabilities.has('reactions')).toBe(true);
  });
});
