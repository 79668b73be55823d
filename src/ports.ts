/**
 * The interfaces the app layer needs. Adapters live in src/channels and src/storage;
 * the composition root (src/main.ts) wires real ones, tests wire real ones pointed at local servers.
 */
import type { MeetingDetails } from './domain/conference-parts.ts';
import type { Conference, ConferenceState } from './domain/conference.ts';
import type { SendKind, Step } from './domain/steps.ts';
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
  /** Ids of conferences whose last change's follow-on work (jobs, audit) is not done yet, from an index kept with the aggregate. */
  withFollowOnPending?(): Promise<string[]>;
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
 * (app/credentials/reply-codes.ts). Expire with the link they stand for.
 */
export interface ReplyCodeStore {
  /** Keeps `code` → `token` unless the code is already taken; returns the token the code stands for now. */
  claim(code: string, token: string, ttlMs: number, conferenceId: string): Promise<string>;
  get(code: string): Promise<string | undefined>;
  /** Keeps every code claimed for the conference at least `ttlMs` more (never shortens one). */
  keepConference(conferenceId: string, ttlMs: number): Promise<void>;
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
  /**
   * Real-clock time (ms since the epoch) after which the mailer must not start handing this message
   * to the mail server: the send ledger's claim it was made under is then too old to trust. Past it,
   * `send` throws LateHandOverError and sends nothing. @defaultValue no deadline
   */
  handOverBy?: number;
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
  /** `reachable` for each of a batch's recipients, in one look-up. */
  reachableMany?(args: readonly { teamsUserId?: string; email?: string }[]): Promise<boolean[]>;
}
