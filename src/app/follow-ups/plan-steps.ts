/**
 * A plan action's reminder to its owner before it is due, and the overdue flag to the social worker
 * and the core group chair. A job of an older revision (the owner or date changed since) or about
 * an action already done does nothing.
 */
import {
  planActionOverdue,
  planActionReminder,
  planActionReminderLetter,
} from '../../content/templates/plan-notices.ts';
import { roleLabel } from '../../content/words.ts';
import type { Conference } from '../../domain/conference.ts';
import { cadenceNagRecipients } from '../../domain/core-groups.ts';
import { isOpen, planRowOfSeq, type PlanRow } from '../../domain/plan.ts';
import { FAMILY_ROLES } from '../../domain/vocabulary.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail } from '../shared/deliver.ts';
import { sendFamilyLetter } from '../post-and-texts/family-letters.ts';
import { toLondonIso } from '../shared/time.ts';
import { companionKindOf, planReminderAudience } from '../invitations/invite-letters.ts';
import { isApproved } from '../../domain/state-machine.ts';
import { decisionLetterHeld } from '../circulation/held-letter-steps.ts';

function currentRow(c: Conference, seq: number | undefined): PlanRow | undefined {
  if (!seq || !isApproved(c.state)) return undefined;
  const { id, revision } = planRowOfSeq(seq);
  const row = c.decision?.plan.find((r) => r.id === id);
  return row && (row.revision ?? 1) === revision && isOpen(row) && row.dueOn ? row : undefined;
}

const noticeInput = (deps: AppDeps, c: Conference, r: PlanRow) => ({
  reference: c.reference,
  policy: deps.policies.get(c.policyId),
  actionId: r.id!,
  task: r.task,
  plannedOutcome: r.plannedOutcome,
  dueOn: r.dueOn!,
});
const sender = (deps: AppDeps, c: Conference) => {
  const policy = deps.policies.get(c.policyId);
  return { name: policy.sender.name, address: policy.sender.address };
};

/**
 * The owner's reminder by their contact preference: email; a parent or carer who asked for post gets
 * a letter on the hard-copy queue, one reached through the social worker (or with no email) a letter
 * the social worker hands over. The overdue flag goes to the social worker and the core group chair in every case.
 */
export async function planActionReminderStep(deps: AppDeps, c: Conference, seq: number | undefined): Promise<void> {
  const r = currentRow(c, seq);
  const owner = r?.ownerAttendeeId ? c.attendees.find((a) => a.id === r.ownerAttendeeId) : undefined;
  if (!r || !owner) return;
  const family = FAMILY_ROLES.has(owner.role);
  // A parent whose decision letter is still held, or one who comes with them, is reminded after it goes (held-follow-ups.ts).
  if ((family || companionKindOf(owner)) && (await decisionLetterHeld(deps, c, deps.policies.get(c.policyId), owner)))
    return;
  const recipient = `${r.id}-${owner.id}-r${r.revision ?? 1}`;
  const input = noticeInput(deps, c, r);
  const headers = { 'X-Conference-Reference': c.reference };
  let channel: 'email' | 'letter';
  // Professionals always have an email address (the door refuses one without); a family member may not.
  if (family && (owner.contactPreference !== 'email' || !owner.email)) {
    await sendFamilyLetter(
      deps,
      c,
      owner,
      'plan-action-reminder',
      `plan-action-${r.id}`,
      planActionReminderLetter(input),
      {
        recipient,
      },
    );
    channel = 'letter'; // on the print queue, or emailed to the social worker to hand over
  } else {
    const rendered = planActionReminder({ ...input, ...planReminderAudience(c, owner, family) });
    await deliverEmail(deps, c, {
      step: 'plan-action-reminder',
      recipient,
      message: { ...rendered, to: owner.email!, from: sender(deps, c), headers },
    });
    channel = 'email';
  }
  await deps.store.audit(c.id, {
    at: toLondonIso(deps.clock.now()),
    actor: 'system',
    action: 'plan.action-reminded',
    detail: { actionId: r.id, owner: owner.id, dueOn: r.dueOn, channel },
  });
}

export async function planActionOverdueStep(deps: AppDeps, c: Conference, seq: number | undefined): Promise<void> {
  const r = currentRow(c, seq);
  if (!r) return;
  const owner = r.ownerAttendeeId ? c.attendees.find((a) => a.id === r.ownerAttendeeId) : undefined;
  const rendered = planActionOverdue({
    ...noticeInput(deps, c, r),
    ...(owner ? { owner: roleLabel(owner.role, owner.agency) } : {}),
  });
  const to = cadenceNagRecipients(c).filter((a) => a.email);
  for (const a of to) {
    await deliverEmail(deps, c, {
      step: 'plan-action-overdue',
      recipient: `${r.id}-${a.id}-r${r.revision ?? 1}`,
      message: { ...rendered, to: a.email!, from: sender(deps, c), headers: { 'X-Conference-Reference': c.reference } },
    });
  }
  const at = toLondonIso(deps.clock.now());
  await deps.store.update(c.id, (cur) =>
    cur.decision
      ? {
          ...cur,
          decision: {
            ...cur.decision,
            plan: cur.decision.plan.map((x) =>
              x.id === r.id && !x.overdueFlaggedAt ? { ...x, overdueFlaggedAt: at } : x,
            ),
          },
        }
      : cur,
  );
  await deps.store.audit(c.id, {
    at,
    actor: 'system',
    action: 'plan.action-overdue',
    detail: { actionId: r.id, dueOn: r.dueOn, to: to.map((a) => a.role) },
  });
}
