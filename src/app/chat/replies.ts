/**
 * Replies a professional gives on a Teams card that have no other use-case: the invitation answer
 * (through recordRsvp, the same rules as a calendar reply), "I can't attend" with a deputy, and
 * confirming the report was shared with the family.
 */
import { withArticle } from '../../content/words.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import type { ReportSubmission } from '../../domain/report-record.ts';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import { isBeforeMeeting, isEnded } from '../../domain/state-machine.ts';
import type { RsvpState } from '../../domain/vocabulary.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail } from '../shared/deliver.ts';
import { assertReportTextShowsWhatItSays, assertSharedWithParents } from '../reports/record-report.ts';
import { recordRsvp } from '../invitations/record-rsvp.ts';
import { toLondonIso } from '../shared/time.ts';
import { keepDeputy } from '../conference/deputies.ts';
import { chairOf } from './labels.ts';
import { deputyNominatedInChat } from '../../content/templates/short-notices.ts';
import { senderOf, coordinatorAddress } from '../shared/sender.ts';

export async function recordChatRsvp(deps: AppDeps, c: Conference, a: Attendee, partstat: RsvpState): Promise<void> {
  if (!a.email)
    throw new ValidationError('Invalid reply', [
      { field: 'rsvp', message: 'only attendees with an email address answer the invitation here' },
    ]);
  // The Teams identity proved who this is: the same rules as a calendar reply from then on.
  await recordRsvp(deps, { conferenceId: c.id, attendeeId: a.id, partstat });
}

/**
 * The attendee cannot come and names a colleague. The deputy's details are kept as the web answer
 * page keeps them (conference/deputies.ts) and sent to the chair and coordinator, who add the deputy
 * if they agree.
 */
export async function nominateDeputy(
  deps: AppDeps,
  c: Conference,
  a: Attendee,
  deputy: { name: string; email: string },
): Promise<void> {
  if (!isBeforeMeeting(c.state)) throw new ConflictError(`${c.reference} is ${c.state}: the reply was not recorded`);
  const at = toLondonIso(deps.clock.now());
  const updated = await keepDeputy(deps, c.id, a.id, deputy, at, (cur) => {
    if (!isBeforeMeeting(cur.state))
      throw new ConflictError(`${cur.reference} is ${cur.state}: the reply was not recorded`);
    return {
      ...cur,
      attendees: cur.attendees.map((x) => (x.id === a.id ? { ...x, rsvp: 'declined' as const, rsvpAt: at } : x)),
    };
  });
  await deps.store.audit(c.id, { at, actor: a.id, action: 'deputy.nominated', detail: { attendeeId: a.id } });
  const policy = deps.policies.get(c.policyId);
  const rendered = deputyNominatedInChat({
    reference: c.reference,
    role: a.role,
    ...(a.agency ? { agency: a.agency } : {}),
    attendeeId: a.id,
    deputy,
  });
  const sender = senderOf(policy);
  const chair = chairOf(c);
  for (const [role, to] of [
    ['chair', chair?.email],
    ['coordinator', coordinatorAddress(deps, policy)],
  ] as const) {
    if (to)
      await deliverEmail(deps, updated, {
        step: 'deputy-nominated',
        recipient: `${a.id}-${role}`,
        message: { ...rendered, to, from: sender },
      });
  }
}

/** Confirms, on the latest submission, when the report was shared with each parent given (and what was withheld). */
export async function recordReportSharing(
  deps: AppDeps,
  c: Conference,
  a: Attendee,
  shared: NonNullable<ReportSubmission['sharedWithFamily']>,
): Promise<Conference> {
  if (!c.reports[a.id])
    throw new ValidationError('Not expected', [
      { field: 'attendeeId', message: `${withArticle(a.role)} is not asked for a report` },
    ]);
  if (shared.length === 0)
    throw new ValidationError('Invalid sharing', [
      { field: 'shared', message: 'give the date you shared the report with at least one parent' },
    ]);
  assertSharedWithParents(c, shared);
  assertReportTextShowsWhatItSays({ sharedWithFamily: shared });
  const at = toLondonIso(deps.clock.now());
  const updated = await deps.store.update(c.id, (cur) => {
    const r = cur.reports[a.id]!;
    const last = r.submissions.at(-1);
    if (!last) throw new ConflictError('Send the report first; then confirm when it was shared');
    if (isEnded(cur.state))
      throw new ConflictError(`${cur.reference} is ${cur.state}: it takes no more reports or sharing dates`);
    // Dates given now add to (or correct) those already recorded: one parent at a time is normal. A
    // corrected date keeps what was withheld from that parent unless a new note is given.
    const before = new Map((last.sharedWithFamily ?? []).map((x) => [x.parentId, x]));
    const merged = [
      ...(last.sharedWithFamily ?? []).filter((x) => !shared.some((y) => y.parentId === x.parentId)),
      ...shared.map((x) =>
        x.withheld || !before.get(x.parentId)?.withheld ? x : { ...x, withheld: before.get(x.parentId)!.withheld! },
      ),
    ];
    return {
      ...cur,
      reports: {
        ...cur.reports,
        [a.id]: { ...r, submissions: [...r.submissions.slice(0, -1), { ...last, sharedWithFamily: merged }] },
      },
    };
  });
  await deps.store.audit(c.id, {
    at,
    actor: a.id,
    action: 'report.shared-with-family',
    detail: { parents: shared.map((s) => s.parentId) },
  });
  return updated;
}
