/** Withdrawing invitations: a calendar cancellation (METHOD:CANCEL, same UID) or a letter, and the provider's meeting. */
import { isCancelled, isRescheduled } from '../../domain/state-machine.ts';
import { cancellationEmail, type CancellationInput } from '../../content/templates/cancellation.ts';
import type { RenderedLetter } from '../../content/templates/letter-text.ts';
import { forFamilyReader } from '../../content/templates/translated-letter.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import type { BaseSendKind } from '../../domain/steps.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail } from '../shared/deliver.ts';
import { sendFamilyLetter } from '../post-and-texts/family-letters.ts';
import { withdrawUnprintedLetters } from '../post-and-texts/hard-copies.ts';
import { sentInvitationKeys, type CalendarRevision } from './invite-revision.ts';
import { sendText } from '../post-and-texts/texts.ts';
import { toLondonIso } from '../shared/time.ts';
import { senderOf } from '../shared/sender.ts';
import { audienceOf, calendarStart, icsFor } from './invite-calendar.ts';
import { letterAudience } from './invite-letters.ts';

/** The letters that invite a family member to the conference (hard-copy documents). */
const INVITATION_LETTERS = ['invitation', 'updated-invitation'];

/** Withdraws every email invitation (METHOD:CANCEL with the same UID) and the provider's meeting. */
export async function sendCancellations(deps: AppDeps, c: Conference): Promise<void> {
  const sent = await deps.ledger.list(c.id);
  const invited = new Set(c.attendees.filter((a) => sentInvitationKeys(sent, a.id).length > 0).map((a) => a.id));
  const lastChange = c.history.at(-1);
  for (const a of c.attendees) {
    if (invited.has(a.id)) await sendCancellationTo(deps, c, a, 'send-cancellations');
  }
  if (c.meeting && isCancelled(c.state)) {
    await deps.meetings(c.meeting.provider).cancel(
      {
        conferenceId: c.id,
        reference: c.reference,
        version: c.version,
        mode: c.mode,
        startsAt: c.startsAt,
        endsAt: c.timetable.endsAt,
      },
      c.meeting,
    );
  }
  await deps.store.audit(c.id, {
    at: toLondonIso(deps.clock.now()),
    actor: 'system',
    action: 'invites.cancelled',
    detail: { reason: lastChange?.reason ? 'recorded' : 'none' },
  });
}

/**
 * One person's withdrawal: METHOD:CANCEL with their invitation's UID, or a cancellation letter for
 * those who get letters. `revision`: for someone removed from a conference that goes on, the next
 * revision of their entry (withdrawalRevision); a whole cancellation has already moved the version on.
 */
export async function sendCancellationTo(
  deps: AppDeps,
  c: Conference,
  a: Attendee,
  step: BaseSendKind,
  reason?: string,
  revision?: CalendarRevision,
): Promise<void> {
  const policy = deps.policies.get(c.policyId);
  const newDateToFollow = isRescheduled(c.state);
  const family = audienceOf(a) === 'family';
  const startsAt = calendarStart(c, a);
  // A family member's in their language first where the policy has a reviewed one (never machine-translated):
  // the cancellation (its update notice when a new date will follow), or the withdrawal of their own invitation.
  const letterFor = (input: Omit<CancellationInput, 'reference' | 'policy' | 'startsAt'>): RenderedLetter => {
    const english = cancellationEmail({ reference: c.reference, policy, startsAt, ...input });
    return family
      ? forFamilyReader(english, {
          policy,
          reference: c.reference,
          letter: revision ? 'withdrawal' : 'cancellation',
          reader: a,
          at: startsAt,
          updated: !revision && newDateToFollow,
        })
      : english;
  };
  // A removed attendee's meeting goes on: no 'cancelled' text for them.
  if (!revision) await sendText(deps, c, a, 'cancelled', { meetingAt: startsAt });
  if (family && a.contactPreference !== 'email') {
    // An invitation still waiting in the print room is simply taken off it: a letter cancelling a
    // meeting they were never told of would only alarm them.
    if (await withdrawUnprintedLetters(deps, c, a, INVITATION_LETTERS)) return;
    // They were sent a letter: they need a cancellation letter, or they will come to a meeting that is not happening.
    const letter = letterFor({
      audience: letterAudience(a),
      newDateToFollow,
      onPaper: true,
      ...(reason ? { reason } : {}),
      ...(revision ? { withdrawn: true } : {}),
    });
    await sendFamilyLetter(deps, c, a, step, 'cancellation', letter, { neededBy: startsAt });
    return;
  }
  if (!a.email) return;
  const rendered = letterFor({
    // Whoever comes with the family (an interpreter too) is told as their invitation was: not as a professional.
    audience: letterAudience(a),
    newDateToFollow,
    ...(reason ? { reason } : {}),
    // Removed (a revision of their own): the conference goes on, only their invitation is withdrawn.
    ...(revision ? { withdrawn: true } : {}),
  });
  const ics = icsFor(c, { ...a, email: a.email }, policy, 'CANCEL', rendered.text, revision);
  const sender = senderOf(policy);
  await deliverEmail(deps, c, {
    step,
    recipient: a.id,
    message: { ...rendered, to: a.email, from: sender, icalEvent: { method: 'CANCEL', content: ics } },
  });
}
