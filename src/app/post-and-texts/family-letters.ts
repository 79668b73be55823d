import type { BaseSendKind } from '../../domain/steps.ts';
import { largeType } from '../../content/templates/easy-read.ts';
import { DateTime } from 'luxon';
import { renderLetterPdf } from '../../content/pdf-letter.ts';
import { postTooLate } from '../../content/templates/circulation-notices.ts';
import { letterLanguage, type RenderedLetter } from '../../content/templates/letter-text.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import { postArrivesInTime } from '../../domain/letters.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail, recordManualDelivery } from '../shared/deliver.ts';
import { endOfNextWorkingDay, queueHardCopy } from './hard-copies.ts';
import { toLondonIso } from '../shared/time.ts';
import { handOverLetter } from '../../content/templates/hand-over.ts';
import { LONDON } from '../../domain/calendar/zone.ts';
import { senderOf, coordinatorAddress } from '../shared/sender.ts';

export interface FamilyLetterOptions {
  /** Ledger recipient of this version of the letter (default: the attendee id; `a3-update1` for an update of their own). */
  recipient?: string;
  /** When the letter must have reached them (their meeting time): a letter the post cannot bring by then is flagged at once. */
  neededBy?: string;
}

const LETTER_WORDS: Record<string, 'invitation' | 'updated invitation' | 'cancellation'> = {
  invitation: 'invitation',
  'updated-invitation': 'updated invitation',
  cancellation: 'cancellation',
};

/**
 * A family member who asked for post, or to be reached through the social worker, gets the same
 * plain-language words as a printable letter: on the hard-copy queue (print by the end of the next
 * working day), or emailed to the social worker to hand over. When the post cannot bring it before
 * `neededBy`, the coordinator is told at once to phone them and arrange hand delivery.
 */
export async function sendFamilyLetter(
  deps: AppDeps,
  c: Conference,
  a: Attendee,
  step: BaseSendKind,
  document: string,
  letter: RenderedLetter,
  opts: FamilyLetterOptions = {},
): Promise<void> {
  const policy = deps.policies.get(c.policyId);
  const recipient = opts.recipient ?? a.id;
  const pdf = await renderLetterPdf({
    title: letter.title,
    blocks: letter.blocks,
    reference: c.reference,
    ...letterLanguage(letter),
    sender: policy.sender.name,
    dateLine: DateTime.fromJSDate(deps.clock.now(), { zone: LONDON }).toFormat('d LLLL yyyy'),
    createdAt: deps.clock.now(),
    largePrint: largeType(a),
    // In the envelope window only when it goes by post; a letter handed over by the social worker needs none.
    ...(a.contactPreference === 'post' && a.postalAddress
      ? { addressee: { name: a.name, lines: a.postalAddress } }
      : {}),
  });
  const sw = c.attendees.find((x) => x.role === 'social-worker' && x.email);
  if (a.contactPreference === 'post' || !sw?.email) {
    // By post, or (nobody to hand it over) on the print queue so the coordinator sees it.
    const postedBy = endOfNextWorkingDay(deps, c, deps.clock.now());
    const late =
      opts.neededBy && !postArrivesInTime(deps.calendar, postedBy, opts.neededBy, policy.timings.postWorkingDays)
        ? { neededBy: opts.neededBy }
        : undefined;
    // Too late for the post, it is printed to be handed over: never due after the meeting it is about.
    const dueAt = late && Date.parse(late.neededBy) < Date.parse(postedBy) ? late.neededBy : postedBy;
    const copy = await queueHardCopy(deps, c, a, document, pdf, {
      dueAt,
      recipient,
      step,
      ...(late ? { tooLateForPost: late } : {}),
    });
    if (late) await tellPostTooLate(deps, c, a, document, recipient, copy.blobId, postedBy, late.neededBy);
    const note = a.contactPreference === 'post' ? 'letter-queued' : 'no-social-worker-letter-queued';
    await recordManualDelivery(deps, c, { step, recipient, channel: 'post', note });
    return;
  }
  const cover = handOverLetter({
    reference: c.reference,
    sender: policy.sender,
    name: a.name,
    role: a.role,
    attendeeId: a.id,
  });
  await deliverEmail(deps, c, {
    step: `${step}-via-sw`,
    recipient,
    message: {
      to: sw.email,
      from: senderOf(policy),
      ...cover,
      attachments: [{ filename: `${c.reference}-${document}.pdf`, content: pdf, contentType: 'application/pdf' }],
    },
  });
  await recordManualDelivery(deps, c, {
    step,
    recipient,
    channel: 'via-social-worker',
    note: 'letter-sent-to-social-worker',
  });
}

/** Tells the coordinator, once per letter, that the post cannot bring it in time. */
async function tellPostTooLate(
  deps: AppDeps,
  c: Conference,
  a: Attendee,
  document: string,
  recipient: string,
  blobId: string,
  postedBy: string,
  neededBy: string,
): Promise<void> {
  const policy = deps.policies.get(c.policyId);
  const rendered = postTooLate({
    reference: c.reference,
    policy,
    role: a.role,
    attendeeId: a.id,
    letter: LETTER_WORDS[document] ?? 'invitation',
    postedBy,
    neededBy,
    postWorkingDays: policy.timings.postWorkingDays,
    downloadUrl: `${deps.settings.publicBaseUrl}/api/conferences/${c.id}/hard-copies/${blobId}`,
  });
  const to = coordinatorAddress(deps, policy);
  const outcome = await deliverEmail(deps, c, {
    step: `post-too-late-${document}`,
    recipient,
    message: { ...rendered, to, from: senderOf(policy), headers: { 'X-Conference-Reference': c.reference } },
  });
  if (outcome === 'sent') {
    await deps.store.audit(c.id, {
      at: toLondonIso(deps.clock.now()),
      actor: 'system',
      action: 'hard-copy.too-late-for-post',
      detail: { attendeeId: a.id, blobId, postedBy, neededBy },
    });
    deps.logger.warn('a letter by post cannot arrive before the meeting', {
      conferenceId: c.id,
      reference: c.reference,
      blobId,
    });
  }
}
