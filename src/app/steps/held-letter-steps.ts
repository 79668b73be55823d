/**
 * A family letter held for a visit: where the policy asks, a parent who was not at the meeting (or
 * was asked to leave part of it) is told in person before the letter goes. The social worker (else
 * the chair) is asked to tell them; the letter waits until someone records it or the policy's hold
 * time, when it goes with a visible task for the chair and the coordinator.
 */
import { accessFor } from '../../domain/disclosure.ts';
import { DateTime } from 'luxon';
import { heldLetterSentUnexplained, tellInPersonTask } from '../../content/templates/circulation-notices.ts';
import { effectiveAttendee } from '../../domain/disclosure.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { refHeader } from './professional-copy.ts';
import { CIRCULATE_STEP, TELL_IN_PERSON_STEP, TOLD_IN_PERSON_STEP, UNEXPLAINED_STEP } from '../circulation-status.ts';
import { circulationRecipients } from '../../domain/circulation.ts';
import { heldLetterOf, withHeldLetter, withSentUnexplained, type HoldReason } from '../../domain/held-letters.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail, ledgerKey } from '../deliver.ts';
import { toLondonIso } from '../time.ts';
import { LONDON } from '../../domain/calendar/zone.ts';
import { coordinatorAddress, senderOf } from '../sender.ts';

/** Whoever tells an absent parent in person: the social worker, else the chair (Cumbria allows either). */
function teller(c: Conference): Attendee | undefined {
  return (
    c.attendees.find((a) => a.role === 'social-worker' && a.email) ??
    c.attendees.find((a) => a.role === 'chair' && a.email)
  );
}

/**
 * The policy's send time `timings.letterHoldWorkingDays` working days on (by default 09:00 the next
 * working day): how long an absent parent's letter waits for the visit.
 */
export function holdUntil(deps: Pick<AppDeps, 'calendar'>, policy: Policy, now: Date): string {
  const today = DateTime.fromJSDate(now, { zone: LONDON }).toISODate()!;
  const [h, m] = policy.reports.reminders.sendAt.split(':').map(Number) as [number, number];
  return toLondonIso(
    DateTime.fromISO(deps.calendar.addWorkingDays(today, policy.timings.letterHoldWorkingDays), { zone: LONDON }).set({
      hour: h,
      minute: m,
    }),
  );
}

/**
 * A parent who was not at the meeting (where the policy asks for a visit) or was asked to leave part
 * of it: ask the social worker (else the chair) to tell them, and hold the letter until someone
 * records that they did (held-letters.ts), or until the policy's hold time, when the fallback sends
 * it with a visible task. A companion's copy waits with it. Returns true while the letter is held.
 */
export async function holdForVisit(
  deps: AppDeps,
  c: Conference,
  policy: Policy,
  a: Attendee,
  reason: HoldReason,
): Promise<boolean> {
  const person = effectiveAttendee(c, a);
  const held = heldLetterOf(c, person.id);
  if (held?.explained) return false;
  const who = teller(c);
  if (!who?.email) return false; // nobody to visit: the letter is the only way to tell them
  const until = held?.heldUntil ?? holdUntil(deps, policy, deps.clock.now());
  // The release job first: a crash after the email must not leave the letter held for ever.
  await deps.jobs.schedule([
    {
      conferenceId: c.id,
      version: c.version,
      step: 'release-held-letter',
      attendeeId: a.id,
      runAt: new Date(Date.parse(until)),
    },
  ]);
  if (person.id !== a.id) return true; // the parent's own task covers the companion
  if (!held) {
    const at = toLondonIso(deps.clock.now());
    await deps.store.update(c.id, (cur) =>
      withHeldLetter(cur, { attendeeId: a.id, reason, heldAt: at, heldUntil: until }),
    );
  }
  const task = tellInPersonTask({
    reference: c.reference,
    policy,
    parentRole: a.role,
    attendeeId: a.id,
    letterHeldUntil: until,
    reason,
    ...(accessFor(c, policy, who, 'case-identity') === 'receive' ? { parentName: a.name } : {}),
  });
  const outcome = await deliverEmail(deps, c, {
    step: TELL_IN_PERSON_STEP,
    recipient: a.id,
    message: { ...task, to: who.email, from: senderOf(policy), headers: refHeader(c) },
  });
  if (outcome === 'sent') {
    await deps.store.audit(c.id, {
      at: toLondonIso(deps.clock.now()),
      actor: 'system',
      action: 'decision.letter-held',
      detail: { attendeeId: a.id, until, teller: who.role, reason },
    });
  }
  return true;
}

