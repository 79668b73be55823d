/**
 * Core groups as meetings: the chair books the first at the conference, later ones are booked as
 * the plan goes on. Pure rules: who may chair, when it must meet, who is a member, and when the
 * social worker and the core group chair are nagged because none is booked. Times in, answers out.
 */
import { DateTime } from 'luxon';
import type { WorkingDayCalendar } from './calendar/working-days.ts';
import type { Attendee, IsoInstant, MeetingDetails } from './conference-parts.ts';
import type { FieldIssue } from './errors.ts';
import type { Policy } from './policy/schema.ts';
import type { Duration } from './policy/duration.ts';
import { describeDuration } from './timetable-rules.ts';
import { deadlineAfterDate, deadlineAfterMeeting } from './deadlines.ts';
import type { Timetable } from './timetable.ts';
import type { ConferenceKind, MeetingMode, RsvpState } from './vocabulary.ts';
import { LONDON } from './calendar/zone.ts';

export interface CoreGroupBooking {
  startsAt: IsoInstant;
  durationMinutes: number;
  mode: MeetingMode;
  venue?: string;
  chairAttendeeId: string;
}

export interface CoreGroupMeeting extends CoreGroupBooking {
  /** `cg1`, `cg2`, … in booking order; a cancelled one keeps its id, so ids are never reused. */
  id: string;
  /** Bumped on every reschedule and on cancellation: carried in job seqs, ledger keys and the calendar SEQUENCE. */
  revision: number;
  state: 'booked' | 'cancelled';
  endsAt: IsoInstant;
  /** Attendee ids: the core group as the chair recorded it, the social worker and the core group's chair. */
  members: string[];
  meeting?: MeetingDetails;
  /** Members' answers to this core group's invitation. */
  rsvps?: Record<string, { state: RsvpState; at: IsoInstant }>;
  bookedAt: IsoInstant;
  bookedBy: string;
  /** Said to whoever booked it (and audited): e.g. later than the policy's limit. */
  warnings: string[];
  cancelledAt?: IsoInstant;
  /** What happened at it, recorded afterwards and circulated to the members. */
  record?: CoreGroupRecord;
  /** By when its record should reach the members (`coreGroup.recordWithin` of its end). */
  recordDueAt?: IsoInstant;
  /** When the record's deadline passed with no record: kept once, for the audit and the figures. */
  recordMissedAt?: IsoInstant;
}

export interface CoreGroupRecord {
  present: string[];
  apologies: string[];
  progress: { actionId: string; status: string; note?: string }[];
  scaling: { target: string; score: number }[];
  notes: string;
  confidentialNotes?: string;
  recordedAt: IsoInstant;
  recordedBy: string;
}

/** By when a core group's record should reach its members: `coreGroup.recordWithin` of its end. */
export const coreGroupRecordDueAt = (
  policy: Policy,
  g: Pick<CoreGroupMeeting, 'endsAt'>,
  calendar: WorkingDayCalendar,
): IsoInstant => deadlineAfterMeeting(policy.coreGroup.recordWithin, g.endsAt, calendar, policy.endOfWorkingDay);

/** The job `seq` of one revision of one core group: `cg3` revision 2 is 302. */
export const coreGroupSeq = (g: Pick<CoreGroupMeeting, 'id' | 'revision'>): number =>
  Number(g.id.slice(2)) * 100 + g.revision;
export const coreGroupOfSeq = (seq: number): { id: string; revision: number } => ({
  id: `cg${Math.floor(seq / 100)}`,
  revision: seq % 100,
});
/** Reschedules of one core group before it must be cancelled and booked again (the seq keeps two digits for it). */
export const MAX_CORE_GROUP_REVISIONS = 98;

const straightAfter = (d: Duration | undefined): boolean => d !== undefined && d.amount === 0 && d.unit === 'hours';

/** What the core group rules read of a conference (its shape here, so this module need not import the aggregate). */
interface CoreGroupHost {
  reference: string;
  kind: ConferenceKind;
  timetable: Timetable;
  attendees: Attendee[];
  decision?: { coreGroup: string[]; outcomes?: readonly { childId: string; outcome: string }[] };
  coreGroups?: CoreGroupMeeting[];
}

/** The policy has the first core group meet straight after an initial conference (Hampshire). */
export function coreGroupStraightAfter(policy: Policy, c: Pick<CoreGroupHost, 'kind'>): boolean {
  return c.kind !== 'review' && straightAfter(policy.coreGroup.first);
}

