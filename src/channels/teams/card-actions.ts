/**
 * What each card verb does, once the router has found the conference and the attendee behind the
 * activity. Each is a few lines: check the role, call the use-case, return the refreshed card.
 */
import { namedDeputies } from '../../app/conference/deputies.ts';
import { chairBriefingCard } from '../../content/cards/chair-briefing.ts';
import { chairRoundCard } from '../../content/cards/chair-round.ts';
import { checklistCard } from '../../content/cards/checklist.ts';
import type { AdaptiveCard } from '../../content/cards/adaptive.ts';
import { noticeCard } from '../../content/cards/message.ts';
import { reportPromptCard } from '../../content/cards/report-prompt.ts';
import { viewCard } from '../../content/cards/view-card.ts';
import { approvalPendingWords } from '../../content/follow-on-words.ts';
import { approveDecision, decide as decideUseCase } from '../../app/meeting-day/decision.ts';
import { openRoundOfViews } from '../../app/meeting-day/view-links.ts';
import { familyInvitationsNotGone } from '../../app/invitations/invitation-status.ts';
import {
  chairBriefingModel,
  chairRoundModel,
  checklistModel,
  reportPromptModel,
  viewCardModel,
} from '../../app/chat/models.ts';
import { nominateDeputy, recordChatRsvp, recordReportSharing } from '../../app/chat/replies.ts';
import { loadConference } from '../../app/shared/load.ts';
import {
  closeViewRound,
  recordAttendance,
  recordExclusion,
  recordView,
  tickChecklist,
} from '../../app/meeting-day/meeting.ts';
import { recordReport } from '../../app/reports/record-report.ts';
import { londonDate } from '../../app/shared/time.ts';
import { attendeeActor } from '../../app/credentials/actor.ts';
import { viewTarget } from '../../app/meeting-day/view-target.ts';
import { childrenFor } from '../../domain/disclosure.ts';
import type { Conference } from '../../domain/conference.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { QuorumResult } from '../../domain/quorum.ts';
import { RSVP_STATES, type RsvpState } from '../../domain/vocabulary.ts';
import { decisionInput, list, optional, sharingInput, text, viewInput } from './card-data.ts';
import { chairOnly, type ActionEnv, type CardAction } from './action-env.ts';
import { heldLettersCard } from './held-letter-actions.ts';

/** The person behind the card: the chair's own actions are audited as the chair. */
const me = (env: ActionEnv) => attendeeActor(env.me.id);
const policyOf = (env: ActionEnv) => env.deps.policies.get(env.c.policyId);
const reload = (env: ActionEnv) => loadConference(env.deps.store, env.c.id);

const roundCard = async (env: ActionEnv, c?: Conference) => {
  const conf = c ?? (await reload(env));
  // Approved but its letters not queued yet (follow-on.ts): the card says so rather than nothing.
  const pending = approvalPendingWords(conf);
  return chairRoundCard({ ...chairRoundModel(conf, policyOf(env)), ...(pending ? { pending } : {}) }, env.userId);
};
const briefingCard = async (env: ActionEnv, quorum?: QuorumResult) => {
  const c = await reload(env);
  return chairBriefingCard(
    chairBriefingModel(
      c,
      policyOf(env),
      quorum,
      familyInvitationsNotGone(c, await env.deps.ledger.list(c.id)),
      await namedDeputies(env.deps, c),
    ),
    env.userId,
  );
};
const listCard = async (env: ActionEnv, c?: Conference) =>
  checklistCard(checklistModel(c ?? (await reload(env)), policyOf(env)), env.userId);

async function reportCard(env: ActionEnv, c?: Conference): Promise<AdaptiveCard> {
  const conf = c ?? (await reload(env));
  if (!conf.reports[env.me.id])
    throw new ValidationError('Not expected', [
      { field: 'report', message: `a ${env.me.role} is not asked for a report` },
    ]);
  const me = conf.attendees.find((a) => a.id === env.me.id)!;
  const status = conf.reports[me.id]!.status;
  return reportPromptCard(
    reportPromptModel(
      conf,
      policyOf(env),
      me,
      status === 'overdue' || status === 'escalated' ? 'overdue' : status === 'reminded' ? 'reminder' : 'request',
    ),
    env.userId,
  );
}

export const view: CardAction = async (env, d) => {
  const { conference } = await recordView(env.deps, env.c.id, { ...viewInput(d), attendeeId: env.me.id }, me(env));
  return viewCard(viewCardModel(conference, policyOf(env), env.me, text(d, 'childId')), env.userId);
};

