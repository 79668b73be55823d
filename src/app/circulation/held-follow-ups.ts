/**
 * What waited with a held decision letter (held-letter-steps.ts) goes when the letter goes: a family
 * member whose letter is held (and whoever comes with them) hears nothing that tells them the outcome
 * first. Each sender skips them while `decisionLetterHeld`; once the letter has gone, this sends what
 * they missed, each once (the send ledger): core group invitations for core groups still to come,
 * reminders of their plan actions still open whose time has come, the approved minutes (or record
 * bundle) and the records of core groups that have met. Each release job (the parent's, each
 * companion's) tries all of them; a message another release job is already sending is left to it.
 */
import { DateTime } from 'luxon';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import { effectiveAttendee } from '../../domain/disclosure.ts';
import { isOpen, planActionTimes, planRowSeq } from '../../domain/plan.ts';
import { coreGroupSeq } from '../../domain/core-groups.ts';
import { LONDON } from '../../domain/calendar/zone.ts';
import type { AppDeps } from '../deps.ts';
import { circulateCoreGroupRecord } from '../core-groups/core-group-record.ts';
import { circulateMinutes } from '../minutes/circulate-minutes.ts';
import { sendHeldCoreGroupInvites } from '../core-groups/core-group-steps.ts';
import { planActionReminderStep } from '../follow-ups/plan-steps.ts';
import { unlessAnotherReleaseSends } from './held-letter-steps.ts';

/** Everything that waited with `person`'s held letter (theirs and their companions'), now it has gone. */
export async function sendHeldWithLetter(deps: AppDeps, c: Conference, person: Attendee): Promise<void> {
  await sendHeldCoreGroupInvites(deps, c, person);
  const parent = effectiveAttendee(c, person);
  const people = c.attendees.filter((a) => a.role !== 'child' && effectiveAttendee(c, a).id === parent.id);
  const ids = new Set(people.map((a) => a.id));
  const policy = deps.policies.get(c.policyId);
  const now = deps.clock.now();
  const today = DateTime.fromJSDate(now, { zone: LONDON }).toISODate()!;
  // A plan action's reminder whose time came while the letter waited, the action still open and not yet due.
  for (const r of c.decision?.plan ?? []) {
    if (!r.id || !r.dueOn || !r.ownerAttendeeId || !ids.has(r.ownerAttendeeId) || !isOpen(r) || r.dueOn < today)
      continue;
    if (planActionTimes(policy, deps.calendar, r.dueOn, now).remindAt) continue; // still to come: its job sends it
    await unlessAnotherReleaseSends(person, { id: r.ownerAttendeeId }, () =>
      planActionReminderStep(deps, c, planRowSeq(r)),
    );
  }
  if (c.minutes?.approvedAt) {
    const version = c.minutes.corrects ? c.minutes.version : undefined;
    for (const a of people) await unlessAnotherReleaseSends(person, a, () => circulateMinutes(deps, c, a.id, version));
  }
  for (const g of c.coreGroups ?? [])
    for (const a of people.filter((x) => g.record && g.members.includes(x.id)))
      await unlessAnotherReleaseSends(person, a, () => circulateCoreGroupRecord(deps, c, coreGroupSeq(g), [a.id]));
}
