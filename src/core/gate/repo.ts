import type { CreditReport } from '../credit/report.js';
import type { ChatRef } from '../refs.js';
import type { AuditEntry } from '../repos.js';

export type QuestionKind = 'choice' | 'text';

/** An owner-set question. `correct` holds indexes into `options` (choice questions only). */
export interface EntryQuestion {
  readonly id: number;
  readonly circleId: number;
  /** 1-based, as shown in `/question list`. */
  readonly position: number;
  readonly kind: QuestionKind;
  readonly prompt: string;
  readonly options: readonly string[];
  readonly correct: readonly number[];
}

export type NewQuestion = Pick<EntryQuestion, 'kind' | 'prompt' | 'options' | 'correct'>;

/** The question as the application saw it when it started (later edits do not move answers). */
export type QuestionSnapshot = NewQuestion;

/** One given answer: the option picked (choice) or the text written. */
export interface Answer {
  readonly question: number;
  readonly text: string;
  readonly choice: number | null;
  /** `null` for text answers, which an admin reads. */
  readonly correct: boolean | null;
}

/** `paying`: screened and let through, waiting for the entry payment (circles with paid entry). */
export const APPLICATION_STATES = ['asking', 'review', 'paying', 'approved', 'declined', 'expired'] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];
export const OPEN_STATES: readonly ApplicationState[] = ['asking', 'review', 'paying'];

/** Why a verdict was reached: a message key and its parameters, shown in either language. */
export interface Reason {
  readonly key: string;
  readonly params: Record<string, string | number>;
}

/** One screening of one applicant for one circle. A persisted state machine. */
export interface Application {
  readonly id: number;
  readonly circleId: number;
  readonly memberId: number;
  readonly state: ApplicationState;
  readonly questions: readonly QuestionSnapshot[];
  readonly answers: readonly Answer[];
  readonly credit: CreditReport | null;
  readonly reason: Reason | null;
  /** Admin who decided; `null` when the rules or a deadline did. */
  readonly decidedBy: number | null;
  readonly reviewMessage: { readonly chat: ChatRef; readonly messageId: string } | null;
  readonly createdAt: Date;
  readonly deadline: Date;
  readonly decidedAt: Date | null;
}

export interface NewApplication {
  readonly circleId: number;
  readonly memberId: number;
  readonly questions: readonly QuestionSnapshot[];
  readonly createdAt: Date;
  readonly deadline: Date;
}

export interface Decision {
  readonly state: Exclude<ApplicationState, 'asking'>;
  readonly reason: Reason;
  readonly credit: CreditReport | null;
  readonly decidedBy: number | null;
  readonly at: Date;
}

export interface Vouch {
  readonly circleId: number;
  readonly applicantId: number;
  readonly voucherId: number;
  readonly at: Date;
}

export interface GateRepo {
  questions(circleId: number): Promise<EntryQuestion[]>;
  /** Appends a question; `null` when the circle already has `max` questions. */
  addQuestion(circleId: number, question: NewQuestion, max: number): Promise<EntryQuestion | null>;
  /** Removes the question at a 1-based position and closes the gap; false when there is none. */
  removeQuestion(circleId: number, position: number): Promise<boolean>;

  /** Creates an application in state `asking`. */
  createApplication(application: NewApplication): Promise<Application>;
  application(id: number): Promise<Application | null>;
  /** The applicant's open (`asking` or `review`) application in a circle. */
  openApplication(circleId: number, memberId: number): Promise<Application | null>;
  /** The most recent `asking` application of a person in any circle (private answers go there). */
  askingApplicationOf(memberId: number): Promise<Application | null>;
  /** The most recent closed application of a person in a circle (cooldown). */
  lastClosedApplication(circleId: number, memberId: number): Promise<Application | null>;
  /** Applications waiting for an admin in a circle, oldest first. */
  inReview(circleId: number): Promise<Application[]>;

  /**
   * Appends an answer if the application is still `asking` and has exactly `expectedCount` answers
   * (so a double press records once). Returns the updated application, or `null` when it did not apply.
   */
  addAnswer(id: number, expectedCount: number, answer: Answer): Promise<Application | null>;
  /**
   * Moves an open application to a decision and writes the audit row, in one transaction.
   * `from` lists the states it may leave; returns `null` (and writes nothing) when it was not in one.
   */
  decide(
    id: number,
    from: readonly ApplicationState[],
    decision: Decision,
    audit: AuditEntry,
  ): Promise<Application | null>;
  setReviewMessage(id: number, chat: ChatRef, messageId: string): Promise<void>;

  /** Records a vouch; false when this voucher already vouched for this applicant in this circle. */
  addVouch(vouch: Vouch): Promise<boolean>;
  vouchesFor(circleId: number, applicantId: number): Promise<Vouch[]>;
}
