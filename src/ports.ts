/**
 * The interfaces the app layer needs. Adapters live in src/channels and src/storage;
 * the composition root (src/main.ts) wires real ones, tests wire real ones pointed at local servers.
 */
import type { MeetingDetails } from './domain/conference-parts.ts';
import type { Conference, ConferenceState } from './domain/conference.ts';
import type { SendKind, Step, StepTarget } from './domain/steps.ts';
import type { ChildRecord } from './domain/child-record.ts';
import type { MeetingMode } from './domain/vocabulary.ts';
import type { WorkKind } from './domain/worklist.ts';

export type { SendKind, Step };

export interface Clock {
  now(): Date;
}

export interface AuditEntry {
  at: string;
  /** Who did it: an attendee id, `coordinator`, `system`, `chair:<id>`. Never a name. */
  actor: string;
  action: string;
  detail?: Record<string, unknown>;
}

export interface PurgeLogEntry {
  at: string;
  actor: string;
  conferenceId: string;
  reference: string;
  reason: string;
}

export interface ConferenceSummary {
  id: string;
  reference: string;
  policyId: string;
  kind: string;
  state: ConferenceState;
  startsAt: string;
  /** The timetable's dates (deadlines, join times), for the list's "next deadline". */
  timetable: Record<string, string>;
}

export interface ConferenceStore {
  /** Allocates the next human reference for a year, e.g. `CPC-2027-0007`. */
  nextReference(year: number): Promise<string>;
  create(conference: Conference): Promise<void>;
  get(id: string): Promise<Conference | undefined>;
  /** The conference with this human reference (`CPC-2027-0042`), from the reference index. */
  getByReference(reference: string): Promise<Conference | undefined>;
  /**
   * Optimistic read-modify-write: `mutate` may run more than once when another process
   * wrote in between, so it must be pure. Returns the stored result (with `rev` bumped).
   */
  update(id: string, mutate: (current: Conference) => Conference | Promise<Conference>): Promise<Conference>;
  /** The conference whose meeting has this join URL (compared decoded), from the join-URL index. */
  getByJoinUrl(joinUrl: string): Promise<Conference | undefined>;
  /** Conferences not yet met where this address still owes a report, from the open-report-sender index. */
  findByOpenReportSender(address: string): Promise<Conference[]>;
  /** Summaries of every conference, soonest first, read from the summary kept beside each aggregate. */
  list(): Promise<ConferenceSummary[]>;
  /**
   * One page of the list by start time, from the sorted index (only the page's summaries are read):
   * `fromMs`/`beforeMs` bound the start (epoch ms, the second excluded). Conferences starting at the
   * same moment are in id order.
   */
  listPage?(q: {
    fromMs?: number;
    beforeMs?: number;
    descending?: boolean;
    /** Only conferences in this state, or under this policy (from the store's indexes by state and policy). */
    state?: string;
    policy?: string;
    /** In order of reference (year, then number) instead of start time. */
    byReference?: boolean;
    offset: number;
    count: number;
  }): Promise<{ total: number; summaries: ConferenceSummary[] }>;
  /**
   * Builds the lookup indexes for conferences stored before they existed (or under another key);
   * run at start-up, does nothing when they are current. Returns how many conferences it indexed.
   */
  backfillIndexes?(): Promise<number>;
  /** Appends to the conference's append-only audit log. */
  audit(conferenceId: string, entry: Omit<AuditEntry, 'at'> & { at?: string }): Promise<void>;
  readAudit(conferenceId: string): Promise<AuditEntry[]>;
  /** Free text kept out of the aggregate (report bodies, attachments), keyed by conference. */
  putBlob(conferenceId: string, blobId: string, data: Buffer, meta: Record<string, string>): Promise<void>;
  getBlob(conferenceId: string, blobId: string): Promise<{ data: Buffer; meta: Record<string, string> } | undefined>;
  /** Every blob id of a conference (record export). */
  listBlobs?(conferenceId: string): Promise<string[]>;
  /**
   * Deletes everything stored about a conference (retention) and, in the same transaction, appends
   * to the separate purge log (ids and reference only). Returns the reference when it existed.
   */
  purge?(
    conferenceId: string,
    log: { at: string; actor: string; reason: string },
  ): Promise<{ reference?: string; keys: number }>;
  readPurgeLog?(): Promise<PurgeLogEntry[]>;
}

/**
 * Children across conferences (domain/child-record.ts), by opaque id: what each approved
 * conference decided for the child, from which their plans are worked out.
 */
