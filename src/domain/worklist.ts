/**
 * The coordinator's worklist: what needs a person across conferences, most urgent first. Pure: the
 * app passes each conference, the failed jobs and `now`; wording is content's (content/worklist.ts),
 * links the channel's. A missed deadline stays on the list as overdue until the work is done: it
 * never drops off because its time has passed.
 */
import { DateTime } from 'luxon';
import { LONDON } from './calendar/zone.ts';
import type { IsoInstant } from './conference-parts.ts';
import type { Conference } from './conference.ts';
import { stillToPrint } from './letters.ts';
import { unexplained } from './held-letters.ts';
import { openEscalations } from './escalations.ts';
import { isOpen } from './plan.ts';
import { isApproved, isBeforeMeeting, isEnded, meetingHasBegun } from './state-machine.ts';
import { AFTER_MEETING_TASKS, type TaskKind } from './tasks.ts';
import { FOLLOW_ON_GRACE_MS } from './follow-on.ts';
import { failedJobItem, type FailedJobFact, type RefusedOfJob } from './failed-job-work.ts';

export const WORK_KINDS = [
  'failed-job',
  'report-overdue',
  'letter-to-print',
  'mail-to-confirm',
  'arrangement',
  /** A task for after the meeting: explaining the decision to a child. */
  'explain-to-child',
  /** A pre-birth plan's birth plan not yet recorded as agreed (overdue after its deadline). */
  'birth-plan-due',
  'invitation-unanswered',
  'decision-to-approve',
  'circulation-due',
  /** A parent's letter held (or sent by the fallback) until someone records telling them the decision. */
  'explanation-to-record',
  'minutes-due',
  'core-group-to-book',
  /** A core group has met and its record has not gone to the members. */
  'core-group-record-due',
  'review-to-confirm',
  /** A disagreement with the decision escalated and not yet resolved (escalations.ts): overdue after its due date. */
  'escalation-open',
  /** A change's follow-on work (its notices, invitations or letters queued) still not done after FOLLOW_ON_GRACE_MS. */
  'follow-on-pending',
  /** A plan action still open after its due date (plan.ts): there from the next London day until it is done or dropped. */
  'plan-action-overdue',
] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

export type Urgency = 'overdue' | 'today' | 'soon';

/** Where on the conference's page the work is done (the channel turns it into a link). */
export type WorkPlace =
  | 'failed-jobs'
  | 'reports'
  | 'letters'
  | 'mail'
  | 'arrangements'
  | 'explain-to-children'
  | 'birth-plans'
  | 'attendees'
  | 'decision'
  | 'circulation'
  | 'held-letters'
  | 'minutes'
  | 'core-groups'
  | 'escalations'
  | 'plan'
  | 'conference';

export interface WorkItem {
  kind: WorkKind;
  conferenceId: string;
  reference: string;
  urgency: Urgency;
  /** When it is (or was) due; absent for a failed job, which is due now. */
  dueAt?: IsoInstant;
  place: WorkPlace;
  /** The attendee (or, for a task, the child) it is about (ids only: content puts the name in). */
  attendeeId?: string;
  /** A letter to print: its blob id, what the letter is and its ledger key. */
  blobId?: string;
  document?: string;
  ledgerKey?: string;
  /** A task: its id, its kind and what is to be done (no names). */
  taskId?: string;
  taskKind?: TaskKind;
  detail?: string;
  /** A failed job: its id, its step and why it failed. */
  jobId?: string;
  step?: string;
  reason?: string;
  /**
   * A failed job's emails the mail server refused for good (ids and the server's reason only):
   * whose address each was (`attendeeId` is the first's), to correct before the job is retried.
   */
  refused?: readonly RefusedOfJob[];
  /** A report overdue that has been escalated to the author's manager. */
  escalated?: boolean;
  /** An escalated disagreement: its id and the child it is about (`attendeeId` is who disagrees, if one person). */
  escalationId?: string;
  childId?: string;
}

/** Unanswered invitations become work this close to the meeting. */
export const UNANSWERED_WITHIN_MS = 3 * 24 * 3600_000;

const londonDay = (ms: number) => DateTime.fromMillis(ms, { zone: LONDON }).toISODate();

