/**
 * Where the minutes (or the record bundle) have got to, per recipient, and the watchdog that guards
 * the policy's deadline: at `watchdogMarginHours` before it and at it, speaking up only when the
 * minutes are unapproved or someone still lacks their copy, exactly as the decision's watchdog does
 * (circulation/circulation-watch.ts: the same snapshot kept once, the same alert, the same recipients).
 */
import type { Conference } from '../../domain/conference.ts';
import type { CirculationAlert } from '../../domain/deliveries.ts';
import { minutesDocument, minutesDueAt, minutesRecipients, type MinutesRecipient } from '../../domain/minutes.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import type { LedgerEntry } from '../../ports/send-ledger.ts';
import { CIRCULATE_STEP, deliveryState, type DeliveryState } from '../circulation/circulation-status.ts';
import { heldLetterOf } from '../../domain/held-letters.ts';
import { effectiveAttendee } from '../../domain/disclosure.ts';
import type { AppDeps } from '../deps.ts';
import { ledgerKey } from '../shared/deliver.ts';
import { keepSnapshot, sendAlert } from '../circulation/circulation-watch.ts';
import { toLondonIso } from '../shared/time.ts';
import { minutesStep } from './circulate-minutes.ts';
import { isApproved } from '../../domain/state-machine.ts';

export type MinutesRecipientStatus = MinutesRecipient &
  Partial<DeliveryState> & { status: DeliveryState['status'] | 'awaiting-approval' | 'queued' | 'held' | 'not-sent' };

/** A family member's copy, or their companion's or solicitor's, waiting for the decision letter of the parent it is about. */
function letterHeld(c: Conference, r: MinutesRecipient, ledger: Record<string, LedgerEntry>): boolean {
  if (r.copy !== 'family' && r.copy !== 'solicitor') return false;
  const a = c.attendees.find((x) => x.id === r.attendeeId);
  const parent = a ? effectiveAttendee(c, a).id : r.attendeeId;
  return (
    heldLetterOf(c, parent) !== undefined &&
    ledger[ledgerKey(CIRCULATE_STEP, r.attendeeId, c.version)]?.state !== 'sent'
  );
}

export function minutesStatuses(
  c: Conference,
  policy: Policy,
  ledger: Record<string, LedgerEntry>,
): MinutesRecipientStatus[] {
  const approved = Boolean(c.minutes?.approvedAt);
  const step = minutesStep(policy);
  return minutesRecipients(c, policy).map((r) => {
    if (r.channel === 'none') return { ...r, status: 'not-sent' };
    if (!approved) return { ...r, status: 'awaiting-approval' };
    const delivered = deliveryState(c, ledgerKey(step, r.key, c.version), ledger);
    if (delivered) return { ...r, ...delivered };
    return letterHeld(c, r, ledger)
      ? { ...r, status: 'held', reason: 'waits for their decision letter, held until someone records telling them' }
      : { ...r, status: 'queued' };
  });
}

/** The minutes block of the conference view (null before there are any, or any deadline). */
export function minutesView(c: Conference, policy: Policy, ledger: Record<string, LedgerEntry>) {
  const due = minutesDueAt(c, policy);
  if (!c.minutes && !due) return null;
  const recipients = minutesStatuses(c, policy, ledger);
  const m = c.minutes;
  return {
    document: minutesDocument(policy),
    dueAt: due ?? null,
    version: m?.version ?? null,
    source: m?.source ?? null,
    sections: m?.sections ?? [],
    savedAt: m?.savedAt ?? null,
    approvedAt: m?.approvedAt ?? null,
    circulatedAt: m?.circulatedAt ?? null,
    corrects: m?.corrects ?? null,
    complete: Boolean(m?.approvedAt) && recipients.every((r) => r.status === 'sent' || r.status === 'not-sent'),
    recipients,
    alert: c.minutesAlert ?? null,
    missed: c.minutesMissed ?? null,
  };
}

async function outstanding(deps: AppDeps, c: Conference, policy: Policy): Promise<CirculationAlert['outstanding']> {
  if (!c.minutes?.approvedAt) return [];
  return minutesStatuses(c, policy, await deps.ledger.list(c.id))
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

/** The watchdog (`minutes-watchdog`) or the deadline itself (`minutes-deadline`). */
export async function minutesWatch(
  deps: AppDeps,
  c: Conference,
  step: 'minutes-watchdog' | 'minutes-deadline',
): Promise<void> {
  const policy = deps.policies.get(c.policyId);
  const dueAt = minutesDueAt(c, policy);
  if (!dueAt || !isApproved(c.state)) return;
  const document = minutesDocument(policy);
  const field = step === 'minutes-deadline' ? 'minutesMissed' : 'minutesAlert';
  let alert = c[field];
  if (!alert) {
    const approved = Boolean(c.minutes?.approvedAt);
    const left = await outstanding(deps, c, policy);
    const at = toLondonIso(deps.clock.now());
    // A copy waiting for a held decision letter is listed as held, never late (as the decision's watchdog
    // does): on time, counting the copies that wait, and nobody is told at the watchdog or the deadline.
    if (approved && left.every((o) => o.status === 'held')) {
      const held = left.length;
      if (step === 'minutes-watchdog')
        await deps.store.audit(c.id, {
          at,
          actor: 'system',
          action: `${document}.on-time`,
          detail: { dueAt, ...(held ? { heldCopies: held } : {}) },
        });
      return;
    }
    const kept = await keepSnapshot(deps, c, { at, dueAt, approved, outstanding: left }, field);
    alert = kept.alert;
    if (kept.first) {
      const action =
        step === 'minutes-deadline'
          ? `${document}.missed`
          : approved
            ? `${document}.at-risk`
            : `${document}.not-approved`;
      await deps.store.audit(c.id, {
        at,
        actor: 'system',
        action,
        detail: {
          dueAt,
          approved,
          outstanding: alert.outstanding.map((o) => ({
            recipient: o.recipient,
            role: o.role,
            status: o.status,
            reason: o.reason ?? null,
          })),
        },
      });
      deps.logger.warn(
        `${document} ${step === 'minutes-deadline' ? 'deadline missed' : approved ? 'circulation at risk' : 'not approved near its deadline'}`,
        { conferenceId: c.id, reference: c.reference, dueAt, outstanding: alert.outstanding.length },
      );
    }
  }
  await sendAlert(deps, c, policy, step, alert, document);
}
