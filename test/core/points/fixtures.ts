import { decideMessagePoints, type MessageDecision } from '../../../src/core/points/earn.js';
import { type PointsSettings, pointsSettingsSchema } from '../../../src/core/points/settings.js';
import { emptyActivityState, type MemberActivityState } from '../../../src/core/points/state.js';

/** A circle's points settings: the defaults with a few changed. */
export const pointsSettings = (patch: Partial<PointsSettings> = {}): PointsSettings => ({
  ...pointsSettingsSchema.parse({}),
  ...patch,
});

/** A fake clock's reading: plain UTC dates, nothing moves on its own. */
export const at = (iso: string): Date => new Date(iso.endsWith('Z') ? iso : `${iso}Z`);

/** A member chatting in one circle: each `say` runs the rules and keeps the state they hand back. */
export function chatter(settings: PointsSettings = pointsSettings(), random: () => number = () => 0.5) {
  let state: MemberActivityState = emptyActivityState();
  return {
    say(when: string, text: string, hasMedia = false): MessageDecision {
      const decision = decideMessagePoints({ settings, at: at(when), text, hasMedia, state, random });
      state = decision.nextState;
      return decision;
    },
    get state(): MemberActivityState {
      return state;
    },
  };
}
