/**
 * The follow-ups queued once the decision has gone out: the first core group (counted from the
 * conference, or from the birth for a pre-birth plan), the minutes and record-bundle reminders,
 * and the draft review conference for the coordinator to confirm.
 */
import { coreGroupNotice, recordReminder, reviewDraftNotice } from '../../content/templates/follow-up-notices.ts';
import { childInLetter } from '../../content/labels.ts';
import { accessFor } from '../../domain/disclosure.ts';
import { roleLabel } from '../../content/words.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import { activeCoreGroups, coreGroupMemberIds } from '../../domain/core-groups.ts';
import { planFollowUps, type FollowUpPlan } from '../../domain/follow-ups.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import type { Step } from '../../domain/steps.ts';
import { comesWith, coreGroupCompanion, letterAudience } from '../invitations/invite-letters.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail } from '../shared/deliver.ts';
import { personalLink } from '../credentials/links.ts';
import { createReviewDraft } from '../conference/review-draft.ts';
import { decisionLetterHeld } from '../circulation/held-letter-steps.ts';
import { toLondonIso } from '../shared/time.ts';
import { senderOf, coordinatorAddress } from '../shared/sender.ts';
import { isApproved } from '../../domain/state-machine.ts';

/** How a companion comes to the core group, by role. */
const COMPANION_AS = {
  supporter: 'a supporter',
  'parents-advocate': 'an advocate',
  'childs-advocate': 'the advocate for the child',
  interpreter: 'the interpreter',
} as const;

const headers = (c: Conference) => ({ 'X-Conference-Reference': c.reference });

/** The core group as the chair recorded it, always with the social worker (the lead professional). */
const coreGroupMembers = (c: Conference): Attendee[] => c.attendees.filter((a) => coreGroupMemberIds(c).includes(a.id));

async function coreGroup(
  deps: AppDeps,
  c: Conference,
  policy: Policy,
  plan: FollowUpPlan,
  fromBirth: boolean,
): Promise<void> {
  const groups = fromBirth
    ? plan.born.map((b) => ({ children: [b.childId], by: b.coreGroupBy, bornOn: b.bornOn, key: b.childId }))
    : plan.onPlan.length
      ? [{ children: plan.onPlan, by: plan.coreGroupBy, bornOn: undefined, key: '' }]
      : [];
  // A core group already booked has its own invitations: no "must meet by" notice on top.
  if (!fromBirth && activeCoreGroups(c).length) return;
  const members = coreGroupMembers(c);
  const memberLabels = members.map((m) => roleLabel(m.role, m.agency));
  for (const g of groups) {
    const labels = (named: boolean) =>
      g.children.map((id) =>
        childInLetter(
          c,
          c.children.find((ch) => ch.id === id)!,
          named,
        ),
      );
    for (const m of members) {
      const audience = letterAudience(m);
      // A professional has the children's names by email only where the policy sends them (caseNames).
      const named = audience !== 'professional' || accessFor(c, policy, m, 'case-identity') === 'receive';
      // Family members without email hear about it from the social worker, who is in every core group.
      if (!m.email || (audience === 'family' && m.contactPreference !== 'email')) continue;
      // Whoever comes with a family member gets what that person gets, never the professionals' notice
      // (which names the children); nothing when that person is not in the core group.
      const companion = coreGroupCompanion(
        c,
        members.map((x) => x.id),
        m,
      );
      if (companion === 'not-theirs') continue;
      // A family member (or companion) whose decision letter is still held hears of the core group after it, by its invitation.
      if (audience !== 'professional' && (await decisionLetterHeld(deps, c, policy, m))) continue;
      const rendered = coreGroupNotice({
        reference: c.reference,
        policy,
        audience,
        ...(companion ? { companion: { as: COMPANION_AS[companion.kind], ...comesWith(c, m) } } : {}),
        children: labels(named),
        ...(g.by ? { by: g.by } : {}),
        straightAfter: !fromBirth && plan.coreGroupStraightAfter,
        ...(plan.cadence ? { cadence: plan.cadence } : {}),
        ...(g.bornOn ? { bornOn: g.bornOn } : {}),
        coreGroup: memberLabels,
      });
      const step = fromBirth ? 'follow-up-birth-core-group' : 'follow-up-core-group';
      await deliverEmail(deps, c, {
        step,
        recipient: g.key ? `${m.id}-${g.key}` : m.id,
        message: { ...rendered, to: m.email, from: senderOf(policy), headers: headers(c) },
      });
    }
    await deps.store.audit(c.id, {
      at: toLondonIso(deps.clock.now()),
      actor: 'system',
      action: fromBirth ? 'follow-up.core-group-after-birth' : 'follow-up.core-group',
      detail: {
        children: g.children,
        by: g.by ?? null,
        straightAfter: !fromBirth && plan.coreGroupStraightAfter,
        members: members.map((m) => m.id),
      },
    });
  }
}