/** The core group as the chair recorded it, always with the social worker (the lead professional). */
export function coreGroupMemberIds(
  c: Pick<CoreGroupHost, 'attendees' | 'decision'>,
  chairAttendeeId?: string,
): string[] {
  const ids = new Set(c.decision?.coreGroup ?? []);
  for (const a of c.attendees) if (a.role === 'social-worker') ids.add(a.id);
  if (chairAttendeeId) ids.add(chairAttendeeId);
  return c.attendees.filter((a) => ids.has(a.id) && a.role !== 'child' && !offThePlan(c, a)).map((a) => a.id);
}

/**
 * A parent or carer linked (`childIds`) only to children the decision put on no child protection
 * plan (a half-sibling has one): the core group works on the plan, which is about another family's
 * children, so they are not in it (trial finding: such a carer was invited to "check how the child
 * protection plan is going"). False before a decision, or for anyone linked to every child.
 */
export function offThePlan(c: Pick<CoreGroupHost, 'decision'>, a: Attendee): boolean {
  const outcomes = c.decision?.outcomes;
  if (!outcomes || !a.childIds?.length || !['parent', 'carer', 'advocate'].includes(a.role)) return false;
  const onPlan = new Set(outcomes.filter((o) => o.outcome === 'child-protection-plan').map((o) => o.childId));
  return !a.childIds.some((id) => onPlan.has(id));
}

export const activeCoreGroups = (c: Pick<CoreGroupHost, 'coreGroups'>): CoreGroupMeeting[] =>
  (c.coreGroups ?? []).filter((g) => g.state === 'booked');

/**
 * Field by field, what is wrong with a booking; nothing here is a warning. `field` prefixes each
 * path (`firstCoreGroup.` on the decision).
 */
export function checkCoreGroupBooking(
  policy: Policy,
  c: Pick<CoreGroupHost, 'attendees' | 'reference'>,
  b: Partial<CoreGroupBooking>,
  now: Date,
  field = '',
): FieldIssue[] {
  // A field that is missing here failed its own check: its rules are skipped (every problem at once, once).
  const issues: FieldIssue[] = [];
  if (b.startsAt !== undefined && Date.parse(b.startsAt) <= now.getTime())
    issues.push({
      field: `${field}startsAt`,
      message: `${b.startsAt} is in the past: a core group is booked for a time still to come`,
    });
  if (b.mode && b.mode !== 'virtual' && !b.venue)
    issues.push({
      field: `${field}venue`,
      message: `required when the core group meets ${b.mode === 'blended' ? 'partly in person (blended)' : 'in person'}`,
    });
  const chair = c.attendees.find((a) => a.id === b.chairAttendeeId);
  if (b.chairAttendeeId === undefined) return issues;
  if (!chair)
    issues.push({
      field: `${field}chairAttendeeId`,
      message: `${b.chairAttendeeId} is not an attendee of ${c.reference}`,
    });
  else if (chair.role === 'child' || FAMILY_OR_COMPANION.has(chair.role))
    issues.push({
      field: `${field}chairAttendeeId`,
      message: `${b.chairAttendeeId} is ${chair.role}: a core group is chaired by a professional`,
    });
  else if (chair.role === 'social-worker' && !policy.coreGroup.allocatedSocialWorkerMayChair)
    issues.push({
      field: `${field}chairAttendeeId`,
      message: `${b.chairAttendeeId} is the allocated social worker: the ${policy.shortName} policy has the core group chaired by a team manager or an experienced social worker, never the allocated social worker`,
    });
  return issues;
}
const FAMILY_OR_COMPANION: ReadonlySet<string> = new Set(['parent', 'carer', 'supporter', 'advocate', 'interpreter']);

/** Checks the members named for a core group: each an attendee, never the child, nor a parent off the plan (offThePlan). */
export function checkMembers(
  c: Pick<CoreGroupHost, 'attendees' | 'reference' | 'decision'>,
  members: readonly string[],
  field = 'members',
): FieldIssue[] {
  return members.flatMap((id, i) => {
    const a = c.attendees.find((x) => x.id === id);
    if (!a) return [{ field: `${field}.${i}`, message: `${id} is not an attendee of ${c.reference}` }];
    if (offThePlan(c, a))
      return [
        {
          field: `${field}.${i}`,
          message: `${id} (${a.role}) is linked only to children with no child protection plan (${a.childIds!.join(', ')}): the core group works on the plan for the others`,
        },
      ];
    return a.role === 'child'
      ? [
          {
            field: `${field}.${i}`,
            message: `${id} is the child: children are never invited directly (the social worker passes it on)`,
          },
        ]
      : [];
  });
}

const londonDay = (iso: string): string => DateTime.fromISO(iso, { zone: LONDON }).toISODate() ?? '';

/**
 * By when this core group should meet under the policy: the first within `coreGroup.first` of the
 * conference (Hampshire: straight after, so within the hour after it ends), a later one within
 * `coreGroup.cadence` of the one before it. Undefined where the policy sets no limit.
 */
