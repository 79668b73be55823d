/**
 * The chasers of reports due: reminders, the last reminder, the overdue chaser, the escalation to a
 * manager and the sharing check, each one job per conference version per run time, whoever it
 * chases (steps.ts SHARED_CHASE_STEPS).
 */
import { familyMemberLabel } from '../../content/labels.ts';
import { reportEmail } from '../../content/templates/report-request.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import { notSharedWith } from '../../domain/report-sharing.ts';
import { chaseAudience, sharingDueAt } from '../../domain/report-schedule.ts';
import { isSharedChaseStep, type SharedChaseStep } from '../../domain/steps.ts';
import { personalLink } from '../credentials/links.ts';
import { currentReplyAddress } from '../credentials/reply-token.ts';
import { StepCannotSucceedError } from '../../ports/jobs.ts';
import type { AppDeps } from '../deps.ts';
import { batchError, deliverEmails, ledgerKey, skipUnsent, type EmailSend } from '../shared/deliver.ts';
import { senderOf } from '../shared/sender.ts';
import { toLondonIso } from '../shared/time.ts';
import {
  escalationSend,
  issuedAttendee,
  KIND,
  markStep,
  reportCards,
  reportEmailBase,
  requestEmail,
} from './report-emails.ts';

/** A shared chaser's payload: its step and run time; an attendee only on a job queued before chasers were shared. */
export interface ChasePayload {
  step: SharedChaseStep;
  runAt: string;
  attendeeId?: string;
}

const recipientOf = (step: SharedChaseStep, attendeeId: string) =>
  step === 'report-escalation' ? `${attendeeId}-manager` : attendeeId;

/**
 * Whom this run chases. The job carries no names: at its time it chases every author the schedule
 * puts there whose report is still outstanding (a report that arrived stops its author's chasers
 * here, whatever job is still queued), and any author whose time for this step passed before they
 * could be given a job of their own (added late, a reschedule into the past) and who was never sent
 * it: one ledger read, only when there are such authors.
 */
async function chased(deps: AppDeps, c: Conference, p: ChasePayload): Promise<Attendee[]> {
  const byId = (ids: readonly string[]) =>
    ids.map((id) => c.attendees.find((a) => a.id === id)).filter((a): a is Attendee => a !== undefined);
  if (p.attendeeId) {
    const a = issuedAttendee(c, p.attendeeId);
    const report = c.reports[p.attendeeId];
    if (!a || !report) return [];
    if (report.status !== 'received' || p.step === 'report-sharing-check') return [a];
    // The report arrived: nothing to chase. Close a claim left by an attempt that died mid-send.
    await skipUnsent(deps, c, {
      step: p.step,
      recipient: recipientOf(p.step, a.id),
      reason: 'the report arrived first',
    });
    return [];
  }
  const policy = deps.policies.get(c.policyId);
  const { due, late } = chaseAudience(c, policy, deps.calendar, p.step, new Date(p.runAt));
  if (late.length === 0) return byId(due);
  const keys = late.map((id) => ledgerKey(p.step, recipientOf(p.step, id), c.version));
  const entries = await deps.ledger.getMany(c.id, keys);
  return byId([...due, ...late.filter((_, i) => entries[i] === undefined)]);
}

/**
 * Whom a queued shared chaser would chase if it ran now, for the coordinator's view of the
 * conference's jobs (`ledger`: the conference's send ledger, already read for that view).
 */
export function queuedChaseAudience(
  deps: Pick<AppDeps, 'policies' | 'calendar'>,
  c: Conference,
  job: { step: string; runAt: string; attendeeId?: string },
  ledger: Readonly<Record<string, unknown>>,
): string[] | undefined {
  if (job.attendeeId || !isSharedChaseStep(job.step)) return undefined;
  const step = job.step;
  const { due, late } = chaseAudience(c, deps.policies.get(c.policyId), deps.calendar, step, new Date(job.runAt));
  return [...due, ...late.filter((id) => ledger[ledgerKey(step, recipientOf(step, id), c.version)] === undefined)];
}

/** How far ahead of its time a chaser may run: the clocks of the process that queued it and the worker's. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * A chaser runs at its time, never before: its time decides whom it chases (every author whose time
 * for the step has passed is late), so a job forged in Redis with a later time, id and payload
 * agreeing, would otherwise chase every author as overdue and tell their managers days before the
 * reports are due, and the real chasers would then find it sent.
 */
