/**
 * The day of the conference, driven by scheduled jobs (Teams' meeting start/end events fire only
 * when someone actually starts the meeting). At the parents' slot the chair gets the checklist; at
 * the professionals' join time professionals get "join now" and the chair gets who has replied and
 * whose reports are missing. Each goes to Teams when the person is reachable there, else by email.
 */
import { chairBriefingCard } from '../../content/cards/chair-briefing.ts';
import { checklistCard } from '../../content/cards/checklist.ts';
import { joinNowCard } from '../../content/cards/join-now.ts';
import {
  chairBriefingEmail,
  joinNowEmail,
  meetingDaySubject,
  parentsSlotEmail,
} from '../../content/templates/meeting-day.ts';
import type { Conference } from '../../domain/conference.ts';
import { canTransition, hasDecision, isEnded, isInquorate, transition } from '../../domain/state-machine.ts';
import { FAMILY_ROLES } from '../../domain/vocabulary.ts';
import { COMPANION_ROLES } from '../../domain/family-slots.ts';
import { deliverCard } from '../chat/deliver-card.ts';
import { chairOf } from '../chat/labels.ts';
import { chairBriefingModel, checklistModel, joinNowModel } from '../chat/models.ts';
import { namedDeputies } from '../conference/deputies.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail } from '../shared/deliver.ts';
import { familyInvitationsNotGone } from '../invitations/invitation-status.ts';
import { toLondonIso } from '../shared/time.ts';
import { senderOf } from '../shared/sender.ts';
import { personalLink } from '../credentials/links.ts';

const sender = (deps: AppDeps, c: Conference) => {
  const policy = deps.policies.get(c.policyId);
  return senderOf(policy);
};

export async function parentsSlot(deps: AppDeps, conference: Conference): Promise<void> {
  const at = toLondonIso(deps.clock.now());
  const c = canTransition(conference.state, 'pre-meeting')
    ? await deps.store.update(conference.id, (cur) =>
        canTransition(cur.state, 'pre-meeting') ? transition(cur, 'pre-meeting', { at, by: 'system' }) : cur,
      )
    : conference;
  const chair = chairOf(c);
  if (!chair) return;
  const policy = deps.policies.get(c.policyId);
  // A parent whose invitation never went (not sent, or a letter never printed) may not know about the
  // meeting: the chair hears it now, before the parents' slot, not when the professionals join.
  const gaps = familyInvitationsNotGone(c, await deps.ledger.list(c.id));
  const model = checklistModel(c, policy, gaps);
  const summary = meetingDaySubject.parentsSlot(c.reference);
  let channel = 'teams';
  if (
    (await deliverCard(deps, c, {
      step: 'parents-slot',
      recipient: chair.id,
      to: chair,
      card: (to) => checklistCard(model, to),
      summary,
    })) === 'unreachable'
  ) {
    channel = 'email';
    if (chair.email) {
      const links = {
        checklist: personalLink(deps, c, chair.id, 'checklist'),
        chair: personalLink(deps, c, chair.id, 'chair'),
      };
      const rendered = parentsSlotEmail({ reference: c.reference, policy, model, links });
      await deliverEmail(deps, c, {
        step: 'parents-slot',
        recipient: chair.id,
        message: { ...rendered, to: chair.email, from: sender(deps, c) },
      });
    }
  }
  await deps.store.audit(c.id, {
    at,
    actor: 'system',
    action: 'meeting.parents-slot',
    detail: { channel, ...(gaps.length ? { invitationsNotGone: gaps.map((g) => g.attendeeId) } : {}) },
  });
}

export async function professionalsJoin(deps: AppDeps, c: Conference): Promise<void> {
  // A meeting that has already decided (or ended, or was found inquorate) has nobody left to join:
  // "please join now" after the decision has gone out would only confuse.
  if (hasDecision(c.state) || isEnded(c.state) || isInquorate(c.state)) {
    await deps.store.audit(c.id, {
      at: toLondonIso(deps.clock.now()),
      actor: 'system',
      action: 'meeting.professionals-join',
      detail: { skipped: c.state },
    });
    return;
  }
  const policy = deps.policies.get(c.policyId);
  const from = sender(deps, c);
  const byChannel = { teams: 0, email: 0 };
  for (const a of c.attendees) {
    // Supporters, advocates and interpreters come with the family, not when the professionals join.
    if (FAMILY_ROLES.has(a.role) || a.role === 'chair' || COMPANION_ROLES.has(a.role)) continue;
    // Someone who answered that they cannot attend is not told to come into the meeting now.
    if (a.rsvp === 'declined') continue;
    const m = joinNowModel(c, a);
    const outcome = await deliverCard(deps, c, {
      step: 'professionals-join',
      recipient: a.id,
      to: a,
      card: () => joinNowCard(m),
      summary: meetingDaySubject.joinNow(c.reference),
    });
    if (outcome !== 'unreachable') {
      byChannel.teams++;
      continue;
    }
    if (!a.email) continue;
    const rendered = joinNowEmail({
      reference: c.reference,
      policy,
      mode: c.mode,
      ...(c.venue ? { venue: c.venue } : {}),
      ...(c.meeting ? { meeting: c.meeting } : {}),
    });
    await deliverEmail(deps, c, {
      step: 'professionals-join',
      recipient: a.id,
      message: { ...rendered, to: a.email, from },
    });
    byChannel.email++;
  }

  const chair = chairOf(c);
  if (chair) {
    const gaps = familyInvitationsNotGone(c, await deps.ledger.list(c.id));
    const model = chairBriefingModel(c, policy, undefined, gaps, await namedDeputies(deps, c));
    const summary = meetingDaySubject.chairBriefing(c.reference);
    if (
      (await deliverCard(deps, c, {
        step: 'chair-briefing',
        recipient: chair.id,
        to: chair,
        card: (to) => chairBriefingCard(model, to),
        summary,
      })) === 'unreachable' &&
      chair.email
    ) {
      const rendered = chairBriefingEmail({
        reference: c.reference,
        policy,
        model,
        professionalsJoinAt: c.timetable.professionalsJoinAt,
      });
      await deliverEmail(deps, c, {
        step: 'chair-briefing',
        recipient: chair.id,
        message: { ...rendered, to: chair.email, from },
      });
    }
  }
  await deps.store.audit(c.id, {
    at: toLondonIso(deps.clock.now()),
    actor: 'system',
    action: 'meeting.professionals-join',
    detail: byChannel,
  });
}
