/**
 * At an advocacy referral's due date: if it is still open, the social worker is reminded and the
 * coordinator and the chair told (the chair can ask at the meeting how the child's views will be
 * heard), once each (send ledger), and the audit records it.
 */
import { advocacyReferralOverdue } from '../../content/templates/advocacy-notices.ts';
import type { Conference } from '../../domain/conference.ts';
import { isBeforeMeeting } from '../../domain/state-machine.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail } from '../shared/deliver.ts';
import { senderOf, socialWorkerAndCoordinator } from '../shared/sender.ts';
import { toLondonIso } from '../shared/time.ts';

/** `seq`: the one task this job chases (jobs planned before per-task chasers carry none: every open referral due). */
export async function advocacyReferralDue(deps: AppDeps, c: Conference, seq?: number): Promise<void> {
  if (!isBeforeMeeting(c.state)) return;
  const now = deps.clock.now().getTime();
  const open = (c.tasks ?? []).filter(
    (t) =>
      t.kind === 'refer-to-advocacy' &&
      t.status === 'open' &&
      Date.parse(t.dueAt) <= now &&
      (seq === undefined || t.id === `t${seq}`),
  );
  if (!open.length) return;
  const policy = deps.policies.get(c.policyId);
  const children = open.flatMap((t) => {
    const ch = c.children.find((x) => x.id === t.subject);
    return ch
      ? [
          {
            label: `Child ${c.children.indexOf(ch) + 1}${t.detail.match(/\(aged \d+\)/) ? ` ${t.detail.match(/\(aged \d+\)/)![0]}` : ''}`,
            dueAt: t.dueAt,
          },
        ]
      : [];
  });
  const chair = c.attendees.find((a) => a.role === 'chair' && a.email)?.email;
  const to: ['social-worker' | 'coordinator' | 'chair', string][] = [
    ...socialWorkerAndCoordinator(deps, c, policy),
    ...(chair ? [['chair', chair] as ['chair', string]] : []),
  ];
  for (const [audience, address] of to) {
    const rendered = advocacyReferralOverdue({
      reference: c.reference,
      policy,
      children,
      audience,
      // The chair meets the parents first; the social worker and the coordinator hear when professionals join.
      meetingAt: audience === 'chair' ? c.startsAt : c.timetable.professionalsJoinAt,
    });
    await deliverEmail(deps, c, {
      step: 'advocacy-referral-due',
      recipient: seq === undefined ? audience : `${audience}-t${seq}`,
      message: { ...rendered, to: address, from: senderOf(policy), headers: { 'X-Conference-Reference': c.reference } },
    });
  }
  await deps.store.audit(c.id, {
    at: toLondonIso(deps.clock.now()),
    actor: 'system',
    action: 'advocacy.referral-overdue',
    detail: { tasks: open.map((t) => t.id), children: open.map((t) => t.subject) },
  });
}
