import { type Circle, circleName } from '../circle.js';
import type { CreditAssessment } from '../credit/service.js';
import { formatTime, labelOf } from '../format.js';
import { t } from '../i18n/index.js';
import type { ChatPort, OutMessage } from '../port.js';
import type { MemberRecord } from '../repos.js';
import { adminDecision, timeoutDecision } from './decisions.js';
import { VerdictDelivery } from './delivery.js';
import type { GateDeps } from './deps.js';
import { grade, readChoice, readTypedAnswer } from './grading.js';
import { answerError, applyInvitation, parseAnswerData, questionMessage, questionStep } from './present.js';
import type { Answer, Application, ApplicationState, Decision } from './repo.js';
import { OPEN_STATES } from './repo.js';
import { judge } from './verdict.js';

export const DEADLINE_JOB = 'gate.deadline';
const deadlineKey = (id: number) => `${DEADLINE_JOB}:${id}`;

/**
 * The screening flow: a join request opens an application, questions go to the applicant privately,
 * answers are recorded, the verdict is reached by `judge`, and the platform is told. Every step is in
 * the store before the platform hears of it; deadlines are durable jobs.
 */
export class GateFlow {
  readonly #delivery: VerdictDelivery;

  constructor(private readonly deps: GateDeps) {
    this.#delivery = new VerdictDelivery(deps, (circle, applicant, application) =>
      this.askToPay(circle, applicant, application),
    );
  }

  /** A join request: open an application (or resume the open one), or turn away during a cooldown. */
  async onJoinRequested(circle: Circle, applicant: MemberRecord): Promise<void> {
    const { store, clock, log } = this.deps;
    const settings = circle.settings.gate;
    const now = clock.now();
    await store.memberships.set(circle.id, applicant.id, 'applicant', now);
    if (!settings.enabled) {
      log.info(
        { circleId: circle.id, memberId: applicant.id },
        'join request left for the admins: gate is off',
      );
      return;
    }
    const open = await store.gate.openApplication(circle.id, applicant.id);
    if (open) {
      if (open.state === 'asking') await this.ask(circle, applicant, open);
      return;
    }
    const last = await store.gate.lastClosedApplication(circle.id, applicant.id);
    if (last?.decidedAt && last.state !== 'approved') {
      const until = new Date(last.decidedAt.getTime() + settings.cooldownMs);
      if (until > now) {
        await store.audit.record({
          circleId: circle.id,
          actorId: null,
          action: 'gate.cooldown',
          targetId: applicant.id,
          detail: { until: until.toISOString() },
          at: now,
        });
        await this.port(circle).declineJoin(circle.chat, applicant.ref);
        await this.dm(applicant, {
          text: t(circle.lang, 'gate.cooldown', { circle: circleName(circle), until: formatTime(until) }),
        });
        return;
      }
    }
    const questions = await store.gate.questions(circle.id);
    const application = await store.gate.createApplication({
      circleId: circle.id,
      memberId: applicant.id,
      questions: questions.map(({ kind, prompt, options, correct }) => ({ kind, prompt, options, correct })),
      createdAt: now,
      deadline: new Date(now.getTime() + settings.timeoutMs),
    });
    await store.jobs.schedule({
      kind: DEADLINE_JOB,
      key: deadlineKey(application.id),
      payload: { applicationId: application.id },
      runAt: application.deadline,
    });
    log.info(
      { circleId: circle.id, memberId: applicant.id, applicationId: application.id },
      'application opened',
    );
    if (application.questions.length === 0) {
      await this.evaluate(circle, applicant, application);
      return;
    }
    await this.ask(circle, applicant, application, true);
  }

  /** A private message: the answer to a text question (or a typed choice) of the person's open application. */
  async onPrivateText(applicant: MemberRecord, text: string): Promise<boolean> {
    const application = await this.deps.store.gate.askingApplicationOf(applicant.id);
    if (!application) return false;
    const circle = await this.deps.store.circles.byId(application.circleId);
    if (!circle) return false;
    const question = application.questions[application.answers.length];
    if (!question) return false;
    const read = readTypedAnswer(question, text);
    if (!read.ok) {
      await this.dm(applicant, { text: answerError(circle.lang, read.key, question) });
      return true;
    }
    await this.record(
      circle,
      applicant,
      application,
      { question: application.answers.length, ...read.answer },
      { ask: true },
    );
    return true;
  }

  /** A button under a choice question: `gate:a:<application>:<question>:<option>`. */
  async onAnswerButton(applicant: MemberRecord, data: string, via?: string): Promise<'recorded' | 'stale'> {
    const parsed = parseAnswerData(data);
    if (!parsed) return 'stale';
    const { id, q, opt } = parsed;
    const application = await this.deps.store.gate.application(id);
    if (!application || application.memberId !== applicant.id || application.state !== 'asking')
      return 'stale';
    if (application.answers.length !== q) return 'stale';
    const question = application.questions[q];
    const read = question ? readChoice(question, opt) : null;
    if (!read?.ok) return 'stale';
    const circle = await this.deps.store.circles.byId(application.circleId);
    if (!circle) return 'stale';
    const recorded = await this.record(
      circle,
      applicant,
      application,
      { question: q, ...read.answer },
      { ask: true, via },
    );
    return recorded ? 'recorded' : 'stale';
  }

  /** Answers given in one go (a Discord modal); each is read like a typed answer. */
  async onAnswers(
    circle: Circle,
    applicant: MemberRecord,
    answers: ReadonlyArray<{ question: number; text: string }>,
    via?: string,
  ) {
    let application = await this.deps.store.gate.openApplication(circle.id, applicant.id);
    for (const given of answers) {
      if (application?.state !== 'asking' || given.question !== application.answers.length) return;
      const question = application.questions[given.question];
      if (!question) return;
      const read = readTypedAnswer(question, given.text);
      if (!read.ok) {
        await this.dm(applicant, { text: answerError(circle.lang, read.key, question) });
        return;
      }
      const last = given === answers[answers.length - 1];
      application = await this.record(
        circle,
        applicant,
        application,
        { question: given.question, ...read.answer },
        { ask: last, via },
      );
    }
  }

  /** The Apply button (platforms with forms): shows the applicant the questions still open. */
  async onApply(circle: Circle, applicant: MemberRecord, via: string): Promise<boolean> {
    const application = await this.deps.store.gate.openApplication(circle.id, applicant.id);
    if (application?.state !== 'asking') return false;
    await this.ask(circle, applicant, application, false, via);
    return true;
  }

  /** The answer (or payment) deadline fired: the circle's timeout policy decides. Idempotent. */
  async onDeadline(applicationId: number): Promise<void> {
    const { store } = this.deps;
    const application = await store.gate.application(applicationId);
    if (application?.state !== 'asking' && application?.state !== 'paying') return;
    const circle = await store.circles.byId(application.circleId);
    const applicant = await store.members.byId(application.memberId);
    if (!circle || !applicant) return;
    await this.conclude(
      circle,
      applicant,
      application,
      [application.state],
      timeoutDecision(circle, application, this.deps.clock.now()),
    );
  }

  /** An admin approves or declines (command, review button, dashboard). `null` when it was already decided. */
  async decideByAdmin(
    circle: Circle,
    application: Application,
    admin: MemberRecord,
    approve: boolean,
    note?: string,
  ): Promise<Application | null> {
    const applicant = await this.deps.store.members.byId(application.memberId);
    if (!applicant) return null;
    const decision = adminDecision(application, { id: admin.id, label: labelOf(admin) }, approve, {
      note,
      paymentRequired: this.paymentRequired(circle),
      at: this.deps.clock.now(),
    });
    return this.conclude(circle, applicant, application, OPEN_STATES, decision);
  }

  /** An admin decides a join request the gate did not screen (the gate was off when it came). */
  decideRequest(
    circle: Circle,
    applicant: MemberRecord,
    admin: MemberRecord,
    approve: boolean,
  ): Promise<void> {
    return this.#delivery.decideUnscreened(circle, applicant, admin, approve);
  }

  /** The combined credit of a member, as every provider sees them now. */
  assess(member: MemberRecord): Promise<CreditAssessment> {
    return this.deps.credit.assess({ memberId: member.id, ref: member.ref, username: member.username });
  }

  /** The verdict outbox job (see `VerdictDelivery`). */
  onApplyJob(applicationId: number): Promise<void> {
    return this.#delivery.onApplyJob(applicationId);
  }

  /**
   * A completed entry payment came in for an application: one waiting for it is admitted. Idempotent; one
   * still being screened is admitted when it passes (`EntryPayment.request` finds the payment then).
   */
  async onPaid(applicationId: number): Promise<Application | null> {
    const { store } = this.deps;
    const application = await store.gate.application(applicationId);
    if (application?.state !== 'paying') return null;
    const circle = await store.circles.byId(application.circleId);
    const applicant = await store.members.byId(application.memberId);
    if (!circle || !applicant) return null;
    return this.conclude(circle, applicant, application, ['paying'], {
      state: 'approved',
      reason: { key: 'gate.reason.paid', params: {} },
      credit: application.credit,
      decidedBy: null,
      at: this.deps.clock.now(),
    });
  }

  // ——— internals ———

  private paymentRequired(circle: Circle): boolean {
    return this.deps.payment?.required(circle) ?? false;
  }

  private async record(
    circle: Circle,
    applicant: MemberRecord,
    application: Application,
    answer: Answer,
    next: { ask: boolean; via?: string | undefined },
  ): Promise<Application | null> {
    const updated = await this.deps.store.gate.addAnswer(application.id, application.answers.length, answer);
    if (!updated) return null;
    if (updated.answers.length < updated.questions.length) {
      if (next.ask) await this.ask(circle, applicant, updated, false, next.via);
      return updated;
    }
    await this.evaluate(circle, applicant, updated);
    return updated;
  }

  private async ask(
    circle: Circle,
    applicant: MemberRecord,
    application: Application,
    first = false,
    via?: string,
  ): Promise<void> {
    const index = application.answers.length;
    const question = application.questions[index];
    if (!question) return;
    const port = this.port(circle);
    if (port.capabilities.has('application_form') && port.inviteToApply && port.presentQuestions) {
      if (via) await port.presentQuestions(via, questionStep(circle, application));
      else
        await port.inviteToApply(circle.chat, applicant.ref, applyInvitation(circle, applicant, application));
      return;
    }
    const sent = await this.dm(applicant, questionMessage(circle, application, first));
    if (!sent && first) {
      this.deps.log.warn({ applicationId: application.id }, 'applicant cannot be reached privately');
      await this.unreachable(circle, applicant, application);
    }
  }

  private async evaluate(circle: Circle, applicant: MemberRecord, application: Application): Promise<void> {
    const graded = grade(application.questions, application.answers, circle.settings.gate.passmark);
    const credit = await this.assess(applicant);
    const verdict = judge(circle.settings.gate, graded, credit);
    const paying = verdict.state === 'approved' && this.paymentRequired(circle);
    await this.conclude(circle, applicant, application, ['asking'], {
      ...verdict,
      ...(paying ? { state: 'paying', reason: { key: 'gate.reason.awaitingPayment', params: {} } } : {}),
      decidedBy: null,
      at: this.deps.clock.now(),
    });
  }

  /** Stores the decision (with its audit row) first, then tells the platform and the people involved. */
  private async conclude(
    circle: Circle,
    applicant: MemberRecord,
    application: Application,
    from: readonly ApplicationState[],
    decision: Decision,
  ): Promise<Application | null> {
    const { store, log } = this.deps;
    // The outbox entry, committed no later than the verdict: a redelivered update or a re-run deadline finds
    // the application decided and does nothing, so the entry is what makes the call should this process die
    // before making it. One left by a decision that lost the race finds the verdict delivered.
    await this.#delivery.expect(application.id, decision.state);
    const decided = await store.gate.decide(application.id, from, decision, {
      circleId: circle.id,
      actorId: decision.decidedBy,
      action: `gate.${decision.state}`,
      targetId: applicant.id,
      detail: { applicationId: application.id, reason: decision.reason },
      at: decision.at,
    });
    if (!decided) return null;
    if (decision.state === 'paying') {
      // The applicant gets the full timeout again to pay.
      await store.jobs.schedule({
        kind: DEADLINE_JOB,
        key: deadlineKey(application.id),
        payload: { applicationId: application.id },
        runAt: new Date(decision.at.getTime() + circle.settings.gate.timeoutMs),
      });
    } else if (decision.state !== 'review') await store.jobs.cancel(deadlineKey(application.id));
    log.info(
      {
        circleId: circle.id,
        memberId: applicant.id,
        applicationId: application.id,
        state: decision.state,
        reason: decision.reason.key,
      },
      'verdict',
    );
    await this.#delivery.deliver(circle, applicant, decided, true);
    return decided;
  }

  /** Sends the invoice or payment link; a payment that already came in admits at once. */
  private async askToPay(circle: Circle, applicant: MemberRecord, application: Application): Promise<void> {
    const outcome = this.deps.payment
      ? await this.deps.payment.request(circle, applicant, application)
      : 'paid';
    if (outcome === 'paid') {
      await this.onPaid(application.id);
      return;
    }
    if (outcome === 'unreachable') {
      this.deps.log.warn({ applicationId: application.id }, 'applicant cannot be reached to pay');
      await this.unreachable(circle, applicant, application);
    }
  }

  /** The applicant cannot be written to privately: the admins review it, or it is declined (timeout policy). */
  private async unreachable(
    circle: Circle,
    applicant: MemberRecord,
    application: Application,
  ): Promise<void> {
    await this.conclude(circle, applicant, application, [application.state], {
      state: circle.settings.gate.onTimeout === 'review' ? 'review' : 'declined',
      reason: { key: 'gate.reason.unreachable', params: {} },
      credit: application.credit,
      decidedBy: null,
      at: this.deps.clock.now(),
    });
  }

  private port(circle: Circle): ChatPort {
    return this.#delivery.port(circle);
  }

  private dm(member: MemberRecord, message: OutMessage) {
    return this.#delivery.dm(member, message);
  }
}
