/**
 * The circulation watchdog (at policy.circulation.watchdogMarginHours before the deadline), the
 * deadline itself, and the hard-copy deadline. Each speaks up only when something is outstanding,
 * and records what it saw before emailing, so that an alert retried while mail is down still
 * arrives, once, intact.
 */
import type { Step } from '../../ports.ts';
import { DateTime } from 'luxon';
import { hardCopyOverdue } from '../../content/templates/circulation-notices.ts';
import { watchdogAlert, type WatchedDocument } from '../../content/templates/circulation-watchdog.ts';
import { circulationDueAt } from '../../domain/circulation.ts';
import { stillToPrint } from '../../domain/letters.ts';
import type { Conference } from '../../domain/conference.ts';
import type { CirculationAlert } from '../../domain/deliveries.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { recipientStatuses } from '../circulation-status.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail, skipUnsent } from '../deliver.ts';
import { toLondonIso } from '../time.ts';
import { finishIfComplete } from './finish-circulation.ts';
import { LONDON } from '../../domain/calendar/zone.ts';
import { senderOf, coordinatorAddress } from '../sender.ts';
import { hasDecision, isEnded } from '../../domain/state-machine.ts';

type SnapshotField = 'circulationAlert' | 'circulationMissed' | 'minutesAlert' | 'minutesMissed';

/** Keeps the first snapshot: a retry reports what the watchdog saw at its due time. */
export async function keepSnapshot(
  deps: AppDeps,
  c: Conference,
  alert: CirculationAlert,
  field: SnapshotField = 'circulationAlert',
): Promise<{ alert: CirculationAlert; first: boolean }> {
  let first = false;
  const updated = await deps.store.update(c.id, (cur) => {
    first = !cur[field];
    return cur[field] ? cur : { ...cur, [field]: alert };
  });
  return { alert: updated[field]!, first };
}

/**
 * A letter held on purpose until someone tells the parent (held-letters.ts) is not a late letter: it
 * is listed as held in an alert, but neither puts circulation at risk nor misses the deadline.
 */
const late = (outstanding: CirculationAlert['outstanding']) => outstanding.filter((o) => o.status !== 'held');

/** Who has not had the approved decision yet (by role and agency, never by name); none before approval. */
async function outstandingDeliveries(
  deps: AppDeps,
  c: Conference,
  policy: Policy,
): Promise<CirculationAlert['outstanding']> {
  if (!c.decision?.approvedAt) return [];
  const ledger = await deps.ledger.list(c.id);
  return recipientStatuses(c, policy, ledger)
    .filter((r) => r.channel !== 'none' && r.status !== 'sent')
    .map((r) => {
      const agency = c.attendees.find((a) => a.id === r.attendeeId)?.agency;
      return {
        recipient: r.key,
        attendeeId: r.attendeeId,
        role: r.role,
        ...(agency ? { agency } : {}),
        channel: r.channel,
        status: r.status,
        ...(r.reason ? { reason: r.reason } : {}),
      };
    });
}

/** Emails the alert: an unapproved decision (or minutes) is the chair's to release; undelivered mail is the coordinator's to chase too. */
export async function sendAlert(
  deps: AppDeps,
  c: Conference,
  policy: Policy,
  step: Step,
  alert: CirculationAlert,
  document: WatchedDocument = 'decision',
): Promise<void> {
  const chair = c.attendees.find((a) => a.role === 'chair');
  const rendered = watchdogAlert({
    reference: c.reference,
    policy,
    dueAt: alert.dueAt,
    approved: alert.approved,
    ...(c.decision?.decidedAt ? { decidedAt: c.decision.decidedAt } : {}),
    outstanding: alert.outstanding,
    viewUrl: `${deps.settings.publicBaseUrl}/api/conferences/${c.id}`,
    missed: step.endsWith('-deadline'),
    document,
  });
  const to: [string, string | undefined][] = alert.approved
    ? [
        ['coordinator', coordinatorAddress(deps, policy)],
        ['chair', chair?.email],
      ]
    : [['chair', chair?.email]];
  for (const [who, address] of to) {
    if (address)
      await deliverEmail(deps, c, {
        step,
        recipient: who,
        message: {
          ...rendered,
          to: address,
          from: senderOf(policy),
          headers: { 'X-Conference-Reference': c.reference },
        },
      });
  }
}

