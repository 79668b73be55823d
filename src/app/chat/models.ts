/** Conference → card view-models. Pure: the content/cards/ builders turn these into Adaptive Card JSON. */
import { AFTER_MEETING_TASKS } from '../../domain/tasks.ts';
import { familyReasonGap } from '../../domain/family-reasons.ts';
import { checklistItemsFor, openArrangements } from '../../domain/checklist.ts';
import { access, accessFor, childrenFor, reportSharingTargets } from '../../domain/disclosure.ts';
import { asksForOwnView, isWrittenContribution, mayRecordViewFor, ownView } from '../../domain/authority.ts';
import type { ChairBriefingModel } from '../../content/cards/chair-briefing.ts';
import type { ChairRoundModel } from '../../content/cards/chair-round.ts';
import type { ChecklistModel } from '../../content/cards/checklist.ts';
import type { JoinNowModel } from '../../content/cards/join-now.ts';
import type { ReportPromptKind, ReportPromptModel } from '../../content/cards/report-prompt.ts';
import type { ViewCardModel } from '../../content/cards/view-card.ts';
import { dateAndTime } from '../../content/format.ts';
import { dialInLines, dialInTelUri } from '../../content/dial-in.ts';
import { whoItIsAboutFor } from '../../content/templates/who-it-is-about.ts';
import { ifYouDisagree } from '../../content/templates/escalation-notice.ts';
import { reportSections, roleLabel } from '../../content/words.ts';
import { decisionSafeguards } from '../../domain/decision-safeguards.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference, View } from '../../domain/conference.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import type { QuorumResult } from '../../domain/quorum.ts';
import { FAMILY_ROLES } from '../../domain/vocabulary.ts';
import type { InvitationGap } from '../invitations/invitation-status.ts';
import type { NamedDeputy } from '../conference/deputies.ts';
import { answerWithDeputy } from '../../content/templates/short-notices.ts';
import { childVoiceChoices } from '../meeting-day/view-target.ts';
import { unsharedReports } from '../../domain/report-sharing.ts';
import {
  attendeeLabel,
  checklistLabel,
  taskDetail,
  taskWhat,
  childRef,
  childTag,
  familyMemberLabel,
  RSVP_LABEL,
} from '../../content/labels.ts';

const rsvpWords = (a: Attendee): string => RSVP_LABEL[a.rsvp].toLowerCase();
const roundState = (c: Conference) => c.viewRound?.state ?? 'not-open';

/** Who is asked for a view of their own under the policy (domain/authority.ts: the same rule as the API and the web pages). */
export function viewGivers(c: Conference, policy: Policy): Attendee[] {
  return c.attendees.filter((a) => asksForOwnView(policy, a));
}

export function reportPromptModel(
  c: Conference,
  policy: Policy,
  a: Attendee,
  kind: ReportPromptKind,
): ReportPromptModel {
  const r = c.reports[a.id];
  return {
    conferenceId: c.id,
    reference: c.reference,
    kind,
    roleLabel: roleLabel(a.role, a.agency),
    dueAt: dateAndTime(r?.dueAt ?? c.timetable.professionalsJoinAt),
    conferenceAt: dateAndTime(c.startsAt),
    sections: reportSections(policy, c.kind),
    parents: reportSharingTargets(c.attendees).map((x) => ({ id: x.id, label: attendeeLabel(c, x) })),
    received: r?.status === 'received',
    rsvp: a.rsvp,
    ...whoItIsAboutFor(c, policy, a),
  };
}

/** The pre-meeting checklist (built-in items and the policy's own): each tick with when, and the chair's note. */
function checklistItems(c: Conference, policy: Policy): ChecklistModel['items'] {
  return checklistItemsFor(c, policy).map((id) => ({
    id,
    label: checklistLabel(id, policy),
    ...(c.checklist?.[id] ? { tickedAt: dateAndTime(c.checklist[id].at) } : {}),
    ...(c.checklist?.[id]?.note ? { note: c.checklist[id].note } : {}),
  }));
}

export function checklistModel(
  c: Conference,
  policy: Policy,
  invitationGaps: readonly InvitationGap[] = [],
): ChecklistModel {
  return {
    ...(invitationGaps.length
      ? { invitationsNotGone: invitationGaps.map((g) => ({ who: withName(c, g.attendeeId), why: g.why })) }
      : {}),
    conferenceId: c.id,
    reference: c.reference,
    items: checklistItems(c, policy),
    attending: c.attendees
      .filter((a) => a.role !== 'child' && a.rsvp !== 'declined')
      .map((a) => `${attendeeLabel(c, a)}: ${rsvpWords(a)}`),
    attendees: c.attendees.filter((a) => a.role !== 'chair').map((a) => ({ title: attendeeLabel(c, a), value: a.id })),
    ...(openArrangements(c).length ? { notConfirmed: openArrangements(c).map((t) => taskWhat(t.kind, t.detail)) } : {}),
    exclusionGrounds: policy.exclusionGrounds,
    exclusions: (c.exclusions ?? []).map((e) => {
      const who = c.attendees.find((a) => a.id === e.attendeeId);
      return { who: who ? attendeeLabel(c, who) : e.attendeeId, part: e.part, ground: e.ground };
    }),
  };
}

