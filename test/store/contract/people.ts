import { describe, expect, it } from 'vitest';
import { defaultCircleSettings } from '../../../src/core/circle.js';
import { aCircle, aMember, at, DAY, SNOWFLAKE, type StoreContext } from './fixtures.js';

/** Circles, members, memberships, the audit log and processed updates. */
export function describePeopleContract(ctx: StoreContext): void {
  describe('circles', () => {
    it('a chat seen for the first time becomes an English circle with default settings', async () => {
      const circle = await ctx.store.circles.ensure(
        { platform: 'telegram', id: '-1001' },
        'Book club',
        at(0),
      );
      expect(circle).toMatchObject({
        chat: { platform: 'telegram', id: '-1001' },
        title: 'Book club',
        lang: 'en',
        createdAt: at(0),
      });
      expect(circle.settings).toEqual(defaultCircleSettings());
      expect(await ctx.store.circles.find({ platform: 'telegram', id: '-1001' })).toEqual(circle);
      expect(await ctx.store.circles.byId(circle.id)).toEqual(circle);
    });

    it('seeing the chat again keeps the same circle, takes a new title and keeps it when none is given', async () => {
      const first = await ctx.store.circles.ensure({ platform: 'telegram', id: '-1001' }, 'Old', at(0));
      const renamed = await ctx.store.circles.ensure({ platform: 'telegram', id: '-1001' }, 'New', at(5));
      const untitled = await ctx.store.circles.ensure({ platform: 'telegram', id: '-1001' }, null, at(9));
      expect(renamed).toMatchObject({ id: first.id, title: 'New', createdAt: at(0) });
      expect(untitled).toMatchObject({ id: first.id, title: 'New' });
      expect(await ctx.store.circles.list()).toHaveLength(1);
    });

    it("an owner's settings and language are there after a reload", async () => {
      const circle = await aCircle(ctx.store);
      const settings = defaultCircleSettings();
      const gate = { ...settings.gate, enabled: true, minScore: 600, mode: 'review' as const };
      const updated = await ctx.store.circles.updateSettings(circle.id, { ...settings, gate });
      expect(updated.settings.gate).toEqual(gate);
      expect((await ctx.store.circles.setLang(circle.id, 'zh-CN')).lang).toBe('zh-CN');
      const reloaded = await ctx.store.circles.byId(circle.id);
      expect(reloaded).toMatchObject({ lang: 'zh-CN', settings: { gate } });
    });

    it('the same chat id on two platforms is two circles, and both are listed', async () => {
      const tg = await aCircle(ctx.store, '42', 'telegram');
      const dc = await aCircle(ctx.store, '42', 'discord');
      expect(tg.id).not.toBe(dc.id);
      expect((await ctx.store.circles.list()).map((c) => c.chat)).toEqual([tg.chat, dc.chat]);
    });

    it('a group upgraded to a supergroup keeps its circle under the new id', async () => {
      const circle = await aCircle(ctx.store, '-42', 'telegram');
      const to = { platform: 'telegram', id: '-100042' } as const;
      expect(await ctx.store.circles.moveChat(circle.chat, to)).toBe(true);
      expect(await ctx.store.circles.find(circle.chat)).toBeNull();
      expect(await ctx.store.circles.find(to)).toMatchObject({ id: circle.id });
      // Moving again (a redelivered update) or onto a taken id changes nothing.
      expect(await ctx.store.circles.moveChat(circle.chat, to)).toBe(false);
      const other = await aCircle(ctx.store, '-7', 'telegram');
      expect(await ctx.store.circles.moveChat(other.chat, to)).toBe(false);
      expect(await ctx.store.circles.find(other.chat)).toMatchObject({ id: other.id });
    });

    it('an unknown circle is not found, and changing it fails', async () => {
      expect(await ctx.store.circles.byId(999)).toBeNull();
      expect(await ctx.store.circles.find({ platform: 'discord', id: '1' })).toBeNull();
      await expect(ctx.store.circles.updateSettings(999, defaultCircleSettings())).rejects.toThrow();
      await expect(ctx.store.circles.setLang(999, 'en')).rejects.toThrow();
    });
  });

  describe('members', () => {
    it('a member is stored on first sight and keeps their first-seen time when their names change', async () => {
      const ref = { platform: 'telegram' as const, id: '7' };
      const first = await ctx.store.members.upsert(ref, { username: 'ann', displayName: 'Ann' }, at(0));
      const later = await ctx.store.members.upsert(ref, { username: 'ann_b', displayName: 'Ann B' }, at(60));
      expect(later).toEqual({
        id: first.id,
        ref,
        username: 'ann_b',
        displayName: 'Ann B',
        firstSeenAt: at(0),
      });
      expect(await ctx.store.members.find(ref)).toEqual(later);
      expect(await ctx.store.members.byId(first.id)).toEqual(later);
    });

    it('an event without a profile keeps the names already known', async () => {
      const ref = { platform: 'telegram' as const, id: '7' };
      await ctx.store.members.upsert(ref, { username: 'ann', displayName: 'Ann' }, at(0));
      const again = await ctx.store.members.upsert(ref, undefined, at(1));
      expect(again).toMatchObject({ username: 'ann', displayName: 'Ann', firstSeenAt: at(0) });
      const partial = await ctx.store.members.upsert(ref, { displayName: 'Annie' }, at(2));
      expect(partial).toMatchObject({ username: 'ann', displayName: 'Annie' });
    });

    it('an admin finds a member by @username, by bare username in any case, or by platform id', async () => {
      const ann = await aMember(ctx.store, '7', 'AnnRead');
      for (const handle of ['@AnnRead', '@annread', 'ANNREAD', 'annread', '7', ' @annread ']) {
        expect((await ctx.store.members.findByHandle('telegram', handle))?.id, handle).toBe(ann.id);
      }
    });

    it('an unknown handle finds nobody, and handles never cross platforms', async () => {
      await aMember(ctx.store, '7', 'ann');
      expect(await ctx.store.members.findByHandle('telegram', '@bob')).toBeNull();
      expect(await ctx.store.members.findByHandle('telegram', '8')).toBeNull();
      expect(await ctx.store.members.findByHandle('discord', '@ann')).toBeNull();
      expect(await ctx.store.members.findByHandle('discord', '7')).toBeNull();
    });

    it('a username that passed to another person finds its new holder', async () => {
      await aMember(ctx.store, '7', 'ann');
      const newHolder = await aMember(ctx.store, '8', 'Ann');
      expect((await ctx.store.members.findByHandle('telegram', '@ann'))?.id).toBe(newHolder.id);
    });

    it('snowflake-sized ids of members, circles and updates survive exactly', async () => {
      const ref = { platform: 'discord' as const, id: SNOWFLAKE };
      const member = await ctx.store.members.upsert(ref, { username: 'snow' }, at(0));
      expect(member.ref.id).toBe(SNOWFLAKE);
      expect((await ctx.store.members.findByHandle('discord', SNOWFLAKE))?.id).toBe(member.id);
      const circle = await aCircle(ctx.store, SNOWFLAKE, 'discord');
      expect((await ctx.store.circles.find({ platform: 'discord', id: SNOWFLAKE }))?.chat.id).toBe(SNOWFLAKE);
      expect(circle.chat.id).toBe(SNOWFLAKE);
      await ctx.store.updates.record('discord', SNOWFLAKE, at(0));
      expect(await ctx.store.updates.seen('discord', SNOWFLAKE)).toBe(true);
      expect(await ctx.store.updates.seen('discord', '1234567890123456789013')).toBe(false);
    });
  });

  describe('memberships', () => {
    it('tenure starts at the first join and survives leaving and rejoining', async () => {
      const circle = await aCircle(ctx.store);
      const ann = await aMember(ctx.store, '7');
      const applied = await ctx.store.memberships.set(circle.id, ann.id, 'applicant', at(0));
      expect(applied).toEqual({
        circleId: circle.id,
        memberId: ann.id,
        status: 'applicant',
        since: at(0),
        joinedAt: null,
      });
      await ctx.store.memberships.set(circle.id, ann.id, 'member', at(10));
      await ctx.store.memberships.set(circle.id, ann.id, 'left', at(DAY));
      const back = await ctx.store.memberships.set(circle.id, ann.id, 'member', at(2 * DAY));
      expect(back).toMatchObject({ status: 'member', since: at(2 * DAY), joinedAt: at(10) });
      expect(await ctx.store.memberships.get(circle.id, ann.id)).toEqual(back);
    });

    it('repeating the same status does not move "since"', async () => {
      const circle = await aCircle(ctx.store);
      const ann = await aMember(ctx.store, '7');
      await ctx.store.memberships.set(circle.id, ann.id, 'member', at(10));
      const again = await ctx.store.memberships.set(circle.id, ann.id, 'member', at(20));
      expect(again).toMatchObject({ since: at(10), joinedAt: at(10) });
    });

    it("an owner lists a circle's members by status, and a person's memberships span circles", async () => {
      const books = await aCircle(ctx.store, '-1');
      const chess = await aCircle(ctx.store, '-2');
      const ann = await aMember(ctx.store, '7');
      const bob = await aMember(ctx.store, '8');
      await ctx.store.memberships.set(books.id, ann.id, 'member', at(1));
      await ctx.store.memberships.set(books.id, bob.id, 'banned', at(2));
      await ctx.store.memberships.set(chess.id, ann.id, 'applicant', at(3));
      expect((await ctx.store.memberships.list(books.id, 'member')).map((m) => m.memberId)).toEqual([ann.id]);
      expect((await ctx.store.memberships.list(books.id, 'banned')).map((m) => m.memberId)).toEqual([bob.id]);
      const anns = await ctx.store.memberships.ofMember(ann.id);
      expect(anns.map((m) => [m.circleId, m.status]).sort()).toEqual(
        [
          [books.id, 'member'],
          [chess.id, 'applicant'],
        ].sort(),
      );
      expect(await ctx.store.memberships.get(chess.id, bob.id)).toBeNull();
    });
  });

  describe('audit log', () => {
    it("a circle's audit log shows who did what to whom and why, newest first, up to the limit", async () => {
      const circle = await aCircle(ctx.store);
      const other = await aCircle(ctx.store, '-2');
      const admin = await aMember(ctx.store, '1');
      const ann = await aMember(ctx.store, '7');
      await ctx.store.audit.record({ circleId: circle.id, actorId: admin.id, action: 'gate.on', at: at(1) });
      await ctx.store.audit.record({
        circleId: circle.id,
        actorId: null,
        action: 'member.warned',
        targetId: ann.id,
        detail: { reason: 'spam', count: 2, nested: { ok: true } },
        at: at(2),
      });
      await ctx.store.audit.record({ circleId: other.id, actorId: null, action: 'elsewhere', at: at(3) });
      await ctx.store.audit.record({ circleId: null, actorId: null, action: 'global', at: at(4) });

      const [newest, oldest, ...rest] = await ctx.store.audit.list(circle.id, 10);
      expect(rest).toEqual([]);
      expect(newest).toMatchObject({
        circleId: circle.id,
        actorId: null,
        action: 'member.warned',
        targetId: ann.id,
        detail: { reason: 'spam', count: 2, nested: { ok: true } },
        at: at(2),
      });
      expect(oldest).toMatchObject({ actorId: admin.id, action: 'gate.on', at: at(1) });
      expect(oldest?.targetId ?? null).toBeNull();
      expect(await ctx.store.audit.list(circle.id, 1)).toHaveLength(1);
    });
  });

  describe('processed updates', () => {
    it('a redelivered update is recognised, and recording it twice is harmless', async () => {
      expect(await ctx.store.updates.seen('telegram', '100')).toBe(false);
      await ctx.store.updates.record('telegram', '100', at(0));
      await ctx.store.updates.record('telegram', '100', at(1));
      expect(await ctx.store.updates.seen('telegram', '100')).toBe(true);
      expect(await ctx.store.updates.seen('discord', '100')).toBe(false);
    });

    it("a chat's turn resolves with its work, passes a failure on, and frees the chat either way", async () => {
      expect(await ctx.store.updates.turn('telegram:-1001', async () => 'handled')).toBe('handled');
      await expect(
        ctx.store.updates.turn('telegram:-1001', async () => {
          throw new Error('rule failed');
        }),
      ).rejects.toThrow('rule failed');
      expect(await ctx.store.updates.turn('telegram:-1001', async () => 'next')).toBe('next');
    });

    it('pruning forgets only update ids older than the cut-off', async () => {
      await ctx.store.updates.record('telegram', 'old', at(0));
      await ctx.store.updates.record('telegram', 'new', at(DAY));
      expect(await ctx.store.updates.prune(at(DAY))).toBe(1);
      expect(await ctx.store.updates.seen('telegram', 'old')).toBe(false);
      expect(await ctx.store.updates.seen('telegram', 'new')).toBe(true);
    });
  });
}
