/**
 * The circulation watchdog (at policy.circulation.watchdogMarginHours before the deadline) and the
 * deadline itself (the print room's deadline is hard-copy-due.ts). Each speaks up only when something is outstanding,
 * and records what it saw before emailing, so that an alert retried while mail is down still
 * arrives, once, intact.
 */
import type { Step } from '../../ports.ts';
import { watchdogAlert, type WatchedDocument } from '../../content/templates/circulation-watchdog.ts';
import { circulationDueAt } from '../../domain/circulation.ts';
import type { Conference } from '../../domain/conference.ts';
import type { CirculationAlert } from '../../domain/deliveries.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { recipientStatuses } from './circulation-status.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail } from '../shared/deliver.ts';
import { toLondonIso } from '../shared/time.ts';
import { finishIfComplete } from './finish-circulation.ts';
import { senderOf, coordinatorAddress } from '../shared/sender.ts';
import { personalLink } from '../credentials/links.ts';
import { hasDecision } from '../../domain/state-machine.ts';

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
    // Before approval it goes to the chair alone: their own page to approve it on, not the API.
    ...(!alert.approved && chair
      ? { chairUrl: personalLink(deps, c, chair.id, document === 'decision' ? 'chair' : 'minutes') }
      : {}),
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
