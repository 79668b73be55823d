/**
 * After a core group meets: its record is chased at the record deadline when none was written, and
 * the social worker and chair are nagged when the next core group is not booked within the cadence.
 */
/**
 * A core group's invitations, cancellations and the nag when none is booked. The same machinery as
 * a conference's: the meeting provider makes the meeting (video and dial-in), each member gets their
 * own invitation by their contact preference (a calendar REQUEST by email, or a letter), an update
 * or cancellation keeps the calendar UID and raises SEQUENCE, and the send ledger sends nothing twice.
 */
import { coreGroupNag, coreGroupRecordChaser } from '../../content/templates/core-group-invite.ts';
import type { Conference } from '../../domain/conference.ts';
import { activeCoreGroups, cadenceNagAt, cadenceNagRecipients } from '../../domain/core-groups.ts';
import { describeDuration } from '../../domain/timetable-rules.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail } from '../shared/deliver.ts';
import { toLondonIso } from '../shared/time.ts';
import { senderOf } from '../shared/sender.ts';
import { isApproved } from '../../domain/state-machine.ts';
import { coreGroupLink } from '../credentials/links.ts';
import { coreGroupNumber, currentCoreGroup, letterRecipient } from './core-group-meeting.ts';

/**
 * At a core group's record deadline: if it met and nothing was recorded, the miss is kept once
 * (`recordMissedAt`, audited) and the social worker and that core group's chair are chased. A
 * rescheduled or cancelled core group's old job does nothing (its seq names an earlier revision).
 */
export async function coreGroupRecordDueStep(deps: AppDeps, c: Conference, seq: number | undefined): Promise<void> {
  const g = currentCoreGroup(c, seq);
  if (!g || g.state !== 'booked' || g.record || !g.recordDueAt || !isApproved(c.state)) return;
  const policy = deps.policies.get(c.policyId);
  const at = toLondonIso(deps.clock.now());
  if (!g.recordMissedAt) {
    await deps.store.update(c.id, (cur) => ({
      ...cur,
      coreGroups: (cur.coreGroups ?? []).map((x) =>
        x.id === g.id && !x.record && !x.recordMissedAt ? { ...x, recordMissedAt: at } : x,
      ),
    }));
    await deps.store.audit(c.id, {
      at,
      actor: 'system',
      action: 'core-group.record-missed',
      detail: { coreGroup: g.id, dueAt: g.recordDueAt },
    });
  }
  const rendered = coreGroupRecordChaser({
    reference: c.reference,
    policy,
    number: coreGroupNumber(g),
    metOn: g.startsAt,
    dueAt: g.recordDueAt,
    within: describeDuration(policy.coreGroup.recordWithin),
    recordUrl: `${deps.settings.publicBaseUrl}/api/conferences/${c.id}/core-groups/${g.id}/record`,
  });
  const to = c.attendees.filter((a) => a.email && (a.role === 'social-worker' || a.id === g.chairAttendeeId));
  for (const a of to)
    await deliverEmail(deps, c, {
      step: 'core-group-record-due',
      recipient: letterRecipient(g, a),
      message: {
        ...rendered,
        to: a.email!,
        from: senderOf(policy),
        headers: { 'X-Conference-Reference': c.reference },
      },
    });
}

/** No core group booked ahead and the next is nearly due: the social worker and the core group chair are told. */
export async function coreGroupNagStep(deps: AppDeps, c: Conference, seq: number | undefined): Promise<void> {
  if ((seq ?? 1) !== (c.coreGroupPlanRev ?? 1)) return; // bookings changed since: a newer nag is queued
  if (!isApproved(c.state)) return;
  const policy = deps.policies.get(c.policyId);
  const now = deps.clock.now();
  if (activeCoreGroups(c).some((g) => Date.parse(g.startsAt) > now.getTime())) return;
  const nag = cadenceNagAt(policy, c, deps.calendar, now);
  if (!nag) return;
  const last = activeCoreGroups(c)
    .map((g) => g.startsAt)
    .sort()
    .at(-1);
  const to = cadenceNagRecipients(c).filter((a) => a.email);
  for (const a of to) {
    // Their own page of the latest core group they are on books the next (core-group-rsvp-page.ts).
    const mine = activeCoreGroups(c)
      .filter((g) => g.members.includes(a.id))
      .sort((x, y) => x.startsAt.localeCompare(y.startsAt))
      .at(-1);
    const rendered = coreGroupNag({
      reference: c.reference,
      policy,
      dueBy: nag.dueBy,
      ...(last ? { lastOn: last } : {}),
      ...(policy.coreGroup.cadence ? { cadence: describeDuration(policy.coreGroup.cadence) } : {}),
      ...(mine ? { bookUrl: coreGroupLink(deps, c, a.id, mine) } : {}),
    });
    await deliverEmail(deps, c, {
      step: 'core-group-nag',
      recipient: `${a.id}-n${seq ?? 1}`,
      message: {
        ...rendered,
        to: a.email!,
        from: senderOf(policy),
        headers: { 'X-Conference-Reference': c.reference },
      },
    });
  }
  await deps.store.audit(c.id, {
    at: toLondonIso(now),
    actor: 'system',
    action: 'core-group.nag',
    detail: { dueBy: nag.dueBy, to: to.map((a) => a.role) },
  });
}
