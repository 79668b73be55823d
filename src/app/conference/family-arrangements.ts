/**
 * The chair's arrangements for the family: separate pre-meeting slots for parents (separated, or
 * where there is domestic abuse) and the approved "who will be there" list sent to families.
 */
import { z } from 'zod/v4';
import { dateAndTime } from '../../content/format.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import { IllegalTransitionError, ValidationError, type FieldIssue } from '../../domain/errors.ts';
import { SLOT_ROLES, slotIssues, unlinkedWarnings } from '../../domain/family-slots.ts';
import { postArrivesInTime } from '../../domain/letters.ts';
import { isBeforeMeeting, isDraft, isPostponed } from '../../domain/state-machine.ts';
import type { AppDeps } from '../deps.ts';
import { endOfNextWorkingDay } from '../post-and-texts/hard-copies.ts';
import { inviteUpdates as inviteUpdatesOf } from '../invitations/invite-revision.ts';
import { loadConference } from '../shared/load.ts';
import { parseInput } from '../shared/parse.ts';
import { attendeeIdField, instant } from '../shared/field-schemas.ts';
import { audienceOf, calendarStart } from '../invitations/invite-calendar.ts';
import { parseLondonInstant, toLondonIso } from '../shared/time.ts';
import { withEffects, type FollowOnJob } from '../../domain/follow-on.ts';
import { followOnAfterWrite } from './follow-on.ts';

export const PreMeetingSlotsBody = z
  .object({
    /** Each listed parent's or carer's own slot; `null` puts them back in the shared parents' time. */
    slots: z
      .array(z.object({ attendeeId: attendeeIdField, startsAt: instant.nullable() }).strict())
      .min(1)
      .max(20),
    by: z.enum(['chair', 'coordinator']).default('coordinator'),
  })
  .strict();

const EMAIL_LIKE = /[^\s@]+@[^\s@]+\.[^\s@]+/;
/** Seven or more digits, allowing the spaces, dashes, dots and brackets people write numbers with. */
const PHONE_LIKE = /\+?\d(?:[\s().-]*\d){6,}/;

export const FamilyAttendeeListBody = z
  .object({
    roles: z
      .array(
        z
          .string()
          .trim()
          .min(1)
          .max(120, 'at most 120 characters a line')
          .refine((l) => !EMAIL_LIKE.test(l), { message: 'must not contain an email address: describe people by role' })
          .refine((l) => !PHONE_LIKE.test(l), { message: 'must not contain a phone number: describe people by role' }),
      )
      .min(1)
      .max(30, 'at most 30 lines'),
    approvedBy: z.string().trim().min(1).max(120),
  })
  .strict();

function assertBeforeMeeting(c: Conference, what: string): void {
  if (!isBeforeMeeting(c.state))
    throw new IllegalTransitionError(c.state, c.state, `${what} can only change before the meeting`);
}

/** Invitations are out (or due) for this version: a draft has none yet and a postponed conference has withdrawn them. */
export function invitationsLive(c: Conference): boolean {
  if (isDraft(c.state)) return false;
  return !isPostponed(c);
}

export interface PreMeetingSlotsResult {
  conference: Conference;
  /** Whose calendar entry changed, and so who is sent an updated invitation (when invitations are out). */
  updated: string[];
  warnings: string[];
}

function askAgain({ rsvpAt: _answeredAt, ...a }: Attendee): Attendee {
  return { ...a, rsvp: 'needs-action' };
}

/** Whose own meeting time, or the wording of it, differs between two sets of slots. */
function whoseTimeChanged(before: Conference, attendees: Attendee[]): string[] {
  const after = { ...before, attendees };
  return attendees
    .filter((a) => a.role !== 'child')
    .filter((a) => {
      const old = before.attendees.find((x) => x.id === a.id);
      if (!old) return false;
      // A parent given (or losing) their own slot at the same time still gets different words: "on your own".
      return (
        calendarStart(before, old) !== calendarStart(after, a) ||
        (SLOT_ROLES.has(a.role) && Boolean(old.preMeetingSlot) !== Boolean(a.preMeetingSlot))
      );
    })
    .map((a) => a.id);
}

/**
 * Sets or clears parents' own slots. Nothing else about the conference changes, so the schedule
 * version stays and no deadline is planned again (report chasers already sent stay sent). Only the
 * people whose own calendar entry moved — the parent, whoever comes with them, and companions not
 * linked to a parent when the earliest family slot moved — are sent an updated invitation: the same
 * UID with their SEQUENCE one higher (invite-revision.ts). Asking for the slots as they already
 * are changes nothing.
 */