export function joinNowModel(c: Conference, a: Attendee): JoinNowModel {
  const remote = c.mode !== 'in-person';
  return {
    reference: c.reference,
    joinAt: dateAndTime(c.timetable.professionalsJoinAt),
    ...(remote && c.meeting?.joinUrl ? { joinUrl: c.meeting.joinUrl } : {}),
    dialIn: remote ? dialInLines(c.meeting) : [],
    ...(remote && c.meeting?.dialIn[0] && dialInTelUri(c.meeting.dialIn[0])
      ? { phoneUri: dialInTelUri(c.meeting.dialIn[0])! }
      : {}),
    ...(c.venue && c.mode !== 'virtual' ? { venue: c.venue } : {}),
    ...(c.meeting?.provider === 'local' ? { note: c.meeting.label } : {}),
    ...(a.role === 'chair' ? { note: 'You are the chair: you can admit people from the lobby.' } : {}),
  };
}

const withName = (c: Conference, id: string) => {
  const a = c.attendees.find((x) => x.id === id);
  return a ? attendeeLabel(c, a, { withName: true }) : id;
};

/**
 * The chair's briefing. `invitationGaps` (familyInvitationsNotGone, from the send ledger and the
 * hard-copy queue): parents and carers whose invitation has not gone, so the chair can ask;
 * `deputies` (namedDeputies): the colleague named by one who cannot come, not yet added.
 */
export function chairBriefingModel(
  c: Conference,
  policy: Policy,
  quorum?: QuorumResult,
  invitationGaps: readonly InvitationGap[] = [],
  deputies: Readonly<Record<string, NamedDeputy>> = {},
): ChairBriefingModel {
  const unshared = unsharedReports(c, policy);
  const label = (id: string) => withName(c, id);
  return {
    conferenceId: c.id,
    reference: c.reference,
    rsvps: c.attendees
      .filter((a) => a.role !== 'child' && a.role !== 'chair')
      .map((a) => ({
        who: attendeeLabel(c, a, { withName: true }),
        answer: answerWithDeputy(rsvpWords(a), deputies[a.id]),
      })),
    invitationsNotGone: invitationGaps.map((g) => ({ who: label(g.attendeeId), why: g.why })),
    missingReports: Object.values(c.reports)
      .filter((r) => r.status !== 'received')
      .map((r) => ({
        who: label(r.attendeeId),
        status: r.status,
        dueAt: dateAndTime(r.dueAt ?? c.timetable.professionalsJoinAt),
      })),
    ...(unshared.length
      ? {
          unsharedReports: unshared.map((u) => ({
            who: label(u.author.id),
            notSharedWith: u.notSharedWith.map((p) => familyMemberLabel(c, p.id).toLowerCase()),
          })),
        }
      : {}),
    attendees: c.attendees
      .filter((a) => a.role !== 'child')
      .map((a) => ({ title: attendeeLabel(c, a, { withName: true }), value: a.id })),
    ...(c.attendance
      ? { attendance: { present: c.attendance.present.map(label), apologies: c.attendance.apologies.map(label) } }
      : {}),
    ...(quorum ? { quorum } : {}),
    round: roundState(c),
    // What the chair covered with the parents before the professionals joined, with their notes.
    checklist: checklistItems(c, policy),
    // Before the meeting: what to arrange (the social worker's explanation to a child comes after it).
    ...(c.tasks?.some((t) => !AFTER_MEETING_TASKS.has(t.kind))
      ? {
          arrangements: c.tasks
            .filter((t) => !AFTER_MEETING_TASKS.has(t.kind))
            .map((t) => {
              const child = c.children.find((ch) => ch.id === t.subject);
              return {
                who: child ? childTag(c, child) : label(t.subject),
                what: taskDetail(t.kind, t.detail),
                done: t.status === 'done',
                kind: t.kind,
              };
            }),
        }
      : {}),
  };
}

const summary = (v: Pick<View, 'recommendation' | 'categories' | 'rationale' | 'scale'>) => ({
  ...(v.recommendation ? { recommendation: v.recommendation } : {}),
  categories: v.categories,
  rationale: v.rationale,
  ...(v.scale !== undefined ? { scale: v.scale } : {}),
});

