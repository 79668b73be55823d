import { accessFor } from '../../domain/disclosure.ts';
/**
 * Circulating the approved decision: one job per attendee, each send claimed in the ledger so it
 * happens once however often the job runs. The last recipient to be served moves the conference
 * approved → circulated → follow-up and queues the follow-ups.
 */
import { largeType } from '../../content/templates/easy-read.ts';
import { DateTime } from 'luxon';
import {
  heldLetterSentUnexplained,
  tellInPersonTask,
  viaSocialWorkerTask,
} from '../../content/templates/circulation-notices.ts';
import { effectiveAttendee } from '../../domain/disclosure.ts';
import { circulationRecipients, type CirculationRecipient } from '../../domain/circulation.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { isApproved } from '../../domain/state-machine.ts';
import { familyLetterFor, letterPdf } from '../circulation-letters.ts';
import { pdfAttachment, professionalCopies, professionalEmail, refHeader } from './professional-copy.ts';
import { CIRCULATE_STEP, TELL_IN_PERSON_STEP, TOLD_IN_PERSON_STEP, UNEXPLAINED_STEP } from '../circulation-status.ts';
import { heldLetterOf, withHeldLetter, withSentUnexplained, type HoldReason } from '../../domain/held-letters.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail, ledgerKey, recordManualDelivery } from '../deliver.ts';
import { queueHardCopy } from '../hard-copies.ts';
import { sendText } from '../texts.ts';
import { finishIfComplete } from './finish-circulation.ts';
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
async function holdForVisit(
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
async function sentUnexplained(deps: AppDeps, c: Conference, policy: Policy, a: Attendee): Promise<void> {
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
async function inPersonFor(
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

async function sendProfessional(
  deps: AppDeps,
  c: Conference,
  policy: Policy,
  a: Attendee,
  r: CirculationRecipient,
): Promise<void> {
  const send = await professionalEmail(c, policy, a, r, professionalCopies(deps, c, policy));
  if (send) await deliverEmail(deps, c, send);
}

async function sendFamily(
  deps: AppDeps,
  c: Conference,
  policy: Policy,
  a: Attendee,
  r: CirculationRecipient,
): Promise<void> {
  const existing = await deps.ledger.get(c.id, ledgerKey(CIRCULATE_STEP, r.key, c.version));
  const text = () =>
    r.channel === 'email' || r.channel === 'post'
      ? sendText(deps, c, a, 'decision-ready', { meetingAt: c.startsAt })
      : undefined;
  if (existing?.state === 'sent') return text();
  // A companion gets the letter of the person they come with (familyLetterFor follows accompanies).
  const letter = familyLetterFor(c, policy, deps.calendar, a, {
    ...(await inPersonFor(deps, c, effectiveAttendee(c, a))),
  });
  const pdf = await letterPdf(deps, c, policy, letter, {
    largePrint: largeType(a),
    ...(r.channel === 'post' ? { to: a } : {}),
  });
  if (r.channel === 'email' && a.email) {
    await deliverEmail(deps, c, {
      step: CIRCULATE_STEP,
      recipient: r.key,
      message: {
        subject: letter.subject,
        text: letter.text,
        html: letter.html,
        to: a.email,
        from: senderOf(policy),
        headers: refHeader(c),
        attachments: [pdfAttachment(c, pdf, 'letter')],
      },
    });
  } else if (r.channel === 'post') {
    // Queued with its own hard-copy-due alert at the deadline.
    const copy = await queueHardCopy(deps, c, a, 'decision-letter', pdf, { recipient: r.key, step: CIRCULATE_STEP });
    if (
      (await recordManualDelivery(deps, c, {
        step: CIRCULATE_STEP,
        recipient: r.key,
        channel: 'post',
        note: copy.blobId,
      })) === 'sent'
    ) {
      await deps.store.audit(c.id, {
        at: toLondonIso(deps.clock.now()),
        actor: 'system',
        action: 'hard-copy.queued',
        detail: { attendeeId: a.id, blobId: copy.blobId, dueAt: copy.dueAt },
      });
    }
  }
  await text();
  if (r.channel === 'via-social-worker') {
    const sw = c.attendees.find((x) => x.role === 'social-worker' && x.email);
    if (!sw?.email) {
      // Retrying cannot conjure a social worker: record why, and the watchdog reports it.
      if (await deps.ledger.claim(c.id, ledgerKey(CIRCULATE_STEP, r.key, c.version), deps.settings.sendLeaseMs))
        await deps.ledger.markFailed(
          c.id,
          ledgerKey(CIRCULATE_STEP, r.key, c.version),
          'no social worker with an email address to pass the letter on',
        );
      return;
    }
    const task = viaSocialWorkerTask({ reference: c.reference, policy, parentRole: a.role, attendeeId: a.id });
    await deliverEmail(deps, c, {
      step: CIRCULATE_STEP,
      recipient: r.key,
      message: {
        ...task,
        to: sw.email,
        from: senderOf(policy),
        headers: refHeader(c),
        attachments: [pdfAttachment(c, pdf, 'letter')],
      },
    });
  }
}

/** Whether the decision may go out now: approved, and not yet closed. */
export function circulationOpen(deps: AppDeps, c: Conference): boolean {
  if (isApproved(c.state) && c.decision?.approvedAt) return true;
  deps.logger.info('circulation job before approval or after close: skipped', {
    conferenceId: c.id,
    reference: c.reference,
    state: c.state,
  });
  return false;
}

/**
 * One recipient's copy: a professional's email, or a family member's letter (held for a visit
 * first where the policy says, by email, post or the social worker, with its text message).
 */
export async function serveRecipient(
  deps: AppDeps,
  c: Conference,
  policy: Policy,
  a: Attendee,
  r: CirculationRecipient,
  opts: { release?: boolean } = {},
): Promise<void> {
  if (r.copy === 'professional') return sendProfessional(deps, c, policy, a, r);
  if (r.copy !== 'family') return;
  if (r.holdFor && !opts.release && (await holdForVisit(deps, c, policy, a, r.holdFor))) return;
  await sendFamily(deps, c, policy, a, r);
  if (r.holdFor && opts.release && !r.letterOf) await sentUnexplained(deps, c, policy, a);
}

/**
 * One attendee's share of the circulation (their own letter, and their manager's copy where the
 * policy says): a held letter's release, or a job queued per attendee before the fan-out became
 * one job per conference (decision-fan-out.ts).
 */
export async function circulateDecision(
  deps: AppDeps,
  c: Conference,
  attendeeId: string,
  opts: { release?: boolean } = {},
): Promise<void> {
  if (!circulationOpen(deps, c)) return;
  const policy = deps.policies.get(c.policyId);
  const a = c.attendees.find((x) => x.id === attendeeId);
  if (!a) return;
  for (const r of circulationRecipients(c, policy).filter((x) => x.attendeeId === attendeeId && x.channel !== 'none'))
    await serveRecipient(deps, c, policy, a, r, opts);
  await finishIfComplete(deps, c.id, c);
}
