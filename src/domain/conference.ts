import type { CategoryOfHarm, ConferenceKind, MeetingMode, MeetingProviderName, Recommendation } from './vocabulary.ts';
import type { Timetable } from './timetable.ts';
import type { ConferenceTask } from './tasks.ts';
import type { Escalation } from './escalations.ts';
import type { HeldLetter } from './held-letters.ts';
import type { ChildParticipation } from './participation.ts';
import type { CoreGroupMeeting } from './core-groups.ts';
import type { PlanRow, SignsOfSafety } from './plan.ts';
import type { Attendee, Child, IsoDate, IsoInstant, MeetingDetails } from './conference-parts.ts';
import type { ReportRecord } from './report-record.ts';
import type { CirculationAlert, HardCopy, RefusedAddress, TextMessage } from './deliveries.ts';
import type { PendingFollowOn } from './follow-on.ts';

export interface View {
  childId: string;
  /**
   * The attendee whose view this is: a professional, a parent or carer (each parent's view is their
   * own record), or for the child's view whoever gave it (the child, their advocate or the social
   * worker). Absent for the family's joint view (older records) and a child's view the chair took.
   */
  attendeeId?: string;
  /**
   * The child's own view: a separate record per child, confidential to the professionals except
   * what the chair marks in `mayShare`, never quoted to a parent as theirs.
   */
  childsVoice?: { via: 'direct' | 'advocate' | 'social-worker' | 'chair' };
  /** The part of the child's view the chair says may be shared with the family. */
  mayShare?: string;
  /** Who entered it: the attendee themselves, or the chair on their behalf. */
  recordedBy: string;
  onBehalfOfFamily?: boolean;
  recommendation?: Recommendation;
  categories: CategoryOfHarm[];
  rationale: string;
  scale?: number;
  at: IsoInstant;
}

export interface ChildOutcome {
  childId: string;
  outcome: Recommendation;
  categories: CategoryOfHarm[];
  /** The chair's professional reasons: the record and the professionals' letters. */
  rationale: string;
  /** The chair's reasons in plain words for the family: the only reasons a family letter quotes (family-reasons.ts). */
  familyRationale?: string;
  scale?: number;
  /** The lead social worker for this child's plan, by attendee id (Hampshire asks for it). */
  keyWorker?: string;
  /** How often the key worker sees the child, in the chair's words ("at least every 10 working days"). */
  visitingFrequency?: string;
}

/** A view that differs from the chair's decision for a child: recorded, with its route (the agency's escalation route, or the family's route for a family member). */
export interface Dissent {
  childId: string;
  attendeeId?: string;
  onBehalfOfFamily?: boolean;
  recommendation?: Recommendation;
  escalationRoute: string;
}

/** A safeguard the chair set aside at the decision, with their reason (decision-safeguards.ts). */
export interface SafeguardOverride {
  rule: 'no-reports' | 'no-social-work-report' | 'inquorate';
  /** What was missing, in words the chair can act on (no names). */
  missing: string[];
  reason: string;
}

export interface Decision {
  outcomes: ChildOutcome[];
  /** Safeguards set aside, each with the chair's reason: in the record and the professionals' letter. */
  overrides?: SafeguardOverride[];
  dissent: Dissent[];
  plan: PlanRow[];
  coreGroup: string[];
  /** Signs of Safety sections, where the policy uses them (policy.plan.sections). */
  signsOfSafety?: SignsOfSafety;
  confidentialNotes?: string;
  decidedAt: IsoInstant;
  decidedBy: string;
  approvedAt?: IsoInstant;
  approvedBy?: string;
}

export interface ViewRound {
  state: 'open' | 'closed';
  openedAt: IsoInstant;
  openedBy: string;
  closedAt?: IsoInstant;
}

export interface Attendance {
  present: string[];
  apologies: string[];
  recordedAt: IsoInstant;
  recordedBy: string;
}

/** The chair asked someone to leave part of the meeting: their later copies leave that part out. */
export interface Exclusion {
  attendeeId: string;
  part: string;
  ground: string;
  recordedAt: IsoInstant;
  recordedBy: string;
}

