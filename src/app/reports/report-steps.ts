import { sharingDueAt } from '../../domain/report-schedule.ts';
import { reportPromptCard } from '../../content/cards/report-prompt.ts';
import { reportEmail, type ReportEmailInput } from '../../content/templates/report-request.ts';
import { whoItIsAboutFor } from '../../content/templates/who-it-is-about.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import { NotFoundError, ValidationError } from '../../domain/errors.ts';
import { StepCannotSucceedError } from '../../ports/jobs.ts';
import type { ReportStatus } from '../../domain/report-record.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { notSharedWith, unsharedReports } from '../../domain/report-sharing.ts';
import type { Step } from '../../domain/steps.ts';
import { familyMemberLabel } from '../../content/labels.ts';
import { deliverCard } from '../chat/deliver-card.ts';
import { reportPromptModel } from '../chat/models.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail, deliverEmails, isUnsentClaim, ledgerKey, skipUnsent } from '../shared/deliver.ts';
import { personalLink } from '../credentials/links.ts';
import { currentReplyAddress } from '../credentials/reply-token.ts';
import { toLondonIso } from '../shared/time.ts';
import { senderOf, coordinatorAddress } from '../shared/sender.ts';

/** Errors that trying again cannot mend: a retryable one is thrown first, so the job is retried. */
const UNRECOVERABLE = [StepCannotSucceedError, ValidationError, NotFoundError];

type ChaseKind = 'request' | 'reminder' | 'last-reminder' | 'overdue';
const KIND: Partial<Record<Step, ChaseKind>> = {
  'report-request': 'request',
  'report-reminder-1': 'reminder',
  'report-reminder-2': 'reminder',
  'report-reminder-3': 'reminder',
  'report-last-reminder': 'last-reminder',
  'report-overdue': 'overdue',
};
const STATUS_AFTER: Partial<Record<Step, ReportStatus>> = {
  'report-request': 'requested',
  'report-reminder-1': 'reminded',
  'report-reminder-2': 'reminded',
  'report-reminder-3': 'reminded',
  'report-last-reminder': 'reminded',
  'report-overdue': 'overdue',
  'report-escalation': 'escalated',
};

/** What every report email says about the conference: its start, and when professionals join where that differs. */
export function reportEmailBase(c: Conference, policy: Policy) {
  return {
    reference: c.reference,
    conferenceKind: c.kind,
    policy,
    conferenceAt: c.startsAt,
    professionalsJoinAt: c.timetable.professionalsJoinAt,
  };
}

/** Records a step of chasing on each author's report (unless it arrived meanwhile): one store update, one audit entry. */
async function markStep(deps: AppDeps, c: Conference, attendeeIds: readonly string[], step: Step): Promise<void> {
  if (attendeeIds.length === 0) return;
  const at = toLondonIso(deps.clock.now());
  await deps.store.update(c.id, (cur) => {
    const reports = { ...cur.reports };
    for (const id of attendeeIds) {
      const r = reports[id];
      if (!r || r.status === 'received') continue;
      reports[id] = { ...r, status: STATUS_AFTER[step] ?? r.status, history: [...r.history, { step, at }] };
    }
    return { ...cur, reports };
  });
  const detail = attendeeIds.length === 1 ? { attendeeId: attendeeIds[0] } : { attendeeIds: [...attendeeIds] };
  await deps.store.audit(c.id, { at, actor: 'system', action: `report.${step}`, detail });
}

/** The request email to one author: their own upload link and reply address. */
function requestEmail(deps: AppDeps, c: Conference, policy: Policy, attendee: Attendee, kind: ChaseKind) {
  const report = c.reports[attendee.id]!;
  const rendered = reportEmail({
    ...reportEmailBase(c, policy),
    ...whoItIsAboutFor(c, policy, attendee),
    kind,
    dueAt: report.dueAt ?? c.timetable.professionalsJoinAt,
    recipient: { role: attendee.role, ...(attendee.agency ? { agency: attendee.agency } : {}) },
    uploadUrl: personalLink(deps, c, attendee.id, 'report'),
  });
  return {
    ...rendered,
    to: attendee.email!,
    from: senderOf(policy),
    replyTo: currentReplyAddress(deps, c, attendee.id),
  };
}

/**
 * Every author's report request as one job for the conference, as the invitations are: the
 * conference is read once, the emails go to the mail pool together (their ledger claims in one
 * round trip) and the reports are marked requested in one store update and one audit entry.
 * Asked: each author whose report is still not requested (after a reschedule, the updated
 * invitation carries the new date to those already asked). Exactly once per recipient still rests
 * on the send ledger: an author is marked requested only after their email (and Teams card) went,
 * so a retry after a crash or a refusal finds the sent ones in the ledger and sends only the rest.
 */
