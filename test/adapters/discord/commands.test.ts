import { describe, expect, it } from 'vitest';
import { argsTextOf, MANAGE_GUILD, slashCommand } from '../../../adapters/discord/commands.js';
import { defineCommand, defineGroup, sub } from '../../../src/core/commands/spec.js';

const gate = defineGroup({
  name: 'gate',
  adminOnly: true,
  where: 'circle',
  help: 'gate.help',
  subcommands: [
    sub({
      name: 'mode',
      help: 'gate.help.mode',
      args: [{ name: 'mode', kind: 'choice', choices: ['auto', 'review'] }],
      run: async () => {},
    }),
    sub({
      name: 'minscore',
      help: 'gate.help.minscore',
      args: [{ name: 'score', kind: 'word' }],
      run: async () => {},
    }),
  ],
});
const decline = defineCommand({
  name: 'decline',
  adminOnly: true,
  where: 'circle',
  help: 'decline.help',
  args: [
    { name: 'applicant', kind: 'word' },
    { name: 'reason', kind: 'text', optional: true },
  ],
  run: async () => {},
});

describe('slash commands from command specs', () => {
  it('turn subcommands into typed options with localised help, and hide admin commands by default', () => {
    const json = slashCommand(gate);
    expect(json).toMatchObject({
      name: 'gate',
      description: 'Screen people who ask to join',
      description_localizations: { 'zh-CN': '筛选申请入群的人' },
      default_member_permissions: MANAGE_GUILD,
      dm_permission: false,
    });
    expect(json.options[0]).toMatchObject({
      type: 1,
      name: 'mode',
      options: [
        {
          type: 3,
          name: 'mode',
          required: true,
          choices: [
            { name: 'auto', value: 'auto' },
            { name: 'review', value: 'review' },
          ],
        },
      ],
    });
  });

  it('rebuild the typed line from options, so the core parses both platforms alike', () => {
    const values: Record<string, string> = { applicant: '@carol', reason: 'we meet in person only' };
    expect(argsTextOf(decline, null, (n) => values[n] ?? null)).toBe('@carol we meet in person only');
    expect(argsTextOf(gate, 'mode', (n) => (n === 'mode' ? 'review' : null))).toBe('mode review');
    expect(argsTextOf(decline, null, (n) => (n === 'applicant' ? '@dave' : null))).toBe('@dave');
  });
});
