/**
 * Every kind of scheduled job, by the step of the workflow it performs. Names are used in
 * deterministic job ids, so they are kebab-case with no colons.
 */
export const STEPS = [
  'send-invites',
  'send-cancellations',
  'report-request',
  'report-reminder-1',
  'report-reminder-2',
  'report-reminder-3',
  'report-last-reminder',
  'report-overdue',
  'report-escalation',
  'reports-missing-flag',
  /** At an author's report deadline: a report in, but not recorded as shared with every parent, is chased. */
  'report-sharing-check',
  'report-notices',
  /** When the report deadline passes: every report received, in one PDF for the chair. */
  'conference-pack',
  /** An advocacy referral still open at its due date: the social worker is reminded, the coordinator told. */
  'advocacy-referral-due',
  'parents-slot',
  'professionals-join',
  /**
   * The approved decision: without an attendee, the whole conference's fan-out (one job); with
   * one, that attendee's share (jobs queued per attendee before).
   */
  'circulate-decision',
  /** A held letter goes: someone recorded telling the parent, or the chair or coordinator released it. */
  'release-held-letter',
  /**
   * A held letter still held at the policy's hold time (seq 1) and every few working days after
   * (seq 2, 3, …): the social worker (else the chair) is chased; at the first the chair and the
   * coordinator are told it is late. Nothing goes to the family.
   */
  'held-letter-chase',
  'circulation-watchdog',
  /** At the circulation deadline itself: speaks up only if someone still has not got the decision. */
  'circulation-deadline',
  'hard-copy-due',
  'follow-up-core-group',
  'follow-up-minutes',
  'follow-up-record-bundle',
  'follow-up-review',
  /** A pre-birth plan: the core group counted from the recorded birth. */
  'follow-up-birth-core-group',
  /** A pre-birth plan's birth plan not recorded as agreed by its deadline: the social worker is chased. */
  'follow-up-birth-plan',
  /** A booked core group's invitations (seq: core group and revision, see core-groups.ts). */
  'core-group-invites',
  'core-group-cancellations',
  /** No core group booked and the next one is nearly due: the social worker and the core group chair are told. */
  'core-group-nag',
  /** A core group's record to its members (seq: the core group, see core-groups.ts). */
  'core-group-record',
  /** At a core group's record deadline: no record yet, so it is missed and the social worker and its chair are chased. */
  'core-group-record-due',
  /** The approved minutes (or, where the policy has one, the record bundle) to one attendee. */
  'circulate-minutes',
  /** Before the minutes deadline: speaks up only if the minutes are unapproved or someone still lacks them. */
  'minutes-watchdog',
  /** At the minutes deadline itself: records a miss once and says who is still waiting. */
  'minutes-deadline',
  /** A review confirmed after its statutory deadline: the coordinator and the chair are told why. */
  'late-review-notice',
  /** A plan action's owner, before it is due (seq: action and revision, see plan.ts). */
  'plan-action-reminder',
  /** A plan action still open after its due date: the social worker and the core group chair are told. */
  'plan-action-overdue',
  /** A parent's or carer's text reminder on the working day before the meeting (GOV.UK Notify). */
  'text-day-before',
  /** The approved decision for each child, into the child's record across conferences (child-record.ts). */
  'record-child-plans',
  /** A disagreement escalated (seq: the escalation, see escalations.ts): everyone on its route is told. */
  'escalation-opened',
  /** An escalation's due date: if it is still open, its route is told it is overdue. */
  'escalation-due',
  /** An escalation's outcome recorded: everyone on its route is told. */
  'escalation-resolved',
  /**
   * A stored change (cancel, postpone, reschedule, close) whose follow-on work failed after it was
   * stored: its jobs and audit, done again (domain/follow-on.ts). Runs whatever the version or state.
   */
  'complete-follow-on',
  /** Asks GOV.UK Notify what became of letters and texts it has not finished with (the fallback for its callbacks). */
  'notify-poll',
  /**
   * The coordinator's "Send a new link": one attendee's links replaced (seq: their new link version),
   * emailed the links they may have now. One job, one email per new version (credentials/new-links.ts).
   */
  'send-new-links',
] as const;
export type Step = (typeof STEPS)[number];

/** The report-chasing steps: all cancelled for an attendee once their report arrives. */
export const REPORT_CHASE_STEPS = [
  'report-request',
  'report-reminder-1',
  'report-reminder-2',
  'report-reminder-3',
  'report-last-reminder',
  'report-overdue',
  'report-escalation',
] as const satisfies readonly Step[];

/**
 * The chasers of reports due: one job per conference version per step and run time, whoever it
 * chases (authors with the same due date share it). Its id carries the run time
 * (`conf-<id>-<step>-all-v<version>-t<UTC time>`); at that time it chases every author the
 * schedule puts there whose report is still outstanding (report-chasers.ts). A job of this step
 * naming an attendee is one queued before the jobs were shared: it chases that author only.
 */