/**
 * The policy's fallback at the hold time, nobody having recorded telling the parent: the letter has
 * gone; the chair and the coordinator are asked to see it explained, and the worklist shows it
 * until it is recorded (never silently).
 */
export async function sentUnexplained(deps: AppDeps, c: Conference, policy: Policy, a: Attendee): Promise<void> {
  const held = heldLetterOf(c, a.id);
  if (!held || held.explained) return;
  const at = toLondonIso(deps.clock.now());
  await deps.store.update(c.id, (cur) => withSentUnexplained(cur, a.id, at));
  const chair = c.attendees.find((x) => x.role === 'chair' && x.email);
  const to: [string, string | undefined, Attendee | undefined][] = [
    ['chair', chair?.email, chair],
    ['coordinator', coordinatorAddress(deps, policy), undefined],
  ];
  for (const [role, address, reader] of to) {
    if (!address) continue;
    const named = reader ? accessFor(c, policy, reader, 'case-identity') === 'receive' : false;
    const alert = heldLetterSentUnexplained({
      reference: c.reference,
      policy,
      parentRole: a.role,
      attendeeId: a.id,
      reason: held.reason,
      heldUntil: held.heldUntil,
      ...(named ? { parentName: a.name } : {}),
    });
    await deliverEmail(deps, c, {
      step: UNEXPLAINED_STEP,
      recipient: `${a.id}-${role}`,
      message: { ...alert, to: address, from: senderOf(policy), headers: refHeader(c) },
    });
  }
  await deps.store.audit(c.id, {
    at,
    actor: 'system',
    action: 'decision.letter-sent-unexplained',
    detail: { attendeeId: a.id, reason: held.reason, heldUntil: held.heldUntil },
  });
}

/** Whether someone was really asked to tell this parent in person (or has done so), and who: the letter says so only then. */
export async function inPersonFor(
  deps: AppDeps,
  c: Conference,
  parent: Attendee,
): Promise<{ inPerson?: { by: 'social-worker' | 'chair'; state: 'asked' | 'told' } }> {
  const explained = heldLetterOf(c, parent.id)?.explained;
  if (explained) return { inPerson: { by: explained.by, state: 'told' } };
  const [asked, told] = await Promise.all([
    deps.ledger.get(c.id, ledgerKey(TELL_IN_PERSON_STEP, parent.id, c.version)),
    deps.ledger.get(c.id, ledgerKey(TOLD_IN_PERSON_STEP, parent.id, c.version)),
  ]);
  if (asked?.state !== 'sent' && told?.state !== 'sent') return {};
  const by = teller(c)?.role === 'chair' ? 'chair' : 'social-worker';
  return { inPerson: { by, state: told?.state === 'sent' ? 'told' : 'asked' } };
}

/**
 * Whether a family member's decision letter is still held (or, for a companion, the letter of the
 * person they come with): until it has gone, nothing that tells them the outcome, such as a core
 * group invitation, goes to them either. Read from the send ledger, so it is true until the letter
 * itself is sent, not merely until the explanation is recorded.
 */
export async function decisionLetterHeld(deps: AppDeps, c: Conference, policy: Policy, a: Attendee): Promise<boolean> {
  const person = effectiveAttendee(c, a);
  const recipients = circulationRecipients(c, policy).filter(
    (r) =>
      r.copy === 'family' && r.holdFor && r.channel !== 'none' && (r.attendeeId === a.id || r.attendeeId === person.id),
  );
  for (const r of recipients) {
    const sent = await deps.ledger.get(c.id, ledgerKey(CIRCULATE_STEP, r.key, c.version));
    if (sent?.state !== 'sent') return true;
  }
  return false;
}
