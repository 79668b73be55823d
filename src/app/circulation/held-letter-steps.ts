/**
 * A family letter held for a visit: where the policy asks, a parent who was not at the meeting (or
 * was asked to leave part of it) is told in person before the letter goes. The social worker (else
 * the chair) is asked to tell them; the letter waits until someone records it, or until the chair
 * or the coordinator releases it with a reason. At the policy's hold time it is late: the social
 * worker is chased (and again every few working days), the chair and the coordinator are told.
 */
import { accessFor } from '../../domain/disclosure.ts';
import { DateTime } from 'luxon';
import { heldLetterLate, tellInPersonTask } from '../../content/templates/circulation-notices.ts';
import { heldLettersCard, heldLettersTitle } from '../../content/cards/held-letters.ts';
import { deliverCard } from '../chat/deliver-card.ts';
import { heldLettersModel } from '../chat/held-letters-model.ts';
import { effectiveAttendee } from '../../domain/disclosure.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { refHeader } from './professional-copy.ts';
import { CIRCULATE_STEP, TELL_IN_PERSON_STEP, TOLD_IN_PERSON_STEP, UNEXPLAINED_STEP } from './circulation-status.ts';
import { finishIfComplete } from './finish-circulation.ts';
import { circulationRecipients } from '../../domain/circulation.ts';
import { heldLetterOf, holdLifted, withHeldLetter, withLate, type HoldReason } from '../../domain/held-letters.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail, ledgerKey, SendInProgressError } from '../shared/deliver.ts';
import { toLondonIso } from '../shared/time.ts';
import { LONDON } from '../../domain/calendar/zone.ts';
import { isApproved } from '../../domain/state-machine.ts';
import { coordinatorAddress, senderOf } from '../shared/sender.ts';

/** Whoever tells an absent parent in person: the social worker, else the chair (Cumbria allows either). */
function teller(c: Conference): Attendee | undefined {
  return (
    c.attendees.find((a) => a.role === 'social-worker' && a.email) ??
    c.attendees.find((a) => a.role === 'chair' && a.email)
  );
}

/** `days` working days after `from`'s London day, at the policy's reminders' send time. */
function workingDaysOn(deps: Pick<AppDeps, 'calendar'>, policy: Policy, from: Date, days: number): string {
  const day = DateTime.fromJSDate(from, { zone: LONDON }).toISODate()!;
  const [h, m] = policy.reports.reminders.sendAt.split(':').map(Number) as [number, number];
  return toLondonIso(
    DateTime.fromISO(deps.calendar.addWorkingDays(day, days), { zone: LONDON }).set({ hour: h, minute: m }),
  );
}

/**
 * When a held letter is late: `timings.letterHoldWorkingDays` working days on, at the policy's send
 * time (by default 09:00 the next working day). The letter still waits; the chasers start.
 */
export function holdUntil(deps: Pick<AppDeps, 'calendar'>, policy: Policy, now: Date): string {
  return workingDaysOn(deps, policy, now, policy.timings.letterHoldWorkingDays);
}

/** At most this many chasers for one held letter (the first at the hold time); the worklist keeps it after. */
export const MAX_HELD_LETTER_CHASERS = 10;

/**
 * A parent who was not at the meeting (where the policy asks for a visit) or was asked to leave part
 * of it: ask the social worker (else the chair) to tell them, and hold the letter until someone
 * records that they did (held-letters.ts) or the chair or coordinator releases it; the first chaser
 * is queued for the hold time. A companion's copy waits with it. Returns true while the letter is held.
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
  if (holdLifted(held)) return false;
  const who = teller(c);
  if (!who?.email) return false; // nobody to visit: the letter is the only way to tell them
  if (person.id !== a.id) return true; // the parent's own task and chasers cover the companion
  const until = held?.heldUntil ?? holdUntil(deps, policy, deps.clock.now());
  // The first chaser first: a crash after the email must not leave the letter held unnoticed.
  await deps.jobs.schedule([
    {
      conferenceId: c.id,
      version: c.version,
      step: 'held-letter-chase',
      attendeeId: a.id,
      seq: 1,
      runAt: new Date(Date.parse(until)),
    },
  ]);
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
 * A held letter's chaser (`seq` 1 at the hold time, then every `letterHoldChaseEveryWorkingDays`):
 * nothing recorded and not released, so the social worker (else the chair) is reminded; at the first
 * the letter is recorded as late and the chair and the coordinator are told (the letter still waits,
 * and no longer holds up the follow-ups). Does nothing once the hold is lifted.
 */
