/** What the report steps send and record: each email and card, and the chasing step on each report. */
import { reportPromptCard } from '../../content/cards/report-prompt.ts';
import { reportEmail } from '../../content/templates/report-request.ts';
import { whoItIsAboutFor } from '../../content/templates/who-it-is-about.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { idCounters } from '../../domain/ids.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import type { ReportStatus } from '../../domain/report-record.ts';
import type { Step } from '../../domain/steps.ts';
import { deliverCard } from '../chat/deliver-card.ts';
import { chatAddress } from '../chat/labels.ts';
import { reportPromptModel } from '../chat/models.ts';
import { personalLink } from '../credentials/links.ts';
import { currentReplyAddress } from '../credentials/reply-token.ts';
import type { AppDeps } from '../deps.ts';
import type { EmailSend } from '../shared/deliver.ts';
import { senderOf } from '../shared/sender.ts';
import { toLondonIso } from '../shared/time.ts';

export type ChaseKind = 'request' | 'reminder' | 'last-reminder' | 'overdue';
export const KIND: Partial<Record<Step, ChaseKind>> = {
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

const STATUS_ORDER: ReportStatus[] = ['not-requested', 'requested', 'reminded', 'overdue', 'escalated', 'received'];

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

/**
 * A job naming an attendee (a chaser queued before they were shared, a forged one) must name
 * someone this conference gave that id: one it never issued can never be chased, so the job fails
 * for a person to see rather than completing as if it had chased somebody. Someone issued and since
 * removed is simply no longer chased.
 */
export function issuedAttendee(c: Conference, attendeeId: string): Attendee | undefined {
  const a = c.attendees.find((x) => x.id === attendeeId);
  if (!a && Number(attendeeId.slice(1)) > idCounters(c).attendee)
    throw new NotFoundError(`no attendee ${attendeeId} was ever added to ${c.reference}`);
  return a;
}

/**
 * Records a step of chasing on each author's report, in one store update and one audit entry naming
 * those recorded. Not recorded: a report that arrived meanwhile, and an author whose history already
 * has this step since the job's run time (`since`): recorded by an earlier attempt (a retry after a
 * crash between the emails and this record), or by another job that reached them first (an added
 * author asked by both the conference's request and their own).
 */
export async function markStep(
  deps: AppDeps,
  c: Conference,
  attendeeIds: readonly string[],
  step: Step,
  since: string,
): Promise<void> {
  if (attendeeIds.length === 0) return;
  const at = toLondonIso(deps.clock.now());
  // The history's times are to the second: so is the comparison.
  const sinceMs = Math.floor(Date.parse(since) / 1000) * 1000;
  let marked: string[] = [];
  await deps.store.update(c.id, (cur) => {
    const reports = { ...cur.reports };
    marked = [];
    for (const id of attendeeIds) {
      const r = reports[id];
      if (!r || r.status === 'received') continue;
      if (r.history.some((h) => h.step === step && Date.parse(h.at) >= sinceMs)) continue;
      // Never back: a request recorded after an overdue chaser that overtook it leaves it overdue.
      const after = STATUS_AFTER[step] ?? r.status;
      const status = STATUS_ORDER.indexOf(after) > STATUS_ORDER.indexOf(r.status) ? after : r.status;
      reports[id] = { ...r, status, history: [...r.history, { step, at }] };
      marked.push(id);
    }
    return marked.length ? { ...cur, reports } : cur;
  });
  if (marked.length === 0) return;
  const detail = marked.length === 1 ? { attendeeId: marked[0] } : { attendeeIds: marked };
  await deps.store.audit(c.id, { at, actor: 'system', action: `report.${step}`, detail });
}

/** The request, reminder or chaser to one author: their own upload link and reply address. */
export function requestEmail(deps: AppDeps, c: Conference, policy: Policy, attendee: Attendee, kind: ChaseKind) {
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

/** The escalation to an author's manager (their ledger recipient is `<attendee>-manager`). */
export function escalationSend(deps: AppDeps, c: Conference, policy: Policy, attendee: Attendee): EmailSend {
  const report = c.reports[attendee.id]!;
  const rendered = reportEmail({
    ...reportEmailBase(c, policy),
    ...whoItIsAboutFor(c, policy, 'manager'),
    kind: 'escalation',
    dueAt: report.dueAt ?? c.timetable.professionalsJoinAt,
    about: { role: attendee.role, ...(attendee.agency ? { agency: attendee.agency } : {}) },
    professionalName: attendee.name,
  });
  return {
    step: 'report-escalation',
    recipient: `${attendee.id}-manager`,
    message: {
      ...rendered,
      to: attendee.managerEmail!,
      from: senderOf(policy),
      replyTo: currentReplyAddress(deps, c, attendee.id),
    },
  };
}

/**
 * reportCard for each author of a batch, in turn: those the bot cannot reach in Teams (most, where
 * few have the app) are told apart in one look-up first, not one each.
 */
export async function reportCards(
  deps: AppDeps,
  c: Conference,
  step: Step,
  authors: readonly Attendee[],
  kind: ChaseKind,
): Promise<void> {
  let reach = authors;
  if (deps.chat?.reachableMany && authors.length > 1) {
    const withAddress = authors.flatMap((a) => {
      const address = chatAddress(a);
      return address ? [{ a, address }] : [];
    });
    // Best effort, as each card is: a failed look-up leaves it to each card's own.
    const reachable = await deps.chat.reachableMany(withAddress.map((x) => x.address)).catch(() => undefined);
    if (reachable) reach = withAddress.filter((_, i) => reachable[i]).map((x) => x.a);
  }
  for (const a of reach) await reportCard(deps, c, step, a, kind);
}

/**
 * The same request, reminder or chaser as a Teams card, for people the bot can reach. Best effort
 * after the email (which everyone gets): a Teams failure is logged and left in the send ledger
 * rather than re-running the step, which would record it twice.
 */
export async function reportCard(
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
