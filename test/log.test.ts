import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

describe('the log', () => {
  it('writes one JSON event per line', () => {
    const { lines, destination } = capture();
    const log = createLogger('info', { pretty: false, destination });
    log.info({ chat: 'telegram:-100', kind: 'message' }, 'event handled');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 30, chat: 'telegram:-100', msg: 'event handled' });
  });

  it('never writes a token or secret, however it is nested', () => {
    const { lines, destination } = capture();
    const log = createLogger('info', { pretty: false, destination });
    const token = '7000000001:AAF-very-secret';
    log.info({
      config: { telegram: { token, webhookSecret: 'hush' } },
      headers: { authorization: `Bearer ${token}` },
    });
    log.info({ token, secret: 'hush' }, 'flat');
    const text = lines.join('');
    expect(text).not.toContain(token);
    expect(text).not.toContain('hush');
    expect(text).toContain('***');
  });
});