export const refresh: CardAction = async (env, d) => {
  switch (optional(d, 'card')) {
    case 'view': {
      const childId = text(d, 'childId');
      // Only their own children, as the views page: a parent linked to one child never hears of a half-sibling here.
      if (!childrenFor(env.c, env.me).includes(childId))
        throw new ValidationError('Invalid card', [{ field: 'childId', message: 'no such child' }]);
      return viewCard(viewCardModel(env.c, policyOf(env), env.me, childId), env.userId);
    }
    case 'round':
      chairOnly(env);
      return roundCard(env, env.c);
    case 'checklist':
      chairOnly(env);
      return listCard(env, env.c);
    case 'briefing':
      chairOnly(env);
      return briefingCard(env);
    case 'held-letters':
      chairOnly(env);
      return heldLettersCard(env, env.c);
    case 'report':
      return reportCard(env, env.c);
    default:
      throw new ValidationError('Invalid card', [{ field: 'card', message: 'unknown card to refresh' }]);
  }
};

export const openViews: CardAction = async (env) => {
  chairOnly(env);
  await openRoundOfViews(env.deps, env.c.id, {}, me(env));
  return roundCard(env);
};

export const closeViews: CardAction = async (env) => {
  chairOnly(env);
  return roundCard(env, await closeViewRound(env.deps, env.c.id, {}, me(env)));
};

export const recordViewFor: CardAction = async (env, d) => {
  chairOnly(env);
  const who = text(d, 'who');
  const mayShare = optional(d, 'mayShare')?.trim();
  const { conference } = await recordView(
    env.deps,
    env.c.id,
    { ...viewInput(d), ...viewTarget(who), ...(mayShare ? { mayShare } : {}) },
    me(env),
  );
  return roundCard(env, conference);
};

export const decide: CardAction = async (env, d) => {
  chairOnly(env);
  return roundCard(
    env,
    await decideUseCase(
      env.deps,
      env.c.id,
      decisionInput(
        d,
        env.c.children.map((ch) => ch.id),
      ),
      me(env),
    ),
  );
};

export const approve: CardAction = async (env) => {
  chairOnly(env);
  return roundCard(env, await approveDecision(env.deps, env.c.id, {}, me(env)));
};

export const checklistTick: CardAction = async (env, d) => {
  chairOnly(env);
  const note = optional(d, 'note');
  return listCard(
    env,
    await tickChecklist(env.deps, env.c.id, { item: text(d, 'item'), ...(note ? { note } : {}) }, me(env)),
  );
};

export const exclusion: CardAction = async (env, d) => {
  chairOnly(env);
  return listCard(
    env,
    await recordExclusion(
      env.deps,
      env.c.id,
      { attendeeId: text(d, 'attendeeId'), part: text(d, 'part'), ground: text(d, 'ground') },
      me(env),
    ),
  );
};

export const attendance: CardAction = async (env, d) => {
  chairOnly(env);
  const { quorum } = await recordAttendance(
    env.deps,
    env.c.id,
    { present: list(d, 'present'), apologies: list(d, 'apologies') },
    me(env),
  );
  return briefingCard(env, quorum);
};

const today = (env: ActionEnv) => londonDate(env.deps.clock.now());

export const reportSubmit: CardAction = async (env, d) => {
  const shared = sharingInput(d, today(env));
  const { conference } = await recordReport(env.deps, {
    conferenceId: env.c.id,
    attendeeId: env.me.id,
    channel: 'teams',
    text: text(d, 'report'),
    attachments: [],
    ...(shared.length ? { sharedWithFamily: shared } : {}),
  });
  return reportCard(env, conference);
};

export const reportShared: CardAction = async (env, d) =>
  reportCard(env, await recordReportSharing(env.deps, env.c, env.me, sharingInput(d, today(env))));

export const rsvp: CardAction = async (env, d) => {
  const answer = text(d, 'rsvp');
  if (!(RSVP_STATES as readonly string[]).includes(answer) || answer === 'needs-action')
    throw new ValidationError('Invalid reply', [
      { field: 'rsvp', message: 'choose attending, maybe or not attending' },
    ]);
  await recordChatRsvp(env.deps, env.c, env.me, answer as RsvpState);
  return env.c.reports[env.me.id]
    ? reportCard(env)
    : noticeCard({ heading: `${env.c.reference}: reply recorded`, lines: ['Thank you.'] });
};

export const cantAttend: CardAction = async (env, d) => {
  const name = text(d, 'deputyName');
  const email = text(d, 'deputyEmail');
  // The card's own limits: cut, a long address would be a different (wrong) address.
  const issues = [
    ...(!name
      ? [{ field: 'deputyName', message: 'required' }]
      : name.length > 120
        ? [{ field: 'deputyName', message: 'at most 120 characters' }]
        : []),
    ...(email.length <= 254 && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)
      ? []
      : [{ field: 'deputyEmail', message: 'expected an email address' }]),
  ];
  if (issues.length) throw new ValidationError('Invalid deputy', issues);
  await nominateDeputy(env.deps, env.c, env.me, { name, email });
  return noticeCard({
    heading: `${env.c.reference}: deputy nominated`,
    lines: [
      "Thank you. The chair and the coordinator have your deputy's details and will send them the invitation.",
      ...(env.c.reports[env.me.id]?.status !== 'received' ? ['Please still send your report by its due date.'] : []),
    ],
  });
};
