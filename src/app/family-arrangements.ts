/**
 * The chair's arrangements for the family: separate pre-meeting slots for parents (separated, or
 * where there is domestic abuse) and the approved "who will be there" list sent to families.
 */
import { z } from 'zod/v4';
import type { Attendee, Conference } from '../domain/conference.ts';
import { IllegalTransitionError, ValidationError, type FieldIssue } from '../domain/errors.ts';
import { slotIssues } from '../domain/family-slots.ts';
import { PRE_MEETING_STATES } from '../domain/state-machine.ts';
import type { AppDeps } from './deps.ts';
import { loadConference } from './load.ts';
import { parseInput } from './parse.ts';
import { planConferenceJobs } from './plan-jobs.ts';
import { instant } from './schemas.ts';
import { parseLondonInstant, toLondonIso } from './time.ts';

const attendeeId = z.string().regex(/^a\d{1,4}$/, 'expected an attendee id such as a3');

export const PreMeetingSlotsBody = z
  .object({
    /** Each listed parent's or carer's own slot; `null` puts them back in the shared parents' time. */
    slots: z.array(z.object({ attendeeId, startsAt: instant.nullable() }).strict()).min(1).max(20),
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
  if (!PRE_MEETING_STATES.has(c.state)) throw new IllegalTransitionError(c.state, c.state, `${what} can only change before the meeting`);
}

/** Invitations are out (or due) for this version: a draft has none yet and a postponed conference has withdrawn them. */
function invitationsLive(c: Conference): boolean {
  if (c.state === 'draft') return false;
  return !(c.state === 'rescheduled' && c.history.at(-1)?.reason?.startsWith('postponed:'));
}

/**
 * Sets or clears parents' own slots. Invitations already out are re-sent the way a reschedule does
 * it: a new schedule version (old jobs dropped, new ones queued), so every invitation carries the
 * same UID with a higher SEQUENCE and each calendar entry updates in place.
 */
export async function setPreMeetingSlots(deps: AppDeps, id: string, raw: unknown): Promise<Conference> {
  const input = parseInput(PreMeetingSlotsBody, raw, 'pre-meeting slots');
  const current = await loadConference(deps.store, id);
  assertBeforeMeeting(current, 'Pre-meeting slots');
  const apply = (c: Conference): Attendee[] => {
    const issues: FieldIssue[] = [];
    const wanted = new Map<string, string | null>();
    input.slots.forEach((s, i) => {
      if (!c.attendees.some((a) => a.id === s.attendeeId)) issues.push({ field: `slots.${i}.attendeeId`, message: `no attendee ${s.attendeeId} in ${c.reference}` });
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
    const problems = slotIssues(c.timetable, attendees, (a) => (index.has(a.id) ? `slots.${index.get(a.id)}.startsAt` : `attendees.${a.id}.preMeetingSlot`));
    if (problems.length) throw new ValidationError('Invalid pre-meeting slots', problems);
    return attendees;
  };
  apply(current); // refuse before touching anything
  const live = invitationsLive(current);
  const changed = new Set(input.slots.map((s) => s.attendeeId));
  const updated = await deps.store.update(id, (c) => {
    assertBeforeMeeting(c, 'Pre-meeting slots');
    // The parents whose time moved are asked again whether they can come; nobody else's answer changes.
    const attendees = apply(c).map((a) => (changed.has(a.id) ? { ...a, rsvp: 'needs-action' as const } : a));
    return { ...c, attendees, ...(live ? { version: c.version + 1 } : {}) };
  });
  let jobsRemoved = 0;
  if (live) {
    jobsRemoved = await deps.jobs.cancelConference(id, updated.version);
    await deps.jobs.schedule(planConferenceJobs(updated, deps.policies.get(updated.policyId), deps));
  }
  await deps.store.audit(id, {
    at: toLondonIso(deps.clock.now()),
    actor: input.by,
    action: 'family.pre-meeting-slots-set',
    detail: { slots: input.slots, version: updated.version, invitationsResent: live, jobsRemoved },
  });
  return updated;
}

/** Stores the chair-approved list of who will attend, by role; family invitations sent from now on use it. */
export async function approveFamilyAttendeeList(deps: AppDeps, id: string, raw: unknown): Promise<Conference> {
  const input = parseInput(FamilyAttendeeListBody, raw, 'family attendee list');
  const current = await loadConference(deps.store, id);
  assertBeforeMeeting(current, 'The family attendee list');
  const names = [
    ...current.attendees.map((a) => a.name),
    ...current.children.map((ch) => [ch.firstName, ch.lastName].filter(Boolean).join(' ')),
  ].map((n) => n.trim().toLowerCase()).filter((n) => n.length > 2);
  const issues = input.roles.flatMap((line, i) =>
    names.some((n) => line.toLowerCase().includes(n)) ? [{ field: `roles.${i}`, message: 'must not name anyone: describe people by role' }] : [],
  );
  if (issues.length) throw new ValidationError('Invalid family attendee list', issues);
  const at = toLondonIso(deps.clock.now());
  const familyAttendeeList = { lines: input.roles, approvedAt: at, approvedBy: input.approvedBy };
  const updated = await deps.store.update(id, (c) => {
    assertBeforeMeeting(c, 'The family attendee list');
    return { ...c, familyAttendeeList };
  });
  await deps.store.audit(id, { at, actor: 'chair', action: 'family.attendee-list-approved', detail: { approvedBy: input.approvedBy, lines: input.roles.length } });
  return updated;
}