/** Overdue, due later on the same London day, or later still. Without a due time (a failed job): now, so overdue. */
export function urgencyOf(dueAt: IsoInstant | undefined, now: Date): Urgency {
  if (dueAt === undefined) return 'overdue';
  const due = Date.parse(dueAt);
  if (due < now.getTime()) return 'overdue';
  return londonDay(due) === londonDay(now.getTime()) ? 'today' : 'soon';
}

/** The work one conference needs from the coordinator now. */
export function conferenceWork(c: Conference, failed: readonly FailedJobFact[], now: Date): WorkItem[] {
  const t = now.getTime();
  return potentialWork(c, failed)
    .filter((p) => (p.from === undefined || p.from <= t) && (p.until === undefined || t < p.until))
    .map(({ from: _from, until: _until, ...item }) => ({ ...item, urgency: urgencyOf(item.dueAt, now) }));
}

/** Work that is there only part of the time: from `from` (epoch ms) until before `until`. */
export type PotentialWork = Omit<WorkItem, 'urgency'> & { from?: number; until?: number };

/**
 * Every item the conference gives the worklist as it stands, each with when it is there: the
 * worklist at any moment without reading the conference again (the store keeps a digest of these:
 * storage/redis-work-index.ts). `conferenceWork` is this at one moment.
 */
