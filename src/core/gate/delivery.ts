import { type Circle, circleName } from '../circle.js';
import { labelOf } from '../format.js';
import { t, tDynamic } from '../i18n/index.js';
import type { ChatPort, OutMessage } from '../port.js';
import type { MemberRecord } from '../repos.js';
import type { GateDeps } from './deps.js';
import { renderReason } from './render.js';
import type { Application, ApplicationState } from './repo.js';
import { postReviewItem, reviewText } from './review-items.js';

/** The outbox job that (re)delivers a verdict's platform side. */
export const APPLY_JOB = 'gate.apply';
const applyKey = (id: number) => `${APPLY_JOB}:${id}`;
/** How long a verdict's platform call has before its outbox job takes over, and a failed one waits to retry. */
const APPLY_AFTER_MS = 30_000;
/**
 * The verdicts with a platform side (approve or decline the join request). Once the platform took one, the
 * membership leaves `applicant` (for `member` or `declined`): how the outbox job knows it is done.
 */
const PLATFORM_SIDE: ReadonlySet<ApplicationState> = new Set(['approved', 'declined', 'expired']);
const hasPlatformSide = (state: ApplicationState): boolean => PLATFORM_SIDE.has(state);

/**
 * The second half of a verdict: making the platform match what the store decided, and telling the people
 * involved. The platform side goes through an outbox: `expect` is committed no later than the verdict, a
 * platform call that was taken cancels it, and otherwise its job (`onApplyJob`) makes the call later — after
 * a failed call, or a process that died between committing the verdict and calling. A call can so be made
 * twice (the process died after the platform took it, before it could say so); the ports answer a join
 * request handled already as done.
 */
export class VerdictDelivery {
  constructor(
    private readonly deps: GateDeps,
    /** What a `paying` verdict does once stored: ask for the entry fee (GateFlow, which owns payments). */
    private readonly askToPay: (
      circle: Circle,
      applicant: MemberRecord,
      application: Application,
    ) => Promise<void>,
  ) {}

  /** Puts the outbox entry of a verdict with a platform side in place; call it before committing the verdict. */
  async expect(application: Application['id'], state: ApplicationState): Promise<void> {
    if (hasPlatformSide(state)) await this.schedule(application);
  }

  /** Makes the platform match the stored verdict and, with `notify`, tells the applicant and the admins. */
  async deliver(circle: Circle, applicant: MemberRecord, application: Application, notify: boolean) {
    const { store, clock, log } = this.deps;
    const port = this.port(circle);
    let taken = false;
    try {
      if (application.state === 'approved') {
        await port.approveJoin(circle.chat, applicant.ref);
        taken = true;
        await store.memberships.set(circle.id, applicant.id, 'member', clock.now());
      } else if (application.state === 'declined' || application.state === 'expired') {
        await port.declineJoin(circle.chat, applicant.ref, {
          keep: circle.settings.gate.onDecline === 'keep',
        });
        taken = true;
        await store.memberships.set(circle.id, applicant.id, 'declined', clock.now());
      }
    } catch (err) {
      log.error(
        { err, applicationId: application.id },
        taken
          ? 'platform took the verdict but it could not be recorded; the outbox job confirms it later'
          : 'platform did not take the verdict; retrying later',
      );
      await this.schedule(application.id);
      return;
    }
    if (hasPlatformSide(application.state)) await store.jobs.cancel(applyKey(application.id));
    if (notify) await this.tell(circle, applicant, application);
  }

  /**
   * The outbox job: delivers the platform side of a verdict that was not delivered. Only while the verdict
   * still waits for it — the membership is still `applicant` and no newer application of the same person is
   * open — so a leftover entry (one a decision that lost a race scheduled again) neither repeats a delivered
   * verdict, nor answers a newer join request with an older verdict, nor marks a member who left as member.
   */
  async onApplyJob(applicationId: number): Promise<void> {
    const { store } = this.deps;
    const application = await store.gate.application(applicationId);
    if (!application || !hasPlatformSide(application.state)) return;
    const circle = await store.circles.byId(application.circleId);
    const applicant = await store.members.byId(application.memberId);
    if (!circle || !applicant) return;
    if ((await store.memberships.get(circle.id, applicant.id))?.status !== 'applicant') return;
    const open = await store.gate.openApplication(circle.id, applicant.id);
    if (open && open.id !== application.id) return;
    await this.deliver(circle, applicant, application, false);
  }