export function viewCardModel(c: Conference, policy: Policy, a: Attendee, childId: string): ViewCardModel {
  const child = c.children.find((x) => x.id === childId);
  if (!child) throw new RangeError(`no child ${childId}`);
  const mine = ownView(c, a.id, childId);
  return {
    conferenceId: c.id,
    reference: c.reference,
    child: childRef(c, child, accessFor(c, policy, a, 'case-identity') === 'receive'),
    recommendations: policy.views.recommendations,
    categories: policy.views.categories,
    scale: policy.views.scale,
    round: roundState(c),
    ...(mine ? { current: summary(mine), ifYouDisagree: ifYouDisagree(policy, FAMILY_ROLES.has(a.role)) } : {}),
  };
}

export function chairRoundModel(c: Conference, policy: Policy): ChairRoundModel {
  const givers = viewGivers(c, policy);
  const who = (v: View) => {
    if (v.onBehalfOfFamily) return 'The family';
    if (v.childsVoice)
      return v.childsVoice.via === 'direct' || v.childsVoice.via === 'chair'
        ? "The child's own view"
        : `The child's own view (through the ${v.childsVoice.via.replace('-', ' ')})`;
    const a = c.attendees.find((x) => x.id === v.attendeeId);
    return a ? attendeeLabel(c, a, { withName: true }) : (v.attendeeId ?? '?');
  };
  const labelOf = (childId: string) => {
    const ch = c.children.find((x) => x.id === childId);
    return ch ? childTag(c, ch) : childId;
  };
  const d = c.decision;
  return {
    conferenceId: c.id,
    reference: c.reference,
    round: roundState(c),
    decided: Boolean(d),
    approved: Boolean(d?.approvedAt),
    children: c.children.map((ch) => {
      const views = c.views.filter((v) => v.childId === ch.id);
      return {
        child: childRef(c, ch, access('case-identity', 'chair', policy) === 'receive'),
        views: views.map((v) => ({
          who: isWrittenContribution(c, v) ? `${who(v)} (written contribution: sent apologies)` : who(v),
          view: summary(v),
          enteredByChair: v.recordedBy !== v.attendeeId,
        })),
        missing: givers
          .filter((a) => childrenFor(c, a).includes(ch.id) && !ownView(c, a.id, ch.id))
          .map((a) => attendeeLabel(c, a, { withName: true })),
      };
    }),
    recommendations: policy.views.recommendations,
    categories: policy.views.categories,
    scale: policy.views.scale,
    chairOverallScale: policy.views.chairOverallScale,
    // What the chair must give a reason for before deciding (no social work report, not quorate).
    safeguards: decisionSafeguards(policy, c, {}).issues,
    keyWorkers: policy.childProtectionPlan.keyWorker
      ? c.attendees
          .filter((a) => a.role === 'social-worker')
          .map((a) => ({ title: attendeeLabel(c, a, { withName: true }), value: a.id }))
      : undefined,
    visitingFrequency: policy.childProtectionPlan.visitingFrequency,
    recordFor: [
      ...c.attendees
        .filter((a) => mayRecordViewFor(policy, a))
        .map((a) => ({ title: attendeeLabel(c, a, { withName: true }), value: a.id })),
      { title: "The family's view (free text)", value: 'family' },
      ...childVoiceChoices(c, policy).map(([value, title]) => ({ title, value })),
    ],
    coreGroupChoices: c.attendees
      .filter((a) => a.role !== 'chair' && a.role !== 'minute-taker')
      .map((a) => ({ title: attendeeLabel(c, a, { withName: true }), value: a.id })),
    ...(d
      ? {
          decision: {
            outcomes: d.outcomes.map((o) => ({
              childLabel: labelOf(o.childId),
              outcome: o.outcome,
              categories: o.categories,
              rationale: o.rationale,
              ...(o.familyRationale ? { familyRationale: o.familyRationale } : {}),
              ...(familyReasonGap(o) ? { familyReasonGap: familyReasonGap(o)! } : {}),
              ...(o.scale !== undefined ? { scale: o.scale } : {}),
            })),
            dissent: d.dissent.map((x) => {
              const a = c.attendees.find((y) => y.id === x.attendeeId);
              return {
                who: x.onBehalfOfFamily ? 'The family' : a ? attendeeLabel(c, a, { withName: true }) : '?',
                childLabel: labelOf(x.childId),
                ...(x.recommendation ? { recommendation: x.recommendation } : {}),
                route: x.escalationRoute,
              };
            }),
          },
        }
      : {}),
  };
}