export interface ChildRecordStore {
  /** A new record under an id never given before. */
  mint(init: { at: string; previousPlansBefore?: number }): Promise<ChildRecord>;
  get(id: string): Promise<ChildRecord | undefined>;
  /** Read-modify-write; `mutate` may run more than once when another writer got in first, so it must be pure. */
  update(id: string, mutate: (current: ChildRecord) => ChildRecord): Promise<ChildRecord>;
  /**
   * Records with at least one conference whose last conference was held on or after `activeSince`,
   * or whose plan is still open (every record with a conference when absent). One read of an index
   * and the records it names: no conference is loaded.
   */
  list(options?: { activeSince?: string }): Promise<ChildRecord[]>;
}

/**
 * The blind index search uses (storage/redis-search-index.ts): keyed hashes of the words a
 * conference can be found by (domain/search-terms.ts), kept with the aggregate by the store.
 */
export interface SearchIndex {
  /** The ids of conferences indexed under every one of `terms` (normalised words). */
  find(terms: readonly string[]): Promise<string[]>;
}

/** One worklist item as the worklist's index knows it (storage/redis-work-index.ts): enough to count and order. */
export interface WorkDigestItem {
  conferenceId: string;
  reference: string;
  kind: WorkKind;
  dueAt?: string;
  /** Its place among the conference's items of the same kind and due time (0 for the first), in the order the conference lists them. */
  nth?: number;
}

/** A page of the worklist's index at one moment, and how many items there are of each kind. */
export interface WorkIndexPage {
  byKind: Record<WorkKind, number>;
  /** Items due before the moment (or with no due time). */
  overdue: number;
  total: number;
  /** Most urgent first: by due time (none first), then reference. */
  items: WorkDigestItem[];
}

/** The worklist's index, in due-time order: counts and one page of the items there at `now`, without reading the conferences. */
export interface WorkIndex {
  page(now: Date, offset: number, count: number): Promise<WorkIndexPage>;
}

/** `skipped`: a send was started by an attempt that died, and by the retry it was no longer needed. */
export type LedgerState = 'sending' | 'sent' | 'failed' | 'skipped';

/** What a fan-out renders once and shares (render-once.ts): its kind is part of the cache key. */
export type RenderedArtefact = 'decision-pdf' | 'minutes-pdf';

/**
 * Artefacts that are the same for many recipients, rendered once per conference and distinct
 * content and reused by every job of the fan-out (each worker process reads the same cache).
 * Disclosure is decided per recipient before the cache is asked: `inputs` is everything the
 * artefact is made from, so two recipients share an entry only when their artefacts are identical.
 */
export interface RenderCache {
  /** The artefact made from `inputs`, by `render` on a miss (and kept for the rest of the fan-out). */
  getOrRender(
    conferenceId: string,
    artefact: RenderedArtefact,
    inputs: unknown,
    render: () => Promise<Buffer>,
  ): Promise<Buffer>;
  /** Drops what was kept for a conference (its fan-out is over). */
  forget(conferenceId: string): Promise<void>;
}

/**
 * Reply codes printed on letters (`ABCD-EFGH`), each standing for one signed personal link
 * (app/reply-codes.ts). Expire with the link they stand for.
 */
export interface ReplyCodeStore {
  /** Keeps `code` → `token` unless the code is already taken; returns the token the code stands for now. */
  claim(code: string, token: string, ttlMs: number): Promise<string>;
  get(code: string): Promise<string | undefined>;
}

export interface LedgerEntry {
  state: LedgerState;
  at: string;
  messageId?: string;
  reason?: string;
  /**
   * When the first attempt claimed this send (business clock). Kept across retries: an email goes
   * out dated by it, so a re-send after a worker died mid-hand-over repeats the first one exactly
   * (same Message-ID and Date), which mail stores such as Exchange and Gmail drop as a duplicate.
   */
  firstAttemptAt?: string;
  /** GOV.UK Notify's last word on a sent letter or text (`accepted`, `received`, `delivered`, …) and when we heard it. */
  deliveryStatus?: string;
  deliveryStatusAt?: string;
}

/** A won claim: when the first attempt at this send was made. */
export type Claim = { firstAttemptAt: string };

/**
 * Per-recipient send ledger: keyed by (conference, step, recipient, version), it makes every
 * send idempotent although BullMQ is at-least-once.
 */
