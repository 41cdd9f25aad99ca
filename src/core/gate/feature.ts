import { z } from 'zod';
import type { Feature } from '../feature.js';
import { t } from '../i18n/index.js';
import { describeGate, gateCommands } from './commands.js';
import { APPLY_JOB } from './delivery.js';
import type { GateDeps } from './deps.js';
import { DEADLINE_JOB, GateFlow } from './flow.js';
import { APPLY_BUTTON } from './present.js';

const jobPayload = z.object({ applicationId: z.number().int().positive() });

/** The gate as a core feature: screening flow, its commands, buttons and deadline jobs. */
export function gateFeature(deps: GateDeps): Feature & { readonly flow: GateFlow } {
  const flow = new GateFlow(deps);
  const { store, ports } = deps;

  return {
    name: 'gate',
    flow,
    commands: gateCommands({ store, flow, now: () => deps.clock.now(), log: deps.log }),
    describe: describeGate,
    on: {
      async join_requested(ctx) {
        if (ctx.circle) await flow.onJoinRequested(ctx.circle, ctx.member);
      },
      async message(ctx) {
        if (ctx.event.private) await flow.onPrivateText(ctx.member, ctx.event.text);
      },
      async answer(ctx) {
        const circle = await store.circles.find(ctx.event.circle);
        if (circle) await flow.onAnswers(circle, ctx.member, ctx.event.answers, ctx.event.interactionId);
      },
    },
    buttons: {
      async gate(ctx) {
        const { event, member, lang } = ctx;
        const port = ports.get(event.chat.platform);
        if (event.data === APPLY_BUTTON) {
          const circle = await store.circles.find(event.chat);
          const shown = circle ? await flow.onApply(circle, member, event.interactionId) : false;
          if (!shown) await port.acknowledge(event.interactionId, t(lang, 'gate.apply.none'));
          return;
        }
        if (event.data.startsWith('gate:a:')) {
          const outcome = await flow.onAnswerButton(member, event.data, event.interactionId);
          await port.acknowledge(
            event.interactionId,
            outcome === 'stale' ? t(lang, 'gate.stale') : undefined,
          );
          return;
        }
        const match = /^gate:r:(\d{1,12}):([ad])$/.exec(event.data);
        const application = match ? await store.gate.application(Number(match[1])) : null;
        const circle = application ? await store.circles.byId(application.circleId) : null;
        if (!match || !application || !circle) {
          await port.acknowledge(event.interactionId, t(lang, 'gate.stale'));
          return;
        }
        if (!(await port.isAdmin(circle.chat, member.ref))) {
          deps.log.warn(
            { memberId: member.id, applicationId: application.id },
            'review button pressed by a non-admin',
          );
          await port.acknowledge(event.interactionId, t(circle.lang, 'gate.review.adminsOnly'));
          return;
        }
        const decided = await flow.decideByAdmin(circle, application, member, match[2] === 'a');
        await port.acknowledge(
          event.interactionId,
          decided ? t(circle.lang, 'gate.review.done') : t(circle.lang, 'gate.review.already'),
        );
      },
    },
    jobs: {
      [DEADLINE_JOB]: (payload) => flow.onDeadline(jobPayload.parse(payload).applicationId),
      [APPLY_JOB]: (payload) => flow.onApplyJob(jobPayload.parse(payload).applicationId),
    },
  };
}
