/**
 * At a pre-birth plan's birth plan deadline: for each unborn child whose birth plan is still not
 * recorded as agreed (and whose birth is not recorded), the social worker is chased and the
 * coordinator told, once each (send ledger), and the audit records it.
 */
import { birthPlanOverdue } from '../../content/templates/birth-plan-notice.ts';
import type { Conference } from '../../domain/conference.ts';
import { isApproved } from '../../domain/state-machine.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail } from '../shared/deliver.ts';
import { senderOf, socialWorkerAndCoordinator } from '../shared/sender.ts';
import { toLondonIso } from '../shared/time.ts';

export async function birthPlanDue(deps: AppDeps, c: Conference): Promise<void> {
  if (!isApproved(c.state)) return;
  const now = deps.clock.now().getTime();
  const open = (c.tasks ?? []).flatMap((t) => {
    const ch = c.children.find((x) => x.id === t.subject);
    return t.kind === 'agree-birth-plan' && t.status === 'open' && Date.parse(t.dueAt) <= now && ch && !ch.bornOn
      ? [{ t, ch }]
      : [];
  });
  if (!open.length) return;
  const policy = deps.policies.get(c.policyId);
  const children = open.map(({ t, ch }) => ({
    label: `Child ${c.children.indexOf(ch) + 1}, unborn`,
    expectedDueDate: ch.expectedDueDate ?? '',
    dueAt: t.dueAt,
  }));
  for (const [audience, address] of socialWorkerAndCoordinator(deps, c, policy)) {
    const rendered = birthPlanOverdue({ reference: c.reference, policy, children, audience });
    await deliverEmail(deps, c, {
      step: 'follow-up-birth-plan',
      recipient: audience,
      message: { ...rendered, to: address, from: senderOf(policy), headers: { 'X-Conference-Reference': c.reference } },
    });
  }
  await deps.store.audit(c.id, {
    at: toLondonIso(deps.clock.now()),
    actor: 'system',
    action: 'follow-up.birth-plan-overdue',
    detail: { tasks: open.map((x) => x.t.id), children: open.map((x) => x.ch.id) },
  });
}
