import type { Circle } from '../circle.js';
import type { Clock } from '../clock.js';
import type { GateFlow } from '../gate/flow.js';
import { MAX_QUESTIONS } from '../gate/questions.js';
import type { EntryQuestion } from '../gate/repo.js';
import type { GateSettings } from '../gate/settings.js';
import type { Logger } from '../logger.js';
import type { MemberRecord } from '../repos.js';
import type { Store } from '../store.js';
import {
  type FormResult,
  type GateForm,
  type QuestionForm,
  readGateForm,
  readQuestionForm,
} from './gate-form.js';
import {
  type ActivityReport,
  type AuditLine,
  activityReport,
  auditReport,
  type LeaderboardPeriod,
  type LeaderRow,
  leaderboard,
  type MembersReport,
  membersReport,
  type OffersReport,
  offersReport,
} from './reports.js';
import { type DecisionOutcome, decideFromDashboard, type ReviewItem, reviewQueue } from './review.js';

export interface DashboardDeps {
  readonly store: Store;
  /** The gate's flow: decisions go through it, and member credit is assessed by it. */
  readonly flow: Pick<GateFlow, 'decideByAdmin' | 'assess'>;
  readonly clock: Clock;
  readonly log: Logger;
}

/** What the circle's home page shows. */
export interface Overview {
  readonly gate: GateSettings;
  readonly questions: number;
  readonly waiting: number;
  readonly members: number;
  readonly offers: number;
}

/**
 * Everything the dashboard's pages read and change, platform-free. Every change is committed (with an audit
 * row naming the admin) before it resolves; a decision goes through the gate flow, so the platform hears of
 * it exactly as from a chat button.
 */
export class Dashboard {
  constructor(private readonly deps: DashboardDeps) {}

  async overview(circle: Circle): Promise<Overview> {
    const { store } = this.deps;
    const [questions, waiting, members, offers] = await Promise.all([
      store.gate.questions(circle.id),
      store.gate.inReview(circle.id),
      store.memberships.list(circle.id, 'member'),
      store.market.offers(circle.id),
    ]);
    return {
      gate: circle.settings.gate,
      questions: questions.length,
      waiting: waiting.length,
      members: members.length,
      offers: offers.length,
    };
  }

  questions(circle: Circle): Promise<EntryQuestion[]> {
    return this.deps.store.gate.questions(circle.id);
  }

  /** Saves the gate form (validated as the `/gate` commands validate); the circle after, or why not. */
  async saveGate(circle: Circle, admin: MemberRecord, form: GateForm): Promise<FormResult<Circle>> {
    const read = readGateForm(circle.settings.gate, form, admin.ref);
    if (!read.ok) return read;
    const changed = (Object.keys(read.value) as Array<keyof GateSettings>).filter(
      (k) => JSON.stringify(read.value[k]) !== JSON.stringify(circle.settings.gate[k]),
    );
    const saved = await this.#durably(async () => {
      const next = await this.deps.store.circles.updateSettings(circle.id, {
        ...circle.settings,
        gate: read.value,
      });
      await this.#audit(circle, admin, 'dashboard.gate', { changed });
      return next;
    });
    return { ok: true, value: saved };
  }

  async addQuestion(
    circle: Circle,
    admin: MemberRecord,
    form: QuestionForm,
  ): Promise<FormResult<EntryQuestion>> {
    const read = readQuestionForm(form);
    if (!read.ok) return read;
    const added = await this.#durably(async () => {
      const question = await this.deps.store.gate.addQuestion(circle.id, read.value, MAX_QUESTIONS);
      if (question)
        await this.#audit(circle, admin, 'dashboard.question.add', { position: question.position });
      return question;
    });
    if (!added) return { ok: false, error: { key: 'question.err.full', params: { max: MAX_QUESTIONS } } };
    return { ok: true, value: added };
  }

  /** Edits a question in place. Applications already started keep the question they were asked. */
  async editQuestion(
    circle: Circle,
    admin: MemberRecord,
    position: number,
    form: QuestionForm,
  ): Promise<FormResult<EntryQuestion>> {
    const read = readQuestionForm(form);
    if (!read.ok) return read;
    const edited = await this.#durably(async () => {
      const question = await this.deps.store.dashboard.replaceQuestion(circle.id, position, read.value);
      if (question) await this.#audit(circle, admin, 'dashboard.question.edit', { position });
      return question;
    });
    if (!edited) return { ok: false, error: { key: 'question.err.noSuch', params: { n: position } } };
    return { ok: true, value: edited };
  }

  async removeQuestion(circle: Circle, admin: MemberRecord, position: number): Promise<boolean> {
    return this.#durably(async () => {
      const removed = await this.deps.store.gate.removeQuestion(circle.id, position);
      if (removed) await this.#audit(circle, admin, 'dashboard.question.remove', { position });
      return removed;
    });
  }

  review(circle: Circle): Promise<ReviewItem[]> {
    return reviewQueue(this.deps.store, circle);
  }

  /** The applicant of one of the circle's applications; `null` for another circle's or none. */
  async applicant(circle: Circle, applicationId: number): Promise<MemberRecord | null> {
    const application = await this.deps.store.gate.application(applicationId);
    return application?.circleId === circle.id ? this.deps.store.members.byId(application.memberId) : null;
  }

  decide(
    circle: Circle,
    admin: MemberRecord,
    applicationId: number,
    approve: boolean,
    note?: string,
  ): Promise<DecisionOutcome> {
    return this.#durably(() =>
      decideFromDashboard(this.deps, circle, admin, applicationId, approve, note?.trim().slice(0, 200)),
    );
  }

  members(circle: Circle, search: string, page: number): Promise<MembersReport> {
    const credit = async (member: MemberRecord) => {
      const assessed = await this.deps.flow.assess(member);
      return assessed.ok ? assessed.report.score : null;
    };
    return membersReport(this.deps.store, credit, circle, search, page);
  }

  activity(circle: Circle, days: number): Promise<ActivityReport> {
    return activityReport(this.deps.store, circle, this.deps.clock.now(), days);
  }

  leaderboard(circle: Circle, period: LeaderboardPeriod): Promise<LeaderRow[]> {
    return leaderboard(this.deps.store, circle, period, this.deps.clock.now());
  }

  offers(circle: Circle, days: number): Promise<OffersReport> {
    return offersReport(this.deps.store, circle, this.deps.clock.now(), days);
  }

  audit(circle: Circle, limit = 100): Promise<AuditLine[]> {
    return auditReport(this.deps.store, circle, limit);
  }

  #durably<T>(work: () => Promise<T>): Promise<T> {
    return this.deps.store.durably(work);
  }

  #audit(circle: Circle, admin: MemberRecord, action: string, detail: Record<string, unknown>) {
    this.deps.log.info({ event: action, circleId: circle.id, memberId: admin.id }, 'dashboard change');
    return this.deps.store.audit.record({
      circleId: circle.id,
      actorId: admin.id,
      action,
      detail,
      at: this.deps.clock.now(),
    });
  }
}
