import { sharingDueAt } from '../../domain/report-schedule.ts';
import { reportPromptCard } from '../../content/cards/report-prompt.ts';
import { reportEmail, type ReportEmailInput } from '../../content/templates/report-request.ts';
import { whoItIsAboutFor } from '../../content/templates/who-it-is-about.ts';
import type { Conference } from '../../domain/conference.ts';
import type { ReportStatus } from '../../domain/report-record.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { notSharedWith, unsharedReports } from '../../domain/report-sharing.ts';
import type { Step } from '../../domain/steps.ts';
import { familyMemberLabel } from '../../content/labels.ts';
import { deliverCard } from '../chat/deliver-card.ts';
import { reportPromptModel } from '../chat/models.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail, skipUnsent } from '../deliver.ts';
import { personalLink } from '../links.ts';
import { currentReplyAddress } from '../reply-token.ts';
import { toLondonIso } from '../time.ts';
import { senderOf, coordinatorAddress } from '../sender.ts';

const KIND: Partial<Record<Step, 'request' | 'reminder' | 'last-reminder' | 'overdue'>> = {
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

async function markStep(deps: AppDeps, c: Conference, attendeeId: string, step: Step): Promise<void> {
  const at = toLondonIso(deps.clock.now());
  await deps.store.update(c.id, (cur) => {
    const r = cur.reports[attendeeId];
    if (!r || r.status === 'received') return cur;
    const status = STATUS_AFTER[step] ?? r.status;
    return {
      ...cur,
      reports: { ...cur.reports, [attendeeId]: { ...r, status, history: [...r.history, { step, at }] } },
    };
  });
  await deps.store.audit(c.id, { at, actor: 'system', action: `report.${step}`, detail: { attendeeId } });
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
  const dueAt = report.dueAt ?? c.timetable.professionalsJoinAt;
  const replyTo = currentReplyAddress(deps, c, attendeeId);
  const author = { role: attendee.role, ...(attendee.agency ? { agency: attendee.agency } : {}) };

  if (step === 'report-escalation') {
    if (!attendee.managerEmail) return;
    const rendered = reportEmail({
      ...reportEmailBase(c, policy),
      ...whoItIsAboutFor(c, policy, 'manager'),
      kind: 'escalation',
      dueAt,
      about: author,
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
    if (attendee.email) {
      const rendered = reportEmail({
        ...reportEmailBase(c, policy),
        ...whoItIsAboutFor(c, policy, attendee),
        kind,
        dueAt,
        recipient: author,
        uploadUrl: personalLink(deps, c, attendeeId, 'report'),
      });
      await deliverEmail(deps, c, {
        step,
        recipient: attendeeId,
        message: { ...rendered, to: attendee.email, from: senderOf(policy), replyTo },
      });
    }
  }
  await markStep(deps, c, attendeeId, step);
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
  attendee: Conference['attendees'][number],
  kind: NonNullable<(typeof KIND)[Step]>,
): Promise<void> {
  const model = reportPromptModel(c, deps.policies.get(c.policyId), attendee, kind);
  const summary = `${c.reference}: ${kind === 'request' ? 'report requested' : kind === 'overdue' ? 'report overdue' : 'reminder: report due'}`;
  await deliverCard(deps, c, {
    step,
    recipient: attendee.id,
    to: attendee,
    card: (to) => reportPromptCard(model, to),
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