export interface SendLedger {
  /** Claims a send; returns false when it was already sent (or is being sent by a live worker). */
  claim(conferenceId: string, key: string, leaseMs: number): Promise<Claim | false>;
  /** Claims a batch of sends in one round trip: one answer per key, as `claim` would give. */
  claimMany(conferenceId: string, keys: readonly string[], leaseMs: number): Promise<(Claim | false)[]>;
  markSent(conferenceId: string, key: string, messageId: string): Promise<void>;
  markFailed(conferenceId: string, key: string, reason: string): Promise<void>;
  markSkipped(conferenceId: string, key: string, reason: string): Promise<void>;
  get(conferenceId: string, key: string): Promise<LedgerEntry | undefined>;
  /** These entries only, in the order asked (undefined where there is none), in one round trip. */
  getMany(conferenceId: string, keys: readonly string[]): Promise<(LedgerEntry | undefined)[]>;
  list(conferenceId: string): Promise<Record<string, LedgerEntry>>;
  /** Whether every one of these sends is recorded sent (true for none): reads only those entries. */
  allSent(conferenceId: string, keys: readonly string[]): Promise<boolean>;
  /** What the delivery service (GOV.UK Notify) last said about a sent entry; nothing for any other entry. */
  recordDeliveryStatus(conferenceId: string, key: string, status: string): Promise<void>;
}

export interface EmailAttachment {
  filename: string;
  content: Buffer | string;
  contentType?: string;
}

export interface OutgoingEmail {
  /** Exactly one recipient: no one ever sees another attendee's address. */
  to: string;
  /** The policy's single sender mailbox; the mailer's default sender when absent. */
  from?: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  replyTo?: string;
  /** Deterministic Message-ID so a resend can be recognised. */
  messageId?: string;
  /** The Date header; a resend carries the first attempt's (see LedgerEntry.firstAttemptAt). @defaultValue now */
  date?: Date;
  /** `text/calendar` body with the iTIP method. */
  icalEvent?: { method: 'REQUEST' | 'CANCEL' | 'PUBLISH'; content: string; filename?: string };
  attachments?: EmailAttachment[];
  headers?: Record<string, string>;
}

export interface Mailer {
  send(message: OutgoingEmail): Promise<{ messageId: string }>;
  close?(): Promise<void>;
}

export interface MeetingRequest {
  conferenceId: string;
  reference: string;
  version: number;
  mode: MeetingMode;
  startsAt: string;
  endsAt: string;
  venue?: string;
  /**
   * Another meeting of the same conference (`cg2`, a core group): providers key its event on
   * `<conferenceId>-<occasion>`, so it never touches the conference's own meeting.
   */
  occasion?: string;
  /** The provider's title; reference only, never a name. @defaultValue `Child protection conference <reference>` */
  title?: string;
}

/** The key a provider derives its ids from: the conference, or one of its other meetings. */
export const meetingKey = (r: Pick<MeetingRequest, 'conferenceId' | 'occasion'>): string =>
  r.occasion ? `${r.conferenceId}-${r.occasion}` : r.conferenceId;
export const meetingTitle = (r: Pick<MeetingRequest, 'reference' | 'title'>): string =>
  r.title ?? `Child protection conference ${r.reference}`;

export interface MeetingProvider {
  readonly name: string;
  create(request: MeetingRequest): Promise<MeetingDetails>;
  update(request: MeetingRequest, current: MeetingDetails): Promise<MeetingDetails>;
  cancel(request: MeetingRequest, current: MeetingDetails): Promise<void>;
}

/**
 * One delayed job per deadline. The jobs adapter turns it into a deterministic BullMQ job id
 * (`conf-<id>-<step>-<attendee>-v<version>`); the payload it stores carries these ids only.
 */
export type ScheduledJobOf<S extends Step> = {
  conferenceId: string;
  version: number;
  runAt: Date;
} & StepTarget<S>;
/**
 * A job by its step: an attendee step names the attendee (`attendeeId`), a numbered step says which
 * occurrence (`seq`: a core group, a plan action, the n-th report submission's notices).
 */
export type ScheduledJob = { [S in Step]: ScheduledJobOf<S> }[Step];

export interface PendingJob {
  id: string;
  step: Step;
  attendeeId?: string;
  version: number;
  runAt: string;
  state: string;
  seq?: number;
}