/** One section of the minutes; its text lives with the version's blob, not on the aggregate. */
export interface MinutesSection {
  /** `s1`, `s2`, … in the order of the text, per version. */
  id: string;
  heading: string;
  /** Professionals only: left out of every family and solicitor copy. */
  confidential: boolean;
  /** The part of the meeting (an exclusion's `part`) this section records: left out of the copy of anyone asked to leave it. */
  part?: string;
  /** The children this section is about (a draft's decision per child): a parent's copy has only their own children's. */
  childIds?: string[];
  /**
   * Drafted from what the family may not read (another parent's view, the child's own words, the
   * confidential notes, the chair's reasons for deciding without a safeguard): kept confidential in
   * every later version that keeps its heading.
   */
  draftedConfidential?: true;
}

/** The minutes of the conference: uploaded or drafted, edited, then approved by the chair. */
export interface Minutes {
  /** Bumped on every save; each version's text is the blob `blobId`. */
  version: number;
  blobId: string;
  source: 'text' | 'draft' | 'file';
  sections: MinutesSection[];
  savedAt: IsoInstant;
  savedBy: string;
  approvedAt?: IsoInstant;
  approvedBy?: string;
  /** Every recipient had their copy (a posted copy counts once queued, as for the decision). */
  circulatedAt?: IsoInstant;
  /** This version corrects approved minutes already sent: the chair alone issues it, with a reason. */
  corrects?: MinutesCorrection;
}

/** What a corrected version corrects, why, and who said so (the chair). */
export interface MinutesCorrection {
  /** The approved version it replaces. */
  version: number;
  /** When that version went out (its circulation, else its approval): "This corrects the minutes sent on …". */
  sentAt: IsoInstant;
  reason: string;
  by: string;
  at: IsoInstant;
}

export interface StateChange {
  from: ConferenceState;
  to: ConferenceState;
  at: IsoInstant;
  by: string;
  reason?: string;
}

export const CONFERENCE_STATES = [
  'draft',
  'scheduled',
  'invited',
  'collecting-reports',
  'pre-meeting',
  'in-session',
  'decided',
  'approved',
  'circulated',
  'follow-up',
  'closed',
  'rescheduled',
  'cancelled',
  'inquorate',
] as const;
export type ConferenceState = (typeof CONFERENCE_STATES)[number];

/**
 * A message that looks like an attendee's report but whose sender is not proven (no reply address,
 * no authenticated mail, or a reply address used from another domain): kept out of the record
 * until the coordinator confirms it as that attendee's report or rejects it. Content is in blobs.
 */
export interface InboundQueueItem {
  /** `q1`, `q2`… never reused. */
  id: string;
  at: IsoInstant;
  attendeeId: string;
  from: string;
  subject: string;
  /** Why it was not filed, in words for the coordinator. */
  reason: string;
  size: number;
  hasText: boolean;
  attachments: { filename: string; contentType: string }[];
  /** Names of attachments not kept (programs, scripts, web pages). */
  withheld: string[];
  sourceId?: string;
  /** `superseded`: no longer needed (domain/inbound-queue.ts): the author's own report was filed, or the conference ended. */
  status: 'pending' | 'confirmed' | 'rejected' | 'superseded';
  decidedAt?: IsoInstant;
  decidedBy?: string;
  supersededBecause?: 'report-filed' | 'conference-ended';
}

