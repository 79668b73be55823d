import type { Conference } from '../../domain/conference.ts';
import { declinedDeputyPrompt } from '../../content/templates/short-notices.ts';
import { ConflictError, NotFoundError } from '../../domain/errors.ts';
import { isBeforeMeeting } from '../../domain/state-machine.ts';
import type { RsvpState } from '../../domain/vocabulary.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail } from '../shared/deliver.ts';
import { inviteSequence } from './invite-revision.ts';
import { inviteUid } from './invite-calendar.ts';
import { toLondonIso } from '../shared/time.ts';
import { senderOf } from '../shared/sender.ts';
import { ID_PATTERN } from '../../domain/ids.ts';
import { coreGroupIdFromUid, recordCoreGroupCalendarReply } from '../core-groups/core-group-rsvp.ts';

/**
 * The conference id inside one of our calendar UIDs (`cpc-<id>-<attendee>@domain`, `-<audience>` on
 * older conferences, `-cg<n>` for a core group).
 */
export function conferenceIdFromUid(uid: string): string | undefined {
  return new RegExp(`^cpc-(${ID_PATTERN.conference})-(${ID_PATTERN.attendee}|family|professionals|cg\\d{1,3})@`, 'i')
    .exec(uid)?.[1]
    ?.toLowerCase();
}

/**
 * A reply counts only while the conference is still ahead and only for the invitation as it now
 * stands: each person's invitation carries SEQUENCE = version - 1 plus the updates of their own
 * (invite-revision.ts), so an answer to an earlier SEQUENCE answers a time that no longer holds
 * (and a decline after a cancellation must not ask for a deputy).
 */
function assertAnswerable(c: Conference, attendeeId: string, sequence: number | undefined): void {
  if (!isBeforeMeeting(c.state)) throw new ConflictError(`${c.reference} is ${c.state}: the reply was not recorded`);
  const current = inviteSequence(c, attendeeId);
  if (sequence !== undefined && sequence < current)
    throw new ConflictError(
      `The reply answers an earlier invitation to ${c.reference} (SEQUENCE ${sequence}, current ${current}): not recorded`,
    );
}

/** A calendar reply that does not prove it comes from the attendee it names: nothing is recorded. */
export class UnprovenReplyError extends Error {
  override name = 'UnprovenReplyError';
}

/** How the sender of a calendar reply was proven: their reply address, or an authenticated From address. */
export type ReplyProof = { replyTokenFor?: { conferenceId: string; attendeeId: string }; authenticatedFrom?: string };

/**
 * A calendar reply (iTIP REPLY) by email. It counts only when it proves its sender is the attendee
 * it names (their reply address, or authenticated mail from their address), and answers that
 * attendee's own invitation: the UID we sent them (their audience's, our domain) and the SEQUENCE
 * it now has. A UID, an ATTENDEE line or a From header proves nothing by itself.
 */
export async function recordCalendarReply(
  deps: AppDeps,
  reply: { uid: string; attendeeEmail: string; partstat: RsvpState; sequence: number },
  proof: ReplyProof,
): Promise<void> {
  const id = conferenceIdFromUid(reply.uid);
  const c = id ? await deps.store.get(id) : undefined;
  if (!c) throw new NotFoundError('The reply does not belong to a known conference');
  const email = reply.attendeeEmail.toLowerCase();
  const attendee = c.attendees.find((a) => a.email?.toLowerCase() === email);
  if (!attendee) throw new NotFoundError(`The reply's attendee is not invited to ${c.reference}`);
  const byToken = proof.replyTokenFor?.conferenceId === c.id && proof.replyTokenFor.attendeeId === attendee.id;
  const byMail = proof.authenticatedFrom?.toLowerCase() === email;
  if (!byToken && !byMail)
    throw new UnprovenReplyError(`The reply to ${c.reference} does not come from the attendee it names`);
  // A core group's entry: its own UID and SEQUENCE (the core group's revision).
  if (coreGroupIdFromUid(reply.uid)) return recordCoreGroupCalendarReply(deps, c, attendee.id, reply);
  if (reply.uid.toLowerCase() !== inviteUid(c, attendee, deps.policies.get(c.policyId)).toLowerCase())
    throw new UnprovenReplyError(`The reply to ${c.reference} names a calendar entry that is not its attendee's`);
  const current = inviteSequence(c, attendee.id);
  if (reply.sequence > current)
    throw new UnprovenReplyError(
      `The reply to ${c.reference} answers an invitation that was never sent (SEQUENCE ${reply.sequence}, current ${current})`,
    );
  await recordRsvp(deps, {
    conferenceId: c.id,
    attendeeId: attendee.id,
    partstat: reply.partstat,
    sequence: reply.sequence,
  });
}

/**
 * An attendee accepted, declined or said maybe, already proven to be them (a calendar reply
 * checked above, a Teams card, a personal link). A professional who declines is asked to nominate
 * a deputy and still send their report, unless they named one with the answer.
 */
export async function recordRsvp(
  deps: AppDeps,
  reply: {
    conferenceId: string;
    attendeeId: string;
    partstat: RsvpState;
    sequence?: number;
    /** They named a colleague with this answer (their page): no prompt to nominate one. */
    deputyNamed?: boolean;
  },
): Promise<void> {
  const c = await deps.store.get(reply.conferenceId);
  const attendee = c?.attendees.find((a) => a.id === reply.attendeeId);
  if (!c || !attendee) throw new NotFoundError('The reply does not belong to a known conference and attendee');
  assertAnswerable(c, attendee.id, reply.sequence);
  const at = toLondonIso(deps.clock.now());
  // The same answer again (a replayed link, a second click, a resent calendar reply) changes nothing
  // and is not audited again; a changed answer is (trial finding: a replay added a second entry).
  const same = (cur: Conference) => cur.attendees.find((a) => a.id === attendee.id)?.rsvp === reply.partstat;
  let changed = false;
  const updated = same(c)
    ? c
    : await deps.store.update(c.id, (cur) => {
        assertAnswerable(cur, attendee.id, reply.sequence);
        changed = !same(cur);
        if (!changed) return cur;
        return {
          ...cur,
          attendees: cur.attendees.map((a) => (a.id === attendee.id ? { ...a, rsvp: reply.partstat, rsvpAt: at } : a)),
        };
      });
  if (changed)
    await deps.store.audit(c.id, { at, actor: attendee.id, action: 'rsvp.recorded', detail: { rsvp: reply.partstat } });
  if (reply.partstat === 'declined' && !reply.deputyNamed && c.reports[attendee.id] && attendee.email) {
    const policy = deps.policies.get(c.policyId);
    const rendered = declinedDeputyPrompt({
      reference: c.reference,
      reportReceived: c.reports[attendee.id]!.status === 'received',
    });
    await deliverEmail(deps, updated, {
      step: 'declined-deputy-prompt',
      recipient: attendee.id,
      message: {
        ...rendered,
        to: attendee.email,
        from: senderOf(policy),
      },
    });
  }
}