export function coreGroupDueBy(
  policy: Policy,
  c: Pick<CoreGroupHost, 'kind' | 'timetable' | 'coreGroups'>,
  calendar: WorkingDayCalendar,
  excluding?: string,
): IsoInstant | undefined {
  const before = activeCoreGroups(c).filter((g) => g.id !== excluding);
  const last = before
    .map((g) => g.startsAt)
    .sort()
    .at(-1);
  if (last)
    return policy.coreGroup.cadence
      ? deadlineAfterDate(policy.coreGroup.cadence, londonDay(last), calendar, policy.endOfWorkingDay)
      : undefined;
  const by = c.timetable.firstCoreGroupBy;
  if (!by) return undefined;
  if (coreGroupStraightAfter(policy, c)) {
    const end = Math.max(Date.parse(by), Date.parse(c.timetable.endsAt));
    return (
      DateTime.fromMillis(end + policy.coreGroup.straightAfterMinutes * 60_000, { zone: LONDON }).toISO({
        suppressMilliseconds: true,
      }) ?? undefined
    );
  }
  return by;
}

/** The warnings a booking carries: later than the policy allows. */
export function coreGroupWarnings(
  policy: Policy,
  c: Pick<CoreGroupHost, 'kind' | 'timetable' | 'coreGroups'>,
  calendar: WorkingDayCalendar,
  b: CoreGroupBooking,
  excluding?: string,
): string[] {
  const due = coreGroupDueBy(policy, c, calendar, excluding);
  if (!due || Date.parse(b.startsAt) <= Date.parse(due)) return [];
  const first = activeCoreGroups(c).filter((g) => g.id !== excluding).length === 0;
  const rule = first
    ? coreGroupStraightAfter(policy, c)
      ? 'the first core group meets straight after the initial conference'
      : `the first core group meets within ${describeDuration(policy.coreGroup.first!)} of the conference`
    : `core groups meet at least every ${describeDuration(policy.coreGroup.cadence!)}`;
  return [`${b.startsAt} is after ${due}: under the ${policy.shortName} policy ${rule}`];
}

/**
 * When to nag the social worker and the core group chair that no core group is booked: the policy's
 * `nagWorkingDaysBefore` working days before the next one is due (at the reminders' send time), or
 * `now` if that has passed. Undefined when no core group is due (no limit, or one is already booked ahead).
 */
export function cadenceNagAt(
  policy: Policy,
  c: Pick<CoreGroupHost, 'kind' | 'timetable' | 'coreGroups'>,
  calendar: WorkingDayCalendar,
  now: Date,
): { runAt: Date; dueBy: IsoInstant } | undefined {
  const ahead = activeCoreGroups(c).some((g) => Date.parse(g.startsAt) > now.getTime());
  if (ahead) {
    // Nag from the last one booked: the one after it is what must be booked next.
    const last = activeCoreGroups(c)
      .map((g) => g.startsAt)
      .sort()
      .at(-1)!;
    if (!policy.coreGroup.cadence) return undefined;
    const dueBy = deadlineAfterDate(policy.coreGroup.cadence, londonDay(last), calendar, policy.endOfWorkingDay);
    return { runAt: nagTime(policy, calendar, dueBy, now), dueBy };
  }
  const dueBy = coreGroupDueBy(policy, c, calendar);
  if (!dueBy) return undefined;
  return { runAt: nagTime(policy, calendar, dueBy, now), dueBy };
}

function nagTime(policy: Policy, calendar: WorkingDayCalendar, dueBy: IsoInstant, now: Date): Date {
  const day = calendar.addWorkingDays(londonDay(dueBy), -policy.coreGroup.nagWorkingDaysBefore);
  const [h, m] = policy.reports.reminders.sendAt.split(':').map(Number) as [number, number];
  const at = Math.min(
    DateTime.fromISO(day, { zone: LONDON }).set({ hour: h, minute: m }).toMillis(),
    Date.parse(dueBy),
  );
  return new Date(Math.max(at, now.getTime()));
}

/** The people nagged: the social worker and the chair of the latest core group (last booked if all are cancelled; the conference's chair before any). */
export function cadenceNagRecipients(c: Pick<CoreGroupHost, 'attendees' | 'coreGroups'>): Attendee[] {
  const latest =
    activeCoreGroups(c)
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
      .at(-1) ?? c.coreGroups?.at(-1);
  const chairId = latest?.chairAttendeeId ?? c.attendees.find((a) => a.role === 'chair')?.id;
  return c.attendees.filter((a) => a.role === 'social-worker' || a.id === chairId);
}