export const SHARED_CHASE_STEPS = [
  'report-reminder-1',
  'report-reminder-2',
  'report-reminder-3',
  'report-last-reminder',
  'report-overdue',
  'report-escalation',
  'report-sharing-check',
] as const satisfies readonly Step[];
export type SharedChaseStep = (typeof SHARED_CHASE_STEPS)[number];
export const isSharedChaseStep = (step: string): step is SharedChaseStep =>
  (SHARED_CHASE_STEPS as readonly string[]).includes(step);

/**
 * Steps about one attendee: their job must name them (`attendeeId`). Not the report request: like
 * the invitations, it is one job for the whole conference (every author still to be asked), and one
 * more for an author added later (`seq`: their number), which asks whoever is still to be asked.
 * Nor the chasers (above), one job per run time.
 */
export const ATTENDEE_STEPS = [
  'report-notices',
  'release-held-letter',
  'held-letter-chase',
  'circulate-minutes',
  'text-day-before',
  'send-new-links',
] as const satisfies readonly Step[];
export type AttendeeStep = (typeof ATTENDEE_STEPS)[number];

/** Steps about one numbered occurrence (a core group, a plan action): their job must say which (`seq`). */
export const SEQ_STEPS = [
  'core-group-invites',
  'core-group-cancellations',
  'core-group-record',
  'core-group-record-due',
  'plan-action-reminder',
  'plan-action-overdue',
  'escalation-opened',
  'escalation-due',
  'escalation-resolved',
  'send-new-links',
] as const satisfies readonly Step[];
export type SeqStep = (typeof SEQ_STEPS)[number];

/** Steps about the whole conference: no attendee, no number (the shared chasers apart: one per run time). */
export type ConferenceStep = Exclude<Step, AttendeeStep | SeqStep | SharedChaseStep>;

/** A step with whom or what it is about: an attendee step names its attendee, a numbered step its number. */
export type StepTarget<S extends Step> = { step: S } & (S extends AttendeeStep
  ? { attendeeId: string }
  : { attendeeId?: string }) &
  (S extends SeqStep ? { seq: number } : { seq?: number });

/**
 * What a job carries, step by step: ids and the due time, never names. An attendee step has its
 * attendee and a numbered step its number by type, so a handler never has to guess.
 */
export type StepPayloadOf<S extends Step> = {
  conferenceId: string;
  version: number;
  runAt: string;
} & StepTarget<S>;
export type StepPayload = { [S in Step]: StepPayloadOf<S> }[Step];

/**
 * What the send ledger records besides the job steps that send under their own name: messages a
 * use-case sends itself (a thank-you for a report, a dissent notice) and steps taken by hand
 * (`told-in-person`). A ledger key is `<kind>-<recipient>-v<version>`.
 */
export const OTHER_SEND_KINDS = [
  /** A removed attendee's invitation withdrawn. */
  'attendee-removed',
  'chair-briefing',
  'declined-deputy-prompt',
  'deputy-nominated',
  'dial-in-fallback-alert',
  /** A family member reads another language: which letters are translated, which go in English. */
  'translation-needed-alert',
  'dissent',
  /** An unauthenticated report waits for the coordinator to confirm it. */
  'inbound-queued',
  'report-received-chair',
  'report-thanks',
  /** An emailed reply from the author that could not be filed: they are told why. */
  'report-not-filed',
  /** A short emailed reply with no file was passed to the coordinator to confirm: the author is told so. */
  'report-passed-to-coordinator',
  /** An emailed reply that only recorded sharing with the family: the author is told what is recorded. */
  'report-sharing-recorded',
  /** Asks the social worker to tell an absent parent the decision in person. */
  'tell-in-person',
  /** The social worker confirmed they told the parent. */
  'told-in-person',
  /** A held letter is late (nobody recorded telling the parent by the hold time): the chair and coordinator are told. */
  'held-letter-unexplained',
  'views-card',
  'views-link',
  /** The approved minutes or record bundle, by the policy's document. */
  'circulate-minutes',
  'circulate-record-bundle',
  /** Text messages (GOV.UK Notify). */
  'text-day-before',
  'text-invitation',
  'text-changed',
  'text-cancelled',
  'text-decision-ready',
] as const;
export type BaseSendKind = Step | (typeof OTHER_SEND_KINDS)[number];
/**
 * A ledger entry's kind: a base kind, the same send by another route (a Teams card, a letter
 * handed over by the social worker), or an alert keyed by what it is about (the letter, the moment).
 */
export type SendKind =
  | BaseSendKind
  | `${BaseSendKind}-teams`
  | `${BaseSendKind}-via-sw`
  | `post-too-late-${string}`
  | `hard-copy-due-${string}`;