export function potentialWork(c: Conference, failed: readonly FailedJobFact[] = []): PotentialWork[] {
  const out: PotentialWork[] = [];
  const add = (
    item: Omit<WorkItem, 'conferenceId' | 'reference' | 'urgency'>,
    window: { from?: number; until?: number } = {},
  ) => out.push({ conferenceId: c.id, reference: c.reference, ...item, ...window });
  for (const j of failed) if (j.conferenceId === c.id) add(failedJobItem(c, j));
  if (c.followOn) {
    const due = Date.parse(c.followOn.since) + FOLLOW_ON_GRACE_MS;
    const dueAt = new Date(due).toISOString();
    add({ kind: 'follow-on-pending', place: 'conference', dueAt, detail: c.followOn.kind }, { from: due });
  }
  for (const h of c.hardCopies ?? []) {
    if (stillToPrint(c, h))
      add({
        kind: 'letter-to-print',
        place: 'letters',
        dueAt: h.dueAt,
        attendeeId: h.attendeeId,
        blobId: h.blobId,
        document: h.document,
        ...(h.ledgerKey ? { ledgerKey: h.ledgerKey } : {}),
      });
  }
  for (const q of c.inboundQueue ?? [])
    if (q.status === 'pending') add({ kind: 'mail-to-confirm', place: 'mail', dueAt: q.at, attendeeId: q.attendeeId });
  // An escalated disagreement stays on the list until its outcome is recorded, whatever the conference's state.
  for (const e of openEscalations(c))
    add({
      kind: 'escalation-open',
      place: 'escalations',
      dueAt: e.dueAt,
      escalationId: e.id,
      childId: e.childId,
      ...(e.attendeeId ? { attendeeId: e.attendeeId } : {}),
    });
  if (isEnded(c.state)) return out;
  // Arrangements for the meeting until it begins; tasks for after it (explaining the decision to a child) once it has.
  for (const t of c.tasks ?? [])
    if (t.status === 'open' && meetingHasBegun(c.state) === AFTER_MEETING_TASKS.has(t.kind))
      add({
        ...(t.kind === 'agree-birth-plan'
          ? { kind: 'birth-plan-due', place: 'birth-plans' }
          : AFTER_MEETING_TASKS.has(t.kind)
            ? { kind: 'explain-to-child', place: 'explain-to-children' }
            : { kind: 'arrangement', place: 'arrangements' }),
        dueAt: t.dueAt,
        attendeeId: t.subject,
        taskId: t.id,
        taskKind: t.kind,
        detail: t.detail,
      });
  if (c.state === 'draft') {
    if (c.reviewOf)
      add({ kind: 'review-to-confirm', place: 'conference', dueAt: c.timetable.latestConferenceDate ?? c.startsAt });
    return out;
  }
  if (isBeforeMeeting(c.state)) {
    for (const [id, r] of Object.entries(c.reports)) {
      if (!c.attendees.some((a) => a.id === id) || r.status === 'received' || r.status === 'not-requested' || !r.dueAt)
        continue;
      // Overdue once its due time has passed, or at once when the chasing has already said so.
      add(
        {
          kind: 'report-overdue',
          place: 'reports',
          dueAt: r.dueAt,
          attendeeId: id,
          escalated: r.status === 'escalated',
        },
        r.status === 'overdue' || r.status === 'escalated' ? {} : { from: Date.parse(r.dueAt) + 1 },
      );
    }
    // Unanswered invitations are work in the last days before the meeting.
    const startsAt = Date.parse(c.startsAt);
    for (const a of c.attendees)
      if (a.role !== 'child' && a.rsvp === 'needs-action')
        add(
          { kind: 'invitation-unanswered', place: 'attendees', dueAt: c.startsAt, attendeeId: a.id },
          { from: startsAt - UNANSWERED_WITHIN_MS, until: startsAt },
        );
  }
  if (c.state === 'decided')
    add({
      kind: 'decision-to-approve',
      place: 'decision',
      ...(c.timetable.decisionCirculationDue ? { dueAt: c.timetable.decisionCirculationDue } : {}),
    });
  else if (c.state === 'approved')
    add({
      kind: 'circulation-due',
      place: 'circulation',
      ...(c.timetable.decisionCirculationDue ? { dueAt: c.timetable.decisionCirculationDue } : {}),
    });
  for (const h of unexplained(c))
    add({ kind: 'explanation-to-record', place: 'held-letters', dueAt: h.heldUntil, attendeeId: h.attendeeId });
  if (isApproved(c.state)) {
    const minutesBy = c.timetable.minutesDue ?? c.timetable.recordBundleDue;
    if (minutesBy && !c.minutes?.circulatedAt)
      add(
        { kind: 'minutes-due', place: 'minutes', dueAt: minutesBy },
        { from: Date.parse(minutesBy) - UNANSWERED_WITHIN_MS },
      );
    const needsCoreGroup = c.decision?.outcomes.some((o) => o.outcome === 'child-protection-plan');
    const booked = (c.coreGroups ?? []).some((g) => g.state === 'booked');
    if (needsCoreGroup && !booked && c.timetable.firstCoreGroupBy)
      add({ kind: 'core-group-to-book', place: 'core-groups', dueAt: c.timetable.firstCoreGroupBy });
    // From when a core group ends until its record is made (overdue after its deadline).
    for (const g of c.coreGroups ?? [])
      if (g.state === 'booked' && !g.record && g.recordDueAt)
        add(
          { kind: 'core-group-record-due', place: 'core-groups', dueAt: g.recordDueAt, detail: g.id },
          { from: Date.parse(g.endsAt) },
        );
    // An action still open is overdue from the London day after its due date (as its page says), or at once when flagged.
    if (c.decision?.approvedAt)
      for (const r of c.decision.plan)
        if (r.id && r.dueOn && isOpen(r)) {
          const day = DateTime.fromISO(r.dueOn, { zone: LONDON });
          add(
            {
              kind: 'plan-action-overdue',
              place: 'plan',
              dueAt: day.set({ hour: 17 }).toISO({ suppressMilliseconds: true })!,
              detail: r.id,
              ...(r.ownerAttendeeId ? { attendeeId: r.ownerAttendeeId } : {}),
            },
            r.overdueFlaggedAt ? {} : { from: day.plus({ days: 1 }).toMillis() },
          );
        }
  }
  return out;
}

const RANK: Record<Urgency, number> = { overdue: 0, today: 1, soon: 2 };

/** Most urgent first: overdue (longest overdue first, failed jobs at the top), due today, then the rest by date. */
export function byUrgency(a: WorkItem, b: WorkItem): number {
  return (
    RANK[a.urgency] - RANK[b.urgency] ||
    (a.dueAt ? Date.parse(a.dueAt) : -Infinity) - (b.dueAt ? Date.parse(b.dueAt) : -Infinity) ||
    a.reference.localeCompare(b.reference)
  );
}

export type WorkCounts = Record<WorkKind, number> & { overdue: number; total: number };

export function countWork(items: readonly WorkItem[]): WorkCounts {
  const counts = Object.fromEntries(WORK_KINDS.map((k) => [k, 0])) as WorkCounts;
  counts.overdue = 0;
  counts.total = items.length;
  for (const i of items) {
    counts[i.kind] += 1;
    if (i.urgency === 'overdue') counts.overdue += 1;
  }
  return counts;
}