export async function circulationWatchdog(deps: AppDeps, c: Conference): Promise<void> {
  const dueAt = circulationDueAt(c);
  if (!dueAt || !hasDecision(c.state) || !c.decision) return;
  const policy = deps.policies.get(c.policyId);
  const at = toLondonIso(deps.clock.now());
  const log = { conferenceId: c.id, reference: c.reference, dueAt };
  let alert = c.circulationAlert;
  if (!alert) {
    const approved = Boolean(c.decision.approvedAt);
    const outstanding = await outstandingDeliveries(deps, c, policy);
    if (approved && late(outstanding).length === 0) {
      const held = outstanding.length;
      await deps.store.audit(c.id, {
        at,
        actor: 'system',
        action: 'circulation.on-time',
        detail: { dueAt, ...(held ? { heldLetters: held } : {}) },
      });
      await finishIfComplete(deps, c.id); // a backstop, should the last job have stopped short of it
      return;
    }
    const kept = await keepSnapshot(deps, c, { at, dueAt, approved, outstanding });
    alert = kept.alert;
    if (kept.first) {
      await deps.store.audit(c.id, {
        at,
        actor: 'system',
        action: approved ? 'circulation.at-risk' : 'circulation.not-approved',
        detail: {
          dueAt,
          outstanding: alert.outstanding.map((o) => ({
            recipient: o.recipient,
            role: o.role,
            status: o.status,
            reason: o.reason ?? null,
          })),
        },
      });
      deps.logger.warn(
        approved ? 'decision circulation at risk' : 'decision not approved near its circulation deadline',
        { ...log, outstanding: alert.outstanding.length },
      );
    }
  }
  await sendAlert(deps, c, policy, 'circulation-watchdog', alert);
}

/**
 * At the circulation deadline: if the decision is still unapproved or someone still has not got it,
 * the deadline was missed. That is recorded once (audit `circulation.missed`, the conference, a
 * warning in the log) and the chair and coordinator are told again, with who is still waiting.
 */
export async function circulationDeadline(deps: AppDeps, c: Conference): Promise<void> {
  const dueAt = circulationDueAt(c);
  if (!dueAt || !hasDecision(c.state) || !c.decision) return;
  const policy = deps.policies.get(c.policyId);
  let missed = c.circulationMissed;
  if (!missed) {
    const approved = Boolean(c.decision.approvedAt);
    const outstanding = await outstandingDeliveries(deps, c, policy);
    // On time (the watchdog has already recorded it), letters held on purpose aside.
    if (approved && late(outstanding).length === 0) return;
    const at = toLondonIso(deps.clock.now());
    const kept = await keepSnapshot(deps, c, { at, dueAt, approved, outstanding }, 'circulationMissed');
    missed = kept.alert;
    if (kept.first) {
      await deps.store.audit(c.id, {
        at,
        actor: 'system',
        action: 'circulation.missed',
        detail: {
          dueAt,
          approved,
          outstanding: missed.outstanding.map((o) => ({
            recipient: o.recipient,
            role: o.role,
            status: o.status,
            reason: o.reason ?? null,
          })),
        },
      });
      deps.logger.warn('decision circulation deadline missed', {
        conferenceId: c.id,
        reference: c.reference,
        dueAt,
        approved,
        outstanding: missed.outstanding.length,
      });
    }
  }
  await sendAlert(deps, c, policy, 'circulation-deadline', missed);
}

/**
 * At a letter's deadline (`dueBy`, the job's time): tell the coordinator which letters due by then
 * are still to print. Withdrawn letters (superseded, or about a meeting already held) are not asked
 * for. Letters due at the same moment share one email.
 */
