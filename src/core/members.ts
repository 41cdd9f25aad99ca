import type { Clock } from './clock.js';
import type { EventContext, Feature } from './feature.js';
import type { Store } from './store.js';

/**
 * Keeps memberships in step with what the platform shows: joins, leaves, and people already in a group
 * when the bot arrived (anyone who speaks in the group is in it).
 */
export function membershipFeature(deps: { store: Store; clock: Clock }): Feature {
  const { store, clock } = deps;

  async function present(ctx: EventContext) {
    if (!ctx.circle) return;
    const current = await store.memberships.get(ctx.circle.id, ctx.member.id);
    if (!current || current.status === 'left') {
      await store.memberships.set(ctx.circle.id, ctx.member.id, 'member', clock.now());
    }
  }

  return {
    name: 'memberships',
    on: {
      message: present,
      command: present,
      async member_joined(ctx) {
        if (ctx.circle) await store.memberships.set(ctx.circle.id, ctx.member.id, 'member', clock.now());
      },
      async member_left(ctx) {
        if (ctx.circle) await store.memberships.set(ctx.circle.id, ctx.member.id, 'left', clock.now());
      },
    },
  };
}
