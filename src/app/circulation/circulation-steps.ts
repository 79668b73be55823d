/**
 * Circulating the approved decision: one job per attendee, each send claimed in the ledger so it
 * happens once however often the job runs. The last recipient to be served moves the conference
 * approved → circulated → follow-up and queues the follow-ups. A letter held for a visit:
 * held-letter-steps.ts.
 */
import { largeType } from '../../content/templates/easy-read.ts';
import { viaSocialWorkerTask } from '../../content/templates/circulation-notices.ts';
import { effectiveAttendee } from '../../domain/disclosure.ts';
import { circulationRecipients, type CirculationRecipient } from '../../domain/circulation.ts';
import { heldLetterOf, type HeldLetter } from '../../domain/held-letters.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { isApproved } from '../../domain/state-machine.ts';
import { letterPdf } from './circulation-letters.ts';
import { familyLetterFor } from './family-decision-letter.ts';
import { pdfAttachment, professionalCopies, professionalEmail, refHeader } from './professional-copy.ts';
import { CIRCULATE_STEP } from './circulation-status.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail, ledgerKey, recordManualDelivery } from '../shared/deliver.ts';
import { queueHardCopy } from '../post-and-texts/hard-copies.ts';
import { sendText } from '../post-and-texts/texts.ts';
import { finishIfComplete } from './finish-circulation.ts';
import { toLondonIso } from '../shared/time.ts';
import { senderOf } from '../shared/sender.ts';
import { holdForVisit, inPersonFor } from './held-letter-steps.ts';
import { sendHeldWithLetter } from './held-follow-ups.ts';

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

/**
 * When a held letter was let go (the explanation recorded, the release, or the old unexplained send):
 * the date it bears, since it tells of a visit after the approval (trial finding: dated the approval,
 * it said "On Tuesday … your social worker met you" under Thursday's date).
 */
const liftedAt = (h: HeldLetter | undefined): string | undefined =>
  h?.explained?.at ?? h?.released?.at ?? h?.sentUnexplainedAt;

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
  // A held letter tells of the visit after the approval: it is dated the day it was let go.
  const datedAt = liftedAt(heldLetterOf(c, effectiveAttendee(c, a).id));
  const pdf = await letterPdf(deps, c, policy, letter, {
    largePrint: largeType(a),
    ...(datedAt ? { datedAt } : {}),
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
): Promise<void> {
  if (r.copy === 'professional') return sendProfessional(deps, c, policy, a, r);
  if (r.copy !== 'family') return;
  // Held until someone records telling them, or the chair or coordinator releases it: never by the clock.
  if (r.holdFor && (await holdForVisit(deps, c, policy, a, r.holdFor))) return;
  await sendFamily(deps, c, policy, a, r);
  // What waited with the letter follows it (core group invitations, reminders, minutes, records).
  if (r.holdFor) await sendHeldWithLetter(deps, c, a);
}

/**
 * One attendee's share of the circulation (their own letter, and their manager's copy where the
 * policy says): a held letter's release once its hold is lifted (a release job of a letter still
 * held sends nothing), or a job queued per attendee before the fan-out became one job per
 * conference (decision-fan-out.ts).
 */
export async function circulateDecision(deps: AppDeps, c: Conference, attendeeId: string): Promise<void> {
  if (!circulationOpen(deps, c)) return;
  const policy = deps.policies.get(c.policyId);
  const a = c.attendees.find((x) => x.id === attendeeId);
  if (!a) return;
  for (const r of circulationRecipients(c, policy).filter((x) => x.attendeeId === attendeeId && x.channel !== 'none'))
    await serveRecipient(deps, c, policy, a, r);
  await finishIfComplete(deps, c.id, c);
}
