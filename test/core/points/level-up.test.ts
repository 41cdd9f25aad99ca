import { describe, expect, it } from 'vitest';
import { type Circle, defaultCircleSettings } from '../../../src/core/circle.js';
import { ManualClock } from '../../../src/core/clock.js';
import { CircleError, PlatformError } from '../../../src/core/errors.js';
import type { Logger } from '../../../src/core/logger.js';
import { LEVEL_UP_REACTION, type PointsCause, PointsFlow } from '../../../src/core/points/flow.js';
import type { RecordResult, Standing } from '../../../src/core/points/repo.js';
import type { PointsSettings } from '../../../src/core/points/settings.js';
import { emptyActivityState } from '../../../src/core/points/state.js';
import type { Capability, ChatPort, OutMessage } from '../../../src/core/port.js';
import { Ports } from '../../../src/core/ports.js';
import type { ChatRef } from '../../../src/core/refs.js';
import type { MemberRecord } from '../../../src/core/repos.js';
import type { Store } from '../../../src/core/store.js';

const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLog };
const group: ChatRef = { platform: 'telegram', id: '-100200' };
const ann: MemberRecord = {
  id: 7,
  ref: { platform: 'telegram', id: '42' },
  username: 'ann',
  displayName: 'Ann',
  firstSeenAt: new Date(0),
};

/** A port that records what the bot says and reacts; `react` may be missing or refuse. */
function recordingPort(react: 'works' | 'refused' | 'store-lost' | 'none') {
  const said: OutMessage[] = [];
  const reactions: Array<{ chat: ChatRef; messageId: string; emoji: string }> = [];
  const capabilities = new Set<Capability>(react === 'none' ? [] : ['reactions']);
  const port: ChatPort = {
    platform: 'telegram',
    capabilities,
    send: async (chat, message) => {
      said.push(message);
      return { chat, messageId: String(said.length) };
    },
    sendDirect: async () => null,
    edit: async () => {},
    deleteMessage: async () => {},
    acknowledge: async () => {},
    approveJoin: async () => 'done',
    declineJoin: async () => 'done',
    kick: async () => {},
    isAdmin: async () => false,
    registerCommands: async () => {},
    checkSetup: async () => [],
    ...(react === 'none'
      ? {}
      : {
          react: async (chat: ChatRef, messageId: string, emoji: string) => {
            if (react === 'refused') throw new PlatformError('setMessageReaction', 'REACTION_INVALID');
            if (react === 'store-lost') throw new CircleError('CB_ERR_ROLLED_BACK', 'commit lost');
            reactions.push({ chat, messageId, emoji });
          },
        }),
  };
  const ports = new Ports();
  ports.add(port);
  return { ports, said, reactions };
}

function circleWith(levelUp: PointsSettings['levelUp']): Circle {
  const settings = defaultCircleSettings();
  return {
    id: 1,
    chat: group,
    title: 'Tea lovers',
    lang: 'en',
    settings: { ...settings, points: { ...settings.points, levelUp } },
    createdAt: new Date(0),
  };
}

const standing = (points: number, level: number): Standing => ({
  circleId: 1,
  memberId: ann.id,
  points,
  level,
  lastActiveAt: null,
  state: emptyActivityState(),
});
const levelUp: RecordResult = { before: standing(95, 0), after: standing(115, 1), duplicates: 0 };
const sameLevel: RecordResult = { before: standing(20, 0), after: standing(40, 0), duplicates: 0 };
const cause: PointsCause = { chat: group, messageId: '318' };

function flowWith(ports: Ports) {
  return new PointsFlow({ store: {} as Store, ports, clock: new ManualClock(), log: silentLog });
}

describe('how a level-up is announced', () => {
  it('with `reaction`, the bot puts 🎉 on the message that earned the level and says nothing', async () => {
    const { ports, said, reactions } = recordingPort('works');
    await flowWith(ports).afterRecord(circleWith('reaction'), ann, levelUp, cause);
    expect(reactions).toEqual([{ chat: group, messageId: '318', emoji: LEVEL_UP_REACTION }]);
    expect(LEVEL_UP_REACTION).toBe('🎉');
    expect(said).toEqual([]);
  });

  it('with `reaction` but no message (points given by an admin), a line announces it', async () => {
    const { ports, said, reactions } = recordingPort('works');
    await flowWith(ports).afterRecord(circleWith('reaction'), ann, levelUp);
    expect(reactions).toEqual([]);
    expect(said.map((m) => m.text)).toEqual(['🎉 @ann reached level 1!']);
  });

  it('with `reaction` where the platform cannot react, a line announces it', async () => {
    const { ports, said } = recordingPort('none');
    await flowWith(ports).afterRecord(circleWith('reaction'), ann, levelUp, cause);
    expect(said.map((m) => m.text)).toEqual(['🎉 @ann reached level 1!']);
  });

  it('when the platform refuses the reaction (the group allows other emoji), a line announces it', async () => {
    const { ports, said } = recordingPort('refused');
    await flowWith(ports).afterRecord(circleWith('reaction'), ann, levelUp, cause);
    expect(said.map((m) => m.text)).toEqual(['🎉 @ann reached level 1!']);
  });

  it('a failure that is not the platform’s (the state behind it was lost) is not papered over', async () => {
    const { ports, said } = recordingPort('store-lost');
    await expect(flowWith(ports).afterRecord(circleWith('reaction'), ann, levelUp, cause)).rejects.toThrow(
      'commit lost',
    );
    expect(said).toEqual([]);
  });

  it('with `line` a line, with `off` nothing, and no level change means no announcement at all', async () => {
    const line = recordingPort('works');
    await flowWith(line.ports).afterRecord(circleWith('line'), ann, levelUp, cause);
    expect(line.said.map((m) => m.text)).toEqual(['🎉 @ann reached level 1!']);
    expect(line.reactions).toEqual([]);

    const off = recordingPort('works');
    await flowWith(off.ports).afterRecord(circleWith('off'), ann, levelUp, cause);
    await flowWith(off.ports).afterRecord(circleWith('reaction'), ann, sameLevel, cause);
    expect(off.said).toEqual([]);
    expect(off.reactions).toEqual([]);
  });
});