export async function requestReports(deps: AppDeps, c: Conference): Promise<void> {
  const step = 'report-request' as const;
  await closeOvertakenRequests(deps, c);
  const authors = c.attendees.filter((a) => c.reports[a.id]?.status === 'not-requested');
  if (authors.length === 0) return;
  const policy = deps.policies.get(c.policyId);
  const sends = authors
    .filter((a) => a.email)
    .map((a) => ({ step, recipient: a.id, message: requestEmail(deps, c, policy, a, 'request') }));
  const outcomes = await deliverEmails(deps, c, sends);
  const errors = outcomes.filter((o): o is Error => o instanceof Error);
  const notSent = new Set(sends.filter((_, i) => outcomes[i] instanceof Error).map((s) => s.recipient));
  const asked = authors.filter((a) => !notSent.has(a.id));
  for (const a of asked) await reportCard(deps, c, step, a, 'request');
  await markStep(
    deps,
    c,
    asked.map((a) => a.id),
    step,
  );
  // Retried for those the mail server refused or another attempt holds (the rest are marked).
  if (errors.length) throw errors.find((e) => !UNRECOVERABLE.some((k) => e instanceof k)) ?? errors[0];
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

/** A request, reminder, chaser or escalation about one professional's report. */
export async function reportChaseStep(deps: AppDeps, c: Conference, step: Step, attendeeId: string): Promise<void> {
  const report = c.reports[attendeeId];
  const attendee = c.attendees.find((a) => a.id === attendeeId);
  if (!report || !attendee) return;
  if (report.status === 'received') {
    // The report arrived: nothing to chase. Close a claim left by an attempt that died mid-send.
    await skipUnsent(deps, c, {
      step,
      recipient: step === 'report-escalation' ? `${attendeeId}-manager` : attendeeId,
      reason: 'the report arrived first',
    });
    return;
  }
  const policy = deps.policies.get(c.policyId);
  const replyTo = currentReplyAddress(deps, c, attendeeId);

  if (step === 'report-escalation') {
    if (!attendee.managerEmail) return;
    const rendered = reportEmail({
      ...reportEmailBase(c, policy),
      ...whoItIsAboutFor(c, policy, 'manager'),
      kind: 'escalation',
      dueAt: report.dueAt ?? c.timetable.professionalsJoinAt,
      about: { role: attendee.role, ...(attendee.agency ? { agency: attendee.agency } : {}) },
      professionalName: attendee.name,
    });
    await deliverEmail(deps, c, {
      step,
      recipient: `${attendeeId}-manager`,
      message: { ...rendered, to: attendee.managerEmail, from: senderOf(policy), replyTo },
    });
  } else {
    const kind = KIND[step];
    if (!kind) return;
    // Email goes to everyone (Teams reaches only people with the app); the card is a second copy.
    if (attendee.email)
      await deliverEmail(deps, c, {
        step,
        recipient: attendeeId,
        message: requestEmail(deps, c, policy, attendee, kind),
      });
  }
  await markStep(deps, c, [attendeeId], step);
  const kind = KIND[step];
  if (kind) await reportCard(deps, c, step, attendee, kind);
}

/**
 * The same request, reminder or chaser as a Teams card, for people the bot can reach. Best effort
 * after the email (which everyone gets): a Teams failure is logged and left in the send ledger
 * rather than re-running the step, which would record it twice.
 */
async function reportCard(
  deps: AppDeps,
  c: Conference,
  step: Step,
  attendee: Attendee,
  kind: ChaseKind,
): Promise<void> {
  const summary = `${c.reference}: ${kind === 'request' ? 'report requested' : kind === 'overdue' ? 'report overdue' : 'reminder: report due'}`;
  await deliverCard(deps, c, {
    step,
    recipient: attendee.id,
    to: attendee,
    // Built only for someone the bot can reach.
    card: (to) => reportPromptCard(reportPromptModel(c, deps.policies.get(c.policyId), attendee, kind), to),
    summary,
  }).catch((err: unknown) =>
    deps.logger.warn('report card not delivered: email was sent', {
      conferenceId: c.id,
      reference: c.reference,
      step,
      attendeeId: attendee.id,
      reason: err instanceof Error ? err.name : 'error',
    }),
  );
}

/**
 * At the author's deadline, where the policy asks for reports to be shared with the family first:
 * a report that is in but not recorded as shared with every parent or carer is chased once.
 * A report still missing is left to its own chasers.
 */
export async function reportSharingCheck(deps: AppDeps, c: Conference, attendeeId: string): Promise<void> {
  const attendee = c.attendees.find((a) => a.id === attendeeId);
  const report = c.reports[attendeeId];
  const owed = notSharedWith(c, report);
  if (!attendee?.email || !report || owed.length === 0) return;
  const policy = deps.policies.get(c.policyId);
  const rendered = reportEmail({
    ...reportEmailBase(c, policy),
    kind: 'not-shared',
    dueAt: sharingDueAt(attendee, report, c.timetable) ?? c.timetable.professionalsJoinAt,
    notSharedWith: owed.map((p) => familyMemberLabel(c, p.id).toLowerCase()),
    uploadUrl: personalLink(deps, c, attendeeId, 'report'),
  });
  // Replies go to this author's reply address, where sharing lines are recorded.
  const replyTo = currentReplyAddress(deps, c, attendeeId);
  await deliverEmail(deps, c, {
    step: 'report-sharing-check',
    recipient: attendeeId,
    message: { ...rendered, to: attendee.email, from: senderOf(policy), replyTo },
  });
  await deps.store.audit(c.id, {
    at: toLondonIso(deps.clock.now()),
    actor: 'system',
    action: 'report.sharing-chased',
    detail: { attendeeId, parents: owed.map((p) => p.id) },
  });
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