function notBeforeItsTime(deps: AppDeps, p: ChasePayload): void {
  const runAt = new Date(p.runAt);
  if (runAt.getTime() > deps.clock.now().getTime() + CLOCK_SKEW_MS)
    throw new StepCannotSucceedError(
      `${p.step}: runAt ${toLondonIso(runAt)} is still to come (a chaser never runs early)`,
    );
}

/**
 * A reminder, last reminder, overdue chaser or escalation to every author it chases: their emails
 * claimed in the send ledger in one round trip and sent through the pool together, then the Teams
 * cards, then one record on the reports and one audit entry naming each author. Exactly once per
 * recipient rests on the ledger: a retry after a crash or a refusal finds the sent ones there and
 * sends only the rest; an author is recorded only once their email went.
 */
export async function chaseReports(deps: AppDeps, c: Conference, p: ChasePayload): Promise<void> {
  notBeforeItsTime(deps, p);
  if (p.step === 'report-sharing-check') return sharingChecks(deps, c, p);
  const authors = await chased(deps, c, p);
  if (authors.length === 0) return;
  const policy = deps.policies.get(c.policyId);
  const kind = KIND[p.step];
  const sends: { author: Attendee; send: EmailSend }[] = [];
  for (const a of authors) {
    if (p.step === 'report-escalation') {
      if (a.managerEmail) sends.push({ author: a, send: escalationSend(deps, c, policy, a) });
    } else if (kind && a.email)
      // Email goes to everyone (Teams reaches only people with the app); the card is a second copy.
      sends.push({
        author: a,
        send: { step: p.step, recipient: a.id, message: requestEmail(deps, c, policy, a, kind) },
      });
  }
  const outcomes = await deliverEmails(
    deps,
    c,
    sends.map((s) => s.send),
  );
  const notSent = new Set(sends.filter((_, i) => outcomes[i] instanceof Error).map((s) => s.author.id));
  const done = authors.filter((a) => !notSent.has(a.id) && (p.step !== 'report-escalation' || a.managerEmail));
  if (kind) await reportCards(deps, c, p.step, done, kind);
  await markStep(
    deps,
    c,
    done.map((a) => a.id),
    p.step,
    p.runAt,
  );
  // Retried for those the mail server refused or another attempt holds (the rest are recorded).
  const error = batchError(outcomes);
  if (error) throw error;
}

/**
 * At an author's deadline, where the policy asks for reports to be shared with the family first:
 * each report that is in but not recorded as shared with every parent or carer is chased once, and
 * the audit says with whom. A report still missing is left to its own chasers.
 */
async function sharingChecks(deps: AppDeps, c: Conference, p: ChasePayload): Promise<void> {
  const policy = deps.policies.get(c.policyId);
  const owing = (await chased(deps, c, p)).flatMap((a) => {
    const report = c.reports[a.id];
    const owed = notSharedWith(c, report);
    return a.email && report && owed.length ? [{ a, report, owed }] : [];
  });
  if (owing.length === 0) return;
  const sends: EmailSend[] = owing.map(({ a, report, owed }) => {
    const rendered = reportEmail({
      ...reportEmailBase(c, policy),
      kind: 'not-shared',
      dueAt: sharingDueAt(a, report, c.timetable) ?? c.timetable.professionalsJoinAt,
      notSharedWith: owed.map((x) => familyMemberLabel(c, x.id).toLowerCase()),
      uploadUrl: personalLink(deps, c, a.id, 'report'),
    });
    // Replies go to this author's reply address, where sharing lines are recorded.
    const message = { ...rendered, to: a.email!, from: senderOf(policy), replyTo: currentReplyAddress(deps, c, a.id) };
    return { step: 'report-sharing-check', recipient: a.id, message };
  });
  const outcomes = await deliverEmails(deps, c, sends);
  const at = toLondonIso(deps.clock.now());
  for (const [i, { a, owed }] of owing.entries()) {
    if (outcomes[i] instanceof Error) continue;
    await deps.store.audit(c.id, {
      at,
      actor: 'system',
      action: 'report.sharing-chased',
      detail: { attendeeId: a.id, parents: owed.map((x) => x.id) },
    });
  }
  const error = batchError(outcomes);
  if (error) throw error;
}