export interface Conference {
  id: string;
  /** Human reference with no names in it, e.g. `CPC-2027-0042`: used in subjects, logs and jobs. */
  reference: string;
  policyId: string;
  kind: ConferenceKind;
  state: ConferenceState;
  /** Schedule version: bumped on every reschedule, carried in job ids so old jobs never fire. */
  version: number;
  /** Store revision for optimistic concurrency. */
  rev: number;
  startsAt: IsoInstant;
  durationMinutes: number;
  strategyDiscussionOn?: IsoDate;
  notifiedOn?: IsoDate;
  /** The date it was actually held (follow-ups count from here). */
  heldOn?: IsoDate;
  mode: MeetingMode;
  venue?: string;
  meetingProvider: MeetingProviderName;
  meeting?: MeetingDetails;
  children: Child[];
  attendees: Attendee[];
  timetable: Timetable;
  reports: Record<string, ReportRecord>;
  views: View[];
  decision?: Decision;
  viewRound?: ViewRound;
  attendance?: Attendance;
  exclusions?: Exclusion[];
  /** Parents' decision letters held until someone has told them (held-letters.ts). */
  heldLetters?: HeldLetter[];
  /** The chair's pre-meeting checklist with the parents: item → when ticked and by whom. */
  checklist?: Record<string, { at: IsoInstant; by: string; /** The chair's note, with the tick. */ note?: string }>;
  /** Per-attendee version of their personal links (absent = 1): bumping it revokes every link they hold. */
  linkVersions?: Record<string, number>;
  /**
   * The highest attendee, child and document number issued (see ids.ts): ids only ever go up, so a
   * removed attendee's id is never given to someone else. Absent on conferences stored before it.
   */
  idCounters?: { attendee: number; child: number; blob: number };
  /**
   * Per-attendee invitation updates sent without a new schedule version (absent = 0): a parent's slot
   * moved, so only their side gets an updated entry; each adds one to their SEQUENCE (invite-revision.ts).
   */
  inviteUpdates?: Record<string, number>;
  /**
   * Each attendee's calendar entry has its own UID (`cpc-<id>-<attendee>@…`). Absent on conferences
   * invited before: theirs keep the audience's (`-family` / `-professionals`), so updates still land.
   */
  calendarUidPerAttendee?: true;
  texts?: TextMessage[]; // text reminders sent to family members through GOV.UK Notify
  /** Per attendee, the invitation update (see `inviteUpdates`) sent because an arrangement was confirmed, not a new time. */
  arrangementUpdates?: Record<string, number>;
  /** Per attendee, the invitation update sent because their child or solicitor was invited since. */
  invitedAlreadyUpdates?: Record<string, number>;
  /** Family letters waiting to be printed and posted. */
  hardCopies?: HardCopy[];
  refusedAddresses?: RefusedAddress[]; // refused for good by the mail server, until corrected or removed: deliveries.ts
  /** Inbound mail that may be a report, waiting for the coordinator to confirm or reject it. */
  inboundQueue?: InboundQueueItem[];
  circulationAlert?: CirculationAlert;
  /** What was still outstanding when the circulation deadline passed (kept once, like the alert). */
  circulationMissed?: CirculationAlert;
  minutes?: Minutes;
  /** The minutes (or record bundle) watchdog's snapshot, and what was outstanding at that deadline. */
  minutesAlert?: CirculationAlert;
  minutesMissed?: CirculationAlert;
  /** The chair-approved "who will be there" lines for family invitations (roles only, never names). */
  familyAttendeeList?: { lines: string[]; approvedAt: IsoInstant; approvedBy: string };
  /** Core groups booked at the conference and after it (cancelled ones kept, so ids are never reused). */
  coreGroups?: CoreGroupMeeting[];
  /** Bumped whenever core group bookings change: the cadence nag of an older count does nothing. */
  coreGroupPlanRev?: number;
  /** How each child took part (one record per child): see participation.ts. */
  participation?: ChildParticipation[];
  /** Arrangements to make for the meeting (interpreters, accessibility needs): see tasks.ts. */
  tasks?: ConferenceTask[];
  /** Disagreements with the decision taken up the policy's route, open or resolved: see escalations.ts. */
  escalations?: Escalation[];
  /** The draft review conference created for the coordinator to confirm. */
  reviewDraftId?: string;
  /** On a draft review: the conference it follows. */
  reviewOf?: string;
  /** On a review confirmed after its statutory deadline: the deadline and the coordinator's reason. */
  lateReview?: { reviewBy: IsoInstant; reason: string; recordedAt: IsoInstant };
  followOn?: PendingFollowOn; // a stored change's follow-on work not yet done (its jobs, its audit): follow-on.ts
  history: StateChange[];
  createdAt: IsoInstant;
  updatedAt: IsoInstant;
}
