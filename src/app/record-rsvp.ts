import type { Conference } from '../domain/conference.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { PRE_MEETING_STATES } from '../domain/state-machine.ts';
import type { RsvpState } from '../domain/vocabulary.ts';
import type { AppDeps } from './deps.ts';
import { deliverEmail } from './deliver.ts';
import { inviteSequence } from './invite-revision.ts';
import { toLondonIso } from './time.ts';

/** The conference id inside one of our calendar UIDs (`cpc-<id>-<audience>@domain`). */
export function conferenceIdFromUid(uid: string): string | undefined {
  return /^cpc-([a-z0-9]{6,32})-(family|professionals)@/i.exec(uid)?.[1]?.toLowerCase();
}

/**
 * A reply counts only while the conference is still ahead and only for the invitation as it now
 * stands: each person's invitation carries SEQUENCE = version - 1 plus the updates of their own
 * (invite-revision.ts), so an answer to an earlier SEQUENCE answers a time that no longer holds
 * (and a decline after a cancellation must not ask for a deputy).
 */
function assertAnswerable(c: Conference, attendeeId: string, sequence: number | undefined): void {
  if (!PRE_MEETING_STATES.has(c.state)) throw new ConflictError(`${c.reference} is ${c.state}: the reply was not recorded`);
  const current = inviteSequence(c, attendeeId);
  if (sequence !== undefined && sequence < current)
    throw new ConflictError(`The reply answers an earlier invitation to ${c.reference} (SEQUENCE ${sequence}, current ${current}): not recorded`);
}

/**
 * An attendee accepted, declined or said maybe (iTIP REPLY, Google responseStatus, a card or a
 * link). A professional who declines is asked to nominate a deputy and still send their report.
 */
export async function recordRsvp(deps: AppDeps, reply: { uid: string; attendeeEmail: string; partstat: RsvpState; sequence?: number }): Promise<void> {
  const id = conferenceIdFromUid(reply.uid);
  const c = id ? await deps.store.get(id) : undefined;
  if (!c) throw new NotFoundError('The reply does not belong to a known conference');
  const email = reply.attendeeEmail.toLowerCase();
  const attendee = c.attendees.find((a) => a.email?.toLowerCase() === email);
  if (!attendee) throw new NotFoundError(`The reply's attendee is not invited to ${c.reference}`);
  assertAnswerable(c, attendee.id, reply.sequence);
  const at = toLondonIso(deps.clock.now());
  const updated = await deps.store.update(c.id, (cur) => {
    assertAnswerable(cur, attendee.id, reply.sequence);
    return { ...cur, attendees: cur.attendees.map((a) => (a.id === attendee.id ? { ...a, rsvp: reply.partstat, rsvpAt: at } : a)) };
  });
  await deps.store.audit(c.id, { at, actor: attendee.id, action: 'rsvp.recorded', detail: { rsvp: reply.partstat } });
  if (reply.partstat === 'declined' && c.reports[attendee.id] && attendee.email) {
    const policy = deps.policies.get(c.policyId);
    const text =
      `You have declined the child protection conference ${c.reference}. Please nominate a colleague to attend in your place ` +
      `by replying to this email with their name and email address, and please still send your report` +
      (c.reports[attendee.id]!.status === 'received' ? ' (we already have it, thank you).' : ' by its due date.');
    await deliverEmail(deps, updated, {
      step: 'declined-deputy-prompt',
      recipient: attendee.id,
      message: { to: attendee.email, from: { name: policy.sender.name, address: policy.sender.address }, subject: `${c.reference}: please nominate a deputy`, text, html: `<p>${text}</p>` },
    });
  }
}