export async function hardCopyDue(deps: AppDeps, c: Conference, dueBy: Date = deps.clock.now()): Promise<void> {
  const due = (c.hardCopies ?? []).filter((h) => Date.parse(h.dueAt) <= dueBy.getTime());
  const waiting = due.filter((h) => stillToPrint(c, h)).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  const at = toLondonIso(deps.clock.now());
  // One alert per deadline: the ledger key carries the moment (London time, no colons).
  const step = `hard-copy-due-${DateTime.fromJSDate(dueBy, { zone: LONDON }).toFormat('yyyyLLddHHmm')}` as const;
  if (waiting.length === 0) {
    // Printed or withdrawn (the meeting began) since an attempt that died mid-send claimed the alert:
    // close its claim, so the delivery record does not say "sending" for ever.
    await skipUnsent(deps, c, {
      step,
      recipient: 'coordinator',
      reason: 'every letter was printed or withdrawn before the alert went',
    });
    if (due.length)
      await deps.store.audit(c.id, {
        at,
        actor: 'system',
        action: 'hard-copy.all-printed',
        detail: { dueBy: toLondonIso(dueBy) },
      });
    return;
  }
  const policy = deps.policies.get(c.policyId);
  const base = `${deps.settings.publicBaseUrl}/api/conferences/${c.id}/hard-copies`;
  const overdueDays = workingDaysBetween(deps, waiting[0]!.dueAt, dueBy);
  const rendered = hardCopyOverdue({
    reference: c.reference,
    policy,
    dueAt: waiting[0]!.dueAt,
    workingDaysOverdue: overdueDays,
    letters: waiting.map((h) => ({
      role: c.attendees.find((a) => a.id === h.attendeeId)?.role ?? 'parent',
      attendeeId: h.attendeeId,
      queuedAt: h.queuedAt,
      downloadUrl: `${base}/${h.blobId}`,
      ...(h.tooLateForPost ? { tooLateForPost: h.tooLateForPost } : {}),
    })),
  });
  const outcome = await deliverEmail(deps, c, {
    step,
    recipient: 'coordinator',
    message: {
      ...rendered,
      to: coordinatorAddress(deps, policy),
      from: senderOf(policy),
      headers: { 'X-Conference-Reference': c.reference },
    },
  });
  if (outcome === 'sent') {
    await deps.store.audit(c.id, {
      at,
      actor: 'system',
      action: 'hard-copy.overdue',
      detail: { letters: waiting.map((h) => h.blobId), ...(overdueDays ? { workingDaysOverdue: overdueDays } : {}) },
    });
    deps.logger.warn('hard copies not printed by their deadline', {
      conferenceId: c.id,
      reference: c.reference,
      letters: waiting.length,
    });
  }
  // Until they are printed the alert comes back at the start of each working day (one job per day,
  // its id carrying the day, so a retried job queues it once), for at most REPEAT_WORKING_DAYS days.
  if (overdueDays < REPEAT_WORKING_DAYS && !isEnded(c.state)) {
    const next = DateTime.fromISO(
      deps.calendar.addWorkingDays(DateTime.fromJSDate(dueBy, { zone: LONDON }).toISODate()!, 1),
      { zone: LONDON },
    ).set({ hour: 9 });
    await deps.jobs.schedule([
      { conferenceId: c.id, version: c.version, step: 'hard-copy-due', seq: dayNumber(next), runAt: next.toJSDate() },
    ]);
  }
}

/** How many working days the print-room alert repeats for before it stops (the dashboard keeps showing the letter). */
const REPEAT_WORKING_DAYS = 10;
/** A job seq naming a day (1 on 1 January 2026): one repeat job per day, whatever queues it. */
const dayNumber = (d: DateTime): number =>
  Math.floor((Date.UTC(d.year, d.month - 1, d.day) - Date.UTC(2026, 0, 1)) / 86_400_000) + 1;

/** Working days from `from`'s day to `to`'s day (0 when the same day or earlier). */
function workingDaysBetween(deps: AppDeps, from: string, to: Date): number {
  const end = DateTime.fromJSDate(to, { zone: LONDON }).toISODate()!;
  let day = DateTime.fromISO(from, { setZone: true }).setZone(LONDON).toISODate()!;
  let n = 0;
  while (n < 60) {
    day = deps.calendar.addWorkingDays(day, 1);
    if (day > end) break;
    n++;
  }
  return n;
}