export async function chaseHeldLetter(deps: AppDeps, c: Conference, attendeeId: string, seq = 1): Promise<void> {
  const held = heldLetterOf(c, attendeeId);
  const a = c.attendees.find((x) => x.id === attendeeId);
  if (!held || holdLifted(held) || !a || !c.decision?.approvedAt || !isApproved(c.state)) return;
  const policy = deps.policies.get(c.policyId);
  const now = deps.clock.now();
  const at = toLondonIso(now);
  const who = teller(c);
  if (who?.email) {
    const task = tellInPersonTask({
      reference: c.reference,
      policy,
      parentRole: a.role,
      attendeeId: a.id,
      letterHeldUntil: held.heldUntil,
      reason: held.reason,
      chaser: true,
      ...(accessFor(c, policy, who, 'case-identity') === 'receive' ? { parentName: a.name } : {}),
    });
    await deliverEmail(deps, c, {
      step: 'held-letter-chase',
      recipient: `${a.id}-c${seq}`,
      message: { ...task, to: who.email, from: senderOf(policy), headers: refHeader(c) },
    });
  }
  if (seq === 1) await toldItIsLate(deps, c, policy, a, at);
  if (seq < MAX_HELD_LETTER_CHASERS)
    await deps.jobs.schedule([
      {
        conferenceId: c.id,
        version: c.version,
        step: 'held-letter-chase',
        attendeeId: a.id,
        seq: seq + 1,
        runAt: new Date(Date.parse(workingDaysOn(deps, policy, now, policy.timings.letterHoldChaseEveryWorkingDays))),
      },
    ]);
}

/** The first chaser: the letter is recorded late, the chair and the coordinator told, and the follow-ups no longer wait for it. */
async function toldItIsLate(deps: AppDeps, c: Conference, policy: Policy, a: Attendee, at: string): Promise<void> {
  const held = heldLetterOf(c, a.id)!;
  let first = false;
  const updated = await deps.store.update(c.id, (cur) => {
    const next = withLate(cur, a.id, at);
    first = next !== cur;
    return next;
  });
  if (first)
    await deps.store.audit(c.id, {
      at,
      actor: 'system',
      action: 'decision.letter-late',
      detail: { attendeeId: a.id, reason: held.reason, heldUntil: held.heldUntil },
    });
  const chair = c.attendees.find((x) => x.role === 'chair' && x.email);
  const to: [string, string | undefined, Attendee | undefined][] = [
    ['chair', chair?.email, chair],
    ['coordinator', coordinatorAddress(deps, policy), undefined],
  ];
  for (const [role, address, reader] of to) {
    if (!address) continue;
    const named = reader ? accessFor(c, policy, reader, 'case-identity') === 'receive' : false;
    const alert = heldLetterLate({
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
  // A chair who works in Teams also gets the card to record telling them, or to send the letter without it.
  const teamsChair = c.attendees.find((x) => x.role === 'chair');
  if (teamsChair)
    await deliverCard(deps, updated, {
      step: UNEXPLAINED_STEP,
      recipient: `${a.id}-chair`,
      to: teamsChair,
      card: (to) => heldLettersCard(heldLettersModel(updated), to),
      summary: heldLettersTitle(c.reference),
    });
  await finishIfComplete(deps, c.id);
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
  return (await heldAmong(deps, c, policy, [a])).has(a.id);
}

/**
 * `decisionLetterHeld` for several attendees at once: the recipients worked out once and the ledger
 * read in one round trip. The ids of those whose letter (or whose parent's letter) is still held.
 */
export async function heldAmong(
  deps: AppDeps,
  c: Conference,
  policy: Policy,
  attendees: readonly Attendee[],
): Promise<Set<string>> {
  const held = circulationRecipients(c, policy).filter((r) => r.copy === 'family' && r.holdFor && r.channel !== 'none');
  if (!held.length) return new Set();
  const entries = await deps.ledger.getMany(
    c.id,
    held.map((r) => ledgerKey(CIRCULATE_STEP, r.key, c.version)),
  );
  const unsent = new Set(held.filter((_, i) => entries[i]?.state !== 'sent').map((r) => r.attendeeId));
  return new Set(attendees.filter((a) => unsent.has(a.id) || unsent.has(effectiveAttendee(c, a).id)).map((a) => a.id));
}

/**
 * Sends what waited with a held letter to `a` from `person`'s release job. The parent's and each
 * companion's release jobs run at once and may both try the same member's message: the one that
 * finds it claimed by the other goes on to the next (the claimant's job sends it, and retries it if
 * it fails) instead of failing here, which stopped the loop before a companion's own invitation and
 * left it to a retry after the send lease (why computing the held set once per loop looked wrong).
 * A message to `person` themselves is this job's to send: its failure fails the job.
 */
export async function unlessAnotherReleaseSends(
  person: Pick<Attendee, 'id'>,
  a: Pick<Attendee, 'id'>,
  send: () => Promise<unknown>,
): Promise<void> {
  try {
    await send();
  } catch (err) {
    if (!(err instanceof SendInProgressError) || a.id === person.id) throw err;
  }
}
