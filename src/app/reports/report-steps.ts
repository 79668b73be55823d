/** The conference's own report steps: the requests, and the flag to the chair of reports still missing. */
import { reportEmail, type ReportEmailInput } from '../../content/templates/report-request.ts';
import type { Conference } from '../../domain/conference.ts';
import { unsharedReports } from '../../domain/report-sharing.ts';
import { familyMemberLabel } from '../../content/labels.ts';
import type { AppDeps } from '../deps.ts';
import { batchError, deliverEmail, deliverEmails, isUnsentClaim, ledgerKey } from '../shared/deliver.ts';
import { toLondonIso } from '../shared/time.ts';
import { senderOf, coordinatorAddress } from '../shared/sender.ts';
import { issuedAttendee, markStep, reportCards, reportEmailBase, requestEmail } from './report-emails.ts';

/**
 * Every author's report request as one job for the conference, as the invitations are: the
 * conference is read once, the emails go to the mail pool together (their ledger claims in one
 * round trip) and the reports are marked requested in one store update and one audit entry.
 * Asked: each author whose report is still not requested (after a reschedule, the updated
 * invitation carries the new date to those already asked). Exactly once per recipient still rests
 * on the send ledger: an author is marked requested only after their email (and Teams card) went,
 * so a retry after a crash or a refusal finds the sent ones in the ledger and sends only the rest.
 */
export async function requestReports(
  deps: AppDeps,
  c: Conference,
  job: { runAt: string; addedAuthor?: string | undefined },
): Promise<void> {
  const step = 'report-request' as const;
  // An added author's job (their number) or one queued before that (their id) names them; either
  // asks everyone still to be asked, so whichever job of the two runs first asks them, once.
  if (job.addedAuthor) issuedAttendee(c, job.addedAuthor);
  await closeOvertakenRequests(deps, c);
  const authors = c.attendees.filter((a) => c.reports[a.id]?.status === 'not-requested');
  if (authors.length === 0) return;
  const policy = deps.policies.get(c.policyId);
  const sends = authors
    .filter((a) => a.email)
    .map((a) => ({ step, recipient: a.id, message: requestEmail(deps, c, policy, a, 'request') }));
  const outcomes = await deliverEmails(deps, c, sends);
  const notSent = new Set(sends.filter((_, i) => outcomes[i] instanceof Error).map((s) => s.recipient));
  const asked = authors.filter((a) => !notSent.has(a.id));
  await reportCards(deps, c, step, asked, 'request');
  await markStep(
    deps,
    c,
    asked.map((a) => a.id),
    step,
    job.runAt,
  );
  // Retried for those the mail server refused or another attempt holds (the rest are marked).
  const error = batchError(outcomes);
  if (error) throw error;
}

/**
 * A request claimed but never sent (worker died, mail refused) whose author moved on meanwhile is
 * closed, not sent: the report arrived, or a reminder (same link, same deadline) reached them first.
 */
async function closeOvertakenRequests(deps: AppDeps, c: Conference): Promise<void> {
  const moved = c.attendees.filter((x) => (c.reports[x.id]?.status ?? 'not-requested') !== 'not-requested');
  if (moved.length === 0) return;
  const keys = moved.map((a) => ledgerKey('report-request', a.id, c.version));
  const entries = await deps.ledger.getMany(c.id, keys);
  for (const [i, a] of moved.entries()) {
    const why = c.reports[a.id]!.status === 'received' ? 'the report arrived first' : 'a reminder reached them first';
    if (isUnsentClaim(entries[i]?.state)) await deps.ledger.markSkipped(c.id, keys[i]!, why);
  }
}

/** Before the conference: tell the chair and the coordinator whose reports are missing or not yet shared with the family. */
export async function reportsMissingFlag(deps: AppDeps, c: Conference): Promise<void> {
  const missing = Object.values(c.reports)
    .filter((r) => r.status !== 'received')
    .map((r) => {
      const a = c.attendees.find((x) => x.id === r.attendeeId)!;
      return {
        role: a.role,
        ...(a.agency ? { agency: a.agency } : {}),
        dueAt: r.dueAt ?? c.timetable.professionalsJoinAt,
        status: r.status,
      };
    });
  const policy = deps.policies.get(c.policyId);
  const unshared = unsharedReports(c, policy).map(({ author: a, notSharedWith: owed }) => ({
    role: a.role,
    ...(a.agency ? { agency: a.agency } : {}),
    notSharedWith: owed.map((p) => familyMemberLabel(c, p.id).toLowerCase()),
  }));
  if (missing.length === 0 && unshared.length === 0) return;
  const input: ReportEmailInput = {
    ...reportEmailBase(c, policy),
    kind: 'chair-flag',
    missing,
    ...(unshared.length ? { unshared } : {}),
  };
  const rendered = reportEmail(input);
  const chair = c.attendees.find((a) => a.role === 'chair');
  const recipients: [string, string | undefined][] = [
    ['chair', chair?.email],
    ['coordinator', coordinatorAddress(deps, policy)],
  ];
  for (const [who, address] of recipients) {
    if (address)
      await deliverEmail(deps, c, {
        step: 'reports-missing-flag',
        recipient: who,
        message: { ...rendered, to: address, from: senderOf(policy) },
      });
  }
  await deps.store.audit(c.id, {
    at: toLondonIso(deps.clock.now()),
    actor: 'system',
    action: 'report.missing-flagged',
    detail: { missing: missing.length, unshared: unshared.length },
  });
}
