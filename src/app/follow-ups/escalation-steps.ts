/**
 * An escalation's notices (domain/escalations.ts): when it is opened, at its due date if it is still
 * open, and when its outcome is recorded, everyone on its route is emailed once each (send ledger),
 * by reference, child number and role only. The audit records who was told.
 */
import {
  contactWords,
  escalationNotice,
  type EscalationNoticeKind,
} from '../../content/templates/escalation-notice.ts';
import { childNumber, familyMemberLabel } from '../../content/labels.ts';
import { roleLabel } from '../../content/words.ts';
import type { Conference } from '../../domain/conference.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { Escalation } from '../../domain/escalations.ts';
import type { Step } from '../../domain/steps.ts';
import { FAMILY_ROLES } from '../../domain/vocabulary.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail } from '../shared/deliver.ts';
import { coordinatorAddress, senderOf } from '../shared/sender.ts';
import { toLondonIso } from '../shared/time.ts';

const KIND_OF: Record<'escalation-opened' | 'escalation-due' | 'escalation-resolved', EscalationNoticeKind> = {
  'escalation-opened': 'opened',
  'escalation-due': 'overdue',
  'escalation-resolved': 'resolved',
};

/** Who disagrees, in words safe for an email: a professional by role and agency, a family member by number. */
export function raisedByWords(c: Pick<Conference, 'attendees'>, e: Pick<Escalation, 'attendeeId'>): string {
  const a = e.attendeeId ? c.attendees.find((x) => x.id === e.attendeeId) : undefined;
  if (!a) return 'The family';
  if (FAMILY_ROLES.has(a.role)) return familyMemberLabel(c, a.id);
  return roleLabel(a.role, a.agency);
}

export async function escalationStep(
  deps: AppDeps,
  c: Conference,
  step: 'escalation-opened' | 'escalation-due' | 'escalation-resolved',
  seq: number,
): Promise<void> {
  const e = (c.escalations ?? []).find((x) => x.id === `e${seq}`);
  if (!e) throw new NotFoundError(`No escalation e${seq} in ${c.reference}`);
  const kind = KIND_OF[step];
  // An outcome recorded before the due date: nothing is overdue.
  if (kind === 'overdue' && e.status !== 'open') return;
  if (kind === 'resolved' && e.status !== 'resolved') return;
  const policy = deps.policies.get(c.policyId);
  const outcome = c.decision?.outcomes.find((o) => o.childId === e.childId);
  const told: string[] = [];
  for (const r of e.tell) {
    const to = r.who === 'coordinator' ? coordinatorAddress(deps, policy) : r.email;
    if (!to) continue;
    const rendered = escalationNotice({
      kind,
      reference: c.reference,
      policy,
      childLabel: childNumber(c, e.childId),
      ...(outcome ? { decision: outcome.outcome } : {}),
      party: e.party,
      raisedBy: raisedByWords(c, e),
      procedure: e.procedure,
      concern: e.concern,
      dueAt: e.dueAt,
      toldWords: e.tell.filter((x) => x.key !== r.key).map(contactWords),
      ...(e.outcome ? { outcome: e.outcome } : {}),
      ...(e.resolvedAt ? { resolvedAt: e.resolvedAt } : {}),
    });
    const sent = await deliverEmail(deps, c, {
      step: step satisfies Step,
      recipient: `${e.id}-${r.key}`,
      message: { ...rendered, to, from: senderOf(policy), headers: { 'X-Conference-Reference': c.reference } },
    });
    if (sent === 'sent') told.push(r.key);
  }
  const action = { opened: 'escalation.notified', overdue: 'escalation.overdue', resolved: 'escalation.outcome-sent' }[
    kind
  ];
  if (told.length)
    await deps.store.audit(c.id, {
      at: toLondonIso(deps.clock.now()),
      actor: 'system',
      action,
      detail: { escalationId: e.id, told },
    });
}