  /** An admin decides a join request the gate did not screen (the gate was off when it came). */
  async decideUnscreened(
    circle: Circle,
    applicant: MemberRecord,
    admin: MemberRecord,
    approve: boolean,
  ): Promise<void> {
    const { store, clock } = this.deps;
    const now = clock.now();
    await store.memberships.set(circle.id, applicant.id, approve ? 'member' : 'declined', now);
    await store.audit.record({
      circleId: circle.id,
      actorId: admin.id,
      action: approve ? 'gate.approved' : 'gate.declined',
      targetId: applicant.id,
      detail: {
        reason: { key: approve ? 'gate.reason.adminApproved' : 'gate.reason.adminDeclined', params: {} },
      },
      at: now,
    });
    const port = this.port(circle);
    if (approve) await port.approveJoin(circle.chat, applicant.ref);
    else await port.declineJoin(circle.chat, applicant.ref);
    const name = circleName(circle);
    const text = approve
      ? t(circle.lang, 'gate.result.approved', { circle: name })
      : t(circle.lang, 'gate.result.declined', {
          circle: name,
          reason: t(circle.lang, 'gate.reason.adminDeclined', { admin: labelOf(admin) }),
        });
    await this.dm(applicant, { text });
    if (approve) await this.admitted(circle, applicant);
  }

  /** The after-admission hook (welcome); its failure is logged and never undoes the admission. */
  async admitted(circle: Circle, member: MemberRecord): Promise<void> {
    try {
      await this.deps.onAdmitted?.(circle, member);
    } catch (err) {
      this.deps.log.error({ err, circleId: circle.id, memberId: member.id }, 'after-admission step failed');
    }
  }

  dm(member: MemberRecord, message: OutMessage) {
    return this.deps.ports.get(member.ref.platform).sendDirect(member.ref, message);
  }

  port(circle: Circle): ChatPort {
    return this.deps.ports.get(circle.chat.platform);
  }

  /** Tells the applicant the verdict, posts or closes the review item, and asks for the fee when paying. */
  private async tell(circle: Circle, applicant: MemberRecord, application: Application): Promise<void> {
    const { store, log } = this.deps;
    const lang = circle.lang;
    const name = circleName(circle);
    const reason = application.reason ? renderReason(lang, application.reason) : '';
    if (application.state === 'approved') {
      await this.dm(applicant, { text: t(lang, 'gate.result.approved', { circle: name }) });
      await this.admitted(circle, applicant);
    }
    if (application.state === 'declined')
      await this.dm(applicant, { text: t(lang, 'gate.result.declined', { circle: name, reason }) });
    if (application.state === 'expired')
      await this.dm(applicant, { text: t(lang, 'gate.result.expired', { circle: name }) });
    if (application.state === 'review') {
      await this.dm(applicant, { text: t(lang, 'gate.result.review', { circle: name }) });
      await postReviewItem(this.deps, this.port(circle), circle, applicant, application);
    }
    if (application.state === 'paying') await this.askToPay(circle, applicant, application);
    if (application.reviewMessage && application.state !== 'review') {
      const admin = application.decidedBy ? await store.members.byId(application.decidedBy) : null;
      const text = await reviewText(store, circle, applicant, application);
      const by = admin ? labelOf(admin) : t(lang, 'gate.review.byRules');
      const outcome = tDynamic(lang, `gate.review.outcome.${application.state}`, { by });
      await this.port(circle)
        .edit(application.reviewMessage, { text: `${text}\n\n${outcome}` })
        .catch((err: unknown) => {
          log.warn({ err, applicationId: application.id }, 'could not update the review item');
        });
    }
  }

  private schedule(applicationId: number): Promise<void> {
    return this.deps.store.jobs.schedule({
      kind: APPLY_JOB,
      key: applyKey(applicationId),
      payload: { applicationId },
      runAt: new Date(this.deps.clock.now().getTime() + APPLY_AFTER_MS),
    });
  }
}
