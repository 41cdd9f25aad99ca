import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideMessagePoints } from '../../../src/core/points/earn.js';
import { MAX_RECENT } from '../../../src/core/points/settings.js';
import { emptyActivityState } from '../../../src/core/points/state.js';
import { at, chatter, pointsSettings } from './fixtures.js';

describe('earning points from messages', () => {
  it('a member’s message earns 15–25 points, drawn with the injected dice', () => {
    expect(chatter(pointsSettings(), () => 0).say('2026-03-02T10:00:00', 'hello everyone').points).toBe(15);
    expect(chatter(pointsSettings(), () => 0.5).say('2026-03-02T10:00:00', 'hello everyone').points).toBe(20);
    expect(
      chatter(pointsSettings(), () => 0.9999).say('2026-03-02T10:00:00', 'hello everyone'),
    ).toMatchObject({
      points: 25,
      reason: 'earned',
    });
  });

  it('cooldown: a second message within 60 s earns nothing, one after 60 s earns again', () => {
    const alice = chatter();
    expect(alice.say('2026-03-02T10:00:00', 'hello everyone').reason).toBe('earned');
    expect(alice.say('2026-03-02T10:00:30', 'how was your weekend?')).toMatchObject({
      points: 0,
      reason: 'cooldown',
    });
    expect(alice.say('2026-03-02T10:00:59.999', 'anyone up for lunch')).toMatchObject({ reason: 'cooldown' });
    expect(alice.say('2026-03-02T10:01:00', 'I found a great noodle place')).toMatchObject({
      reason: 'earned',
    });
  });

  it('cooldown runs from the last message that earned, not the last one sent', () => {
    const bob = chatter();
    bob.say('2026-03-02T10:00:00', 'good morning team');
    bob.say('2026-03-02T10:00:50', 'the deploy went fine'); // cooldown
    expect(bob.say('2026-03-02T10:01:05', 'lunch at noon?').reason).toBe('earned');
  });

  it('a message older than the last earning one (delivered late) never earns', () => {
    const carol = chatter();
    carol.say('2026-03-02T10:05:00', 'good morning team');
    expect(carol.say('2026-03-02T10:00:00', 'an old message arriving late').reason).toBe('cooldown');
  });

  it('a circle can turn the cooldown off, or points off altogether', () => {
    const fast = chatter(pointsSettings({ cooldownMs: 0 }));
    expect(fast.say('2026-03-02T10:00:00', 'first message here').reason).toBe('earned');
    expect(fast.say('2026-03-02T10:00:00', 'second one right after').reason).toBe('earned');
    const state = emptyActivityState();
    expect(
      decideMessagePoints({
        settings: pointsSettings({ enabled: false }),
        at: at('2026-03-02T10:00:00'),
        text: 'hello everyone',
        hasMedia: false,
        state,
        random: () => 0.5,
      }),
    ).toEqual({ points: 0, reason: 'disabled', streak: null, nextState: state });
  });

  it('length: messages under 3 visible characters earn nothing — in any script', () => {
    const dave = chatter();
    expect(dave.say('2026-03-02T10:00:00', 'ok')).toMatchObject({
      points: 0,
      reason: 'too_short',
      streak: null,
    });
    expect(dave.say('2026-03-02T10:00:00', '  .  ')).toMatchObject({ reason: 'too_short' });
    expect(dave.say('2026-03-02T10:00:00', '👍🏽👍🏽').reason).toBe('too_short');
    expect(dave.state).toEqual(emptyActivityState());
    expect(chatter().say('2026-03-02T10:00:00', '谢谢你').reason).toBe('earned');
    expect(chatter().say('2026-03-02T10:00:00', '🎉🎉🎉').reason).toBe('earned');
    expect(chatter(pointsSettings({ minLength: 0 })).say('2026-03-02T10:00:00', 'k').reason).toBe('earned');
  });

  it('a photo with no caption is a real message', () => {
    const erin = chatter();
    expect(erin.say('2026-03-02T10:00:00', '', true).reason).toBe('earned');
    expect(erin.say('2026-03-02T10:01:00', '', true).reason).toBe('earned'); // photos are not compared
    expect(erin.state.recent).toEqual([]);
    expect(erin.say('2026-03-02T10:02:00', 'lol', true).reason).toBe('earned');
  });

  it('similarity: repeating the same message, however dressed up, earns nothing', () => {
    const spammer = chatter();
    expect(spammer.say('2026-03-02T10:00:00', 'gm gm gm').reason).toBe('earned');
    expect(spammer.say('2026-03-02T10:01:00', 'GM!!')).toMatchObject({ points: 0, reason: 'too_similar' });
    expect(spammer.say('2026-03-02T10:02:00', 'gmmmm gm').reason).toBe('too_similar');
    expect(spammer.say('2026-03-02T10:03:00', 'check out my channel').reason).toBe('earned');
    expect(spammer.say('2026-03-02T10:04:00', 'check out my channel pls').reason).toBe('too_similar');
  });

  it('similarity: unrelated messages earn as usual, in Chinese too', () => {
    const frank = chatter();
    for (const [i, text] of [
      '今天天气很好',
      '我们明天去看电影吧',
      'anyone tried the new ramen place?',
      'the meetup is on Saturday at the park',
    ].entries()) {
      expect(frank.say(`2026-03-02T10:0${i}:00`, text).reason).toBe('earned');
    }
    expect(frank.say('2026-03-02T10:05:00', '今天天气很好！').reason).toBe('too_similar');
  });

  it('similarity looks back only over the last 5 texts of the day', () => {
    const gina = chatter();
    const texts = [
      'first topic here',
      'talking about cats',
      'then dogs and birds',
      'weather is nice',
      'the game last night',
    ];
    for (const [i, text] of texts.entries()) gina.say(`2026-03-02T10:0${i}:00`, text);
    expect(gina.say('2026-03-02T10:05:00', 'something brand new').reason).toBe('earned');
    expect(gina.say('2026-03-02T10:06:00', 'first topic here').reason).toBe('earned'); // pushed out
    expect(gina.state.recent).toHaveLength(5);
  });

  it('a daily greeting is not spam: the recent texts start afresh each UTC day', () => {
    const hank = chatter();
    expect(hank.say('2026-03-02T08:00:00', 'good morning everyone').reason).toBe('earned');
    expect(hank.say('2026-03-03T08:00:00', 'good morning everyone').reason).toBe('earned');
    expect(hank.say('2026-03-03T08:05:00', 'good morning everyone!').reason).toBe('too_similar');
  });

  it('a circle can turn the similarity rule off', () => {
    const ivy = chatter(pointsSettings({ recentCount: 0 }));
    ivy.say('2026-03-02T10:00:00', 'same words again');
    expect(ivy.say('2026-03-02T10:01:00', 'same words again').reason).toBe('earned');
    expect(ivy.state.recent).toEqual([]);
  });

  it('throws RangeError for an invalid date rather than guessing a day', () => {
    expect(() => chatter().say('not a date', 'hello everyone')).toThrow(RangeError);
  });

  it('a min above the max reads as the range between them', () => {
    const odd = pointsSettings({ messageMin: 30, messageMax: 10 });
    expect(chatter(odd, () => 0).say('2026-03-02T10:00:00', 'hello there').points).toBe(10);
    expect(chatter(odd, () => 0.99).say('2026-03-02T10:00:00', 'hello there').points).toBe(30);
  });

  const texts = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.constantFrom('gm', 'gm gm gm', 'hello everyone', '今天天气很好', '👍👍👍', 'ok', ''),
  );
  const messages = fc.array(
    fc.record({
      gapMs: fc.integer({ min: -120_000, max: 3 * 86_400_000 }),
      text: texts,
      hasMedia: fc.boolean(),
      draw: fc.oneof(fc.double({ min: 0, max: 1, maxExcluded: true }), fc.constantFrom(1, -1, Number.NaN)),
    }),
    { maxLength: 60 },
  );

  it('property: any stream of messages earns 0 or a draw within [min, max], and the state stays small', () => {
    fc.assert(
      fc.property(
        messages,
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: MAX_RECENT }),
        (stream, a, b, recentCount) => {
          const settings = pointsSettings({ messageMin: a, messageMax: b, recentCount });
          let state = emptyActivityState();
          let ms = Date.UTC(2026, 2, 2, 10);
          for (const m of stream) {
            ms += m.gapMs;
            const d = decideMessagePoints({
              settings,
              at: new Date(ms),
              text: m.text,
              hasMedia: m.hasMedia,
              state,
              random: () => m.draw,
            });
            if (d.reason === 'earned') {
              expect(d.points).toBeGreaterThanOrEqual(Math.min(a, b));
              expect(d.points).toBeLessThanOrEqual(Math.max(a, b));
              expect(Number.isInteger(d.points)).toBe(true);
            } else {
              expect(d.points).toBe(0);
            }
            state = d.nextState;
            expect(state.recent.length).toBeLessThanOrEqual(recentCount);
            for (const r of state.recent) expect(Array.from(r).length).toBeLessThanOrEqual(100);
            expect(JSON.parse(JSON.stringify(state))).toEqual(state);
          }
        },
      ),
    );
  });
});