async function reminder(
  deps: AppDeps,
  c: Conference,
  policy: Policy,
  what: 'minutes' | 'record-bundle',
  dueAt: string | undefined,
): Promise<void> {
  // Approved minutes need no reminder: they are on their way (or have gone).
  if (!dueAt || c.minutes?.approvedAt) return;
  const to = c.attendees.filter((a) => (a.role === 'chair' || a.role === 'minute-taker') && a.email);
  for (const a of to) {
    const rendered = recordReminder({
      reference: c.reference,
      policy,
      what,
      dueAt,
      minutesUrl: personalLink(deps, c, a.id, 'minutes'),
    });
    await deliverEmail(deps, c, {
      step: `follow-up-${what}`,
      recipient: a.id,
      message: { ...rendered, to: a.email!, from: senderOf(policy), headers: headers(c) },
    });
  }
  await deps.store.audit(c.id, {
    at: toLondonIso(deps.clock.now()),
    actor: 'system',
    action: `follow-up.${what}-reminder`,
    detail: { dueAt, to: to.map((a) => a.role) },
  });
}

async function review(deps: AppDeps, c: Conference, policy: Policy, plan: FollowUpPlan): Promise<void> {
  const made = await createReviewDraft(deps, c, policy, plan);
  if (!made) return;
  const { draft, created, warnings } = made;
  if (created) {
    await deps.store.audit(c.id, {
      at: toLondonIso(deps.clock.now()),
      actor: 'system',
      action: 'follow-up.review-drafted',
      detail: {
        draftId: draft.id,
        draftReference: draft.reference,
        startsAt: draft.startsAt,
        reviewBy: plan.reviewBy ?? null,
        ...(warnings.length ? { warnings } : {}),
      },
    });
  }
  const rendered = reviewDraftNotice({
    reference: c.reference,
    policy,
    draftReference: draft.reference,
    startsAt: draft.startsAt,
    reviewBy: plan.reviewBy ?? draft.startsAt,
    children: draft.children.length,
    confirmUrl: `${deps.settings.publicBaseUrl}/api/conferences/${draft.id}/confirm`,
    warnings,
  });
  const to = coordinatorAddress(deps, policy);
  await deliverEmail(deps, c, {
    step: 'follow-up-review',
    recipient: 'coordinator',
    message: { ...rendered, to, from: senderOf(policy), headers: headers(c) },
  });
}

export async function followUpStep(deps: AppDeps, c: Conference, step: Step | string): Promise<void> {
  if (!isApproved(c.state)) return; // closed or cancelled since: nothing to follow up
  const policy = deps.policies.get(c.policyId);
  const plan = planFollowUps(c, policy, deps.calendar, deps.clock.now());
  switch (step) {
    case 'follow-up-core-group':
      return coreGroup(deps, c, policy, plan, false);
    case 'follow-up-birth-core-group':
      return coreGroup(deps, c, policy, plan, true);
    case 'follow-up-minutes':
      return reminder(deps, c, policy, 'minutes', plan.minutesDue);
    case 'follow-up-record-bundle':
      return reminder(deps, c, policy, 'record-bundle', plan.recordBundleDue);
    case 'follow-up-review':
      return review(deps, c, policy, plan);
  }
}