export interface JobScheduler {
  schedule(jobs: ScheduledJob[]): Promise<void>;
  /** Removes pending jobs of a conference: all of them, or those of versions below `belowVersion`. */
  cancelConference(conferenceId: string, belowVersion?: number): Promise<number>;
  /** Removes pending jobs of one attendee (e.g. their chasers once the report arrives). */
  cancelAttendee(conferenceId: string, attendeeId: string, steps?: readonly Step[]): Promise<number>;
  /**
   * Removes pending jobs of a conference whose step is one of `steps`, except those `keep` is about
   * to (re)schedule: an earlier revision's invitations or an earlier nag, so no ghost job waits.
   */
  cancelSteps(conferenceId: string, steps: readonly Step[], keep?: readonly ScheduledJob[]): Promise<number>;
  pending(conferenceId: string): Promise<PendingJob[]>;
}

/**
 * Proactive chat (Teams): one-to-one Adaptive Cards to people who have the app installed.
 * Email stays the fallback for everyone, so `false` (cannot reach them in chat) is normal.
 */
/**
 * Builds a card for the person it goes to, given their Teams `29:` id once the notifier has found
 * them: a card that refreshes names them in `refresh.userIds`, so Teams keeps it current for them.
 */
export type CardFor = (teamsUserId: string) => Record<string, unknown>;

export interface ChatNotifier {
  /**
   * Sends one card one-to-one. The person is found by Teams user id (AAD object id or `29:` id),
   * or failing that by the email/UPN Teams gave when they installed the app. `summary` is the
   * notification preview: reference and labels only, never a name.
   */
  sendCard(args: {
    conferenceId: string;
    teamsUserId?: string;
    email?: string;
    card: CardFor;
    summary: string;
  }): Promise<boolean>;
  /** Cheap check (no send): does the bot hold a conversation with this person? */
  reachable?(args: { teamsUserId?: string; email?: string }): Promise<boolean>;
}

/** Letters are first or second class (Notify's economy and international rates are not used). */
export type Postage = 'first' | 'second';

/** What GOV.UK Notify says about one letter or text. */
export interface NotifyStatus {
  id: string;
  reference?: string;
  /** Notify's own word: `accepted`, `received`, `validation-failed`, `delivered`, … */
  status: string;
  completedAt?: string;
}

/**
 * GOV.UK Notify: prints and posts precompiled letters, sends texts, and says what became of them.
 * References carry the conference reference and a letter or text id, never a name.
 */
export interface NotifyService {
  sendPrecompiledLetter(args: { reference: string; pdf: Buffer; postage: Postage }): Promise<{ id: string }>;
  sendSms(args: {
    templateId: string;
    phoneNumber: string;
    personalisation: Record<string, string>;
    reference: string;
  }): Promise<{ id: string }>;
  status(notificationId: string): Promise<NotifyStatus>;
  /** The notification an earlier attempt already made with this reference (its answer was lost), if any. */
  findByReference(reference: string, type: 'letter' | 'sms'): Promise<NotifyStatus | undefined>;
  /** A template's type (`sms`, `email`, `letter`); `undefined` when Notify has no template with that id. */
  templateType(templateId: string): Promise<string | undefined>;
}

/**
 * Notify refused the request itself (400: a PDF outside the printable area, an unknown template,
 * a number that is not a mobile): sending it again cannot help. Rate limits and outages are
 * ordinary errors, retried with backoff.
 */
export class NotifyRefusedError extends Error {
  override name = 'NotifyRefusedError';
  constructor(
    readonly status: number,
    /** Notify's own reason, as it gave it. */
    readonly reason: string,
  ) {
    super(`GOV.UK Notify refused it (${status}): ${reason}`);
  }
}

/**
 * Mobile numbers that replied to a text (STOP or anything else): no more texts go to them. Kept by
 * number, not by conference, because a reply names only the number; stored as a keyed hash, never
 * the number itself.
 */
/** Who is texted at a number (recorded when a text goes), so a reply can stop their texts at once. */
export interface TextHolder {
  conferenceId: string;
  attendeeId: string;
}

export interface TextOptOuts {
  optOut(mobile: string, at: string): Promise<void>;
  isOptedOut(mobile: string): Promise<boolean>;
  /** They agreed to texts again (the coordinator recorded it): an earlier reply no longer stops them. */
  optIn(mobile: string): Promise<void>;
  /** Records that this attendee is texted at this number. */
  remember(mobile: string, holder: TextHolder): Promise<void>;
  /** Everyone texted at this number. */
  holders(mobile: string): Promise<TextHolder[]>;
}

/**
 * A job step that can never succeed however often it is tried (its data names something that does
 * not exist). The jobs adapter fails it at once, without retries, as BullMQ's UnrecoverableError, so
 * it waits in the failed list for a person instead of being retried JOB_ATTEMPTS times.
 */
export class StepCannotSucceedError extends Error {
  override name = 'StepCannotSucceedError';
}