export async function setPreMeetingSlots(
  deps: AppDeps,
  id: string,
  raw: unknown,
  actor = 'coordinator',
): Promise<PreMeetingSlotsResult> {
  const input = parseInput(PreMeetingSlotsBody, raw, 'pre-meeting slots');
  const current = await loadConference(deps.store, id);
  assertBeforeMeeting(current, 'Pre-meeting slots');
  const apply = (c: Conference): Attendee[] => {
    const issues: FieldIssue[] = [];
    const wanted = new Map<string, string | null>();
    input.slots.forEach((s, i) => {
      if (!c.attendees.some((a) => a.id === s.attendeeId))
        issues.push({ field: `slots.${i}.attendeeId`, message: `no attendee ${s.attendeeId} in ${c.reference}` });
      else if (wanted.has(s.attendeeId)) issues.push({ field: `slots.${i}.attendeeId`, message: 'listed twice' });
      wanted.set(s.attendeeId, s.startsAt === null ? null : toLondonIso(parseLondonInstant(s.startsAt)!));
    });
    if (issues.length) throw new ValidationError('Invalid pre-meeting slots', issues);
    const attendees = c.attendees.map((a) => {
      if (!wanted.has(a.id)) return a;
      const startsAt = wanted.get(a.id);
      const { preMeetingSlot: _old, ...rest } = a;
      return startsAt ? { ...rest, preMeetingSlot: { startsAt } } : rest;
    });
    const index = new Map(input.slots.map((s, i) => [s.attendeeId, i]));
    const problems = slotIssues(c.timetable, attendees, (a) =>
      index.has(a.id) ? `slots.${index.get(a.id)}.startsAt` : `attendees.${a.id}.preMeetingSlot`,
    );
    if (problems.length) throw new ValidationError('Invalid pre-meeting slots', problems);
    return attendees;
  };
  const sameSlots = (c: Conference, attendees: Attendee[]) =>
    attendees.every((a, i) => a.preMeetingSlot?.startsAt === c.attendees[i]!.preMeetingSlot?.startsAt);
  if (sameSlots(current, apply(current))) return { conference: current, updated: [], warnings: [] }; // refuses bad input before touching anything

  let changed: string[] = [];
  let live = false;
  let warnings: string[] = [];
  // The updated invitations' jobs and the audit entry are stored with the change (follow-on.ts):
  // should queueing fail after the write, a repair queues them (trying again would find the slots
  // already set and send nothing).
  const stored = await deps.store.update(id, (c) => {
    assertBeforeMeeting(c, 'Pre-meeting slots');
    const next = apply(c);
    changed = whoseTimeChanged(c, next);
    live = invitationsLive(c);
    if (sameSlots(c, next)) return c;
    const moved = new Set(changed);
    // Those whose time moved are asked again whether they can come; nobody else's answer changes.
    const attendees = next.map((a) => (moved.has(a.id) ? askAgain(a) : a));
    const inviteUpdates = live
      ? { ...(c.inviteUpdates ?? {}), ...Object.fromEntries(changed.map((a) => [a, inviteUpdatesOf(c, a) + 1])) }
      : c.inviteUpdates;
    const after: Conference = { ...c, attendees, ...(inviteUpdates ? { inviteUpdates } : {}) };
    warnings = [
      ...(live ? lateLetterWarnings(deps, after, changed) : []),
      ...unlinkedWarnings(after.timetable, after.attendees),
    ];
    const now = deps.clock.now();
    const at = toLondonIso(now);
    const audit = {
      // The coordinator's key or a signed-in dashboard user: the chair it names is who asked.
      actor,
      action: 'family.pre-meeting-slots-set',
      detail: {
        requestedBy: input.by,
        slots: input.slots,
        version: after.version,
        invitationsUpdated: live ? changed : [],
        warnings: warnings.length,
      },
    };
    const jobs: FollowOnJob[] = live
      ? changed.map((a) => ({
          version: after.version,
          step: 'send-invites' as const,
          attendeeId: a,
          seq: inviteUpdatesOf(after, a),
          runAt: now.toISOString(),
        }))
      : [];
    return { ...after, followOn: withEffects(after, at, audit, [{ do: 'schedule', jobs }]) };
  });
  const updated = stored.followOn ? await followOnAfterWrite(deps, stored) : stored;
  return { conference: updated, updated: live ? changed : [], warnings };
}

/** An updated invitation by post that cannot arrive before that person's new time: the coordinator must phone. */
function lateLetterWarnings(deps: AppDeps, c: Conference, changed: readonly string[]): string[] {
  const postedBy = endOfNextWorkingDay(deps, c, deps.clock.now());
  const { postWorkingDays } = deps.policies.get(c.policyId).timings;
  return changed.flatMap((id) => {
    const a = c.attendees.find((x) => x.id === id);
    if (!a || audienceOf(a) !== 'family' || a.contactPreference !== 'post') return [];
    const neededBy = calendarStart(c, a);
    if (postArrivesInTime(deps.calendar, postedBy, neededBy, postWorkingDays)) return [];
    return [
      `Post will not arrive in time: the ${a.role} (${a.id}) gets letters by post, and their updated invitation, posted by ${dateAndTime(postedBy)}, ` +
        `cannot reach them before their new time (${dateAndTime(neededBy)}). Phone them, and arrange hand delivery (the social worker may take it).`,
    ];
  });
}

/** Stores the chair-approved list of who will attend, by role; family invitations sent from now on use it. */
export async function approveFamilyAttendeeList(deps: AppDeps, id: string, raw: unknown): Promise<Conference> {
  const input = parseInput(FamilyAttendeeListBody, raw, 'family attendee list');
  const current = await loadConference(deps.store, id);
  assertBeforeMeeting(current, 'The family attendee list');
  const names = [
    ...current.attendees.map((a) => a.name),
    ...current.children.map((ch) => [ch.firstName, ch.lastName].filter(Boolean).join(' ')),
  ]
    .map((n) => n.trim().toLowerCase())
    .filter((n) => n.length > 2);
  const issues = input.roles.flatMap((line, i) =>
    names.some((n) => line.toLowerCase().includes(n))
      ? [{ field: `roles.${i}`, message: 'must not name anyone: describe people by role' }]
      : [],
  );
  if (issues.length) throw new ValidationError('Invalid family attendee list', issues);
  const at = toLondonIso(deps.clock.now());
  const familyAttendeeList = { lines: input.roles, approvedAt: at, approvedBy: input.approvedBy };
  const updated = await deps.store.update(id, (c) => {
    assertBeforeMeeting(c, 'The family attendee list');
    return { ...c, familyAttendeeList };
  });
  await deps.store.audit(id, {
    at,
    actor: 'coordinator',
    action: 'family.attendee-list-approved',
    detail: { approvedBy: input.approvedBy, lines: input.roles.length },
  });
  return updated;
}
