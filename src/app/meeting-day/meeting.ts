import type { Conference, View } from '../../domain/conference.ts';
import { checklistItemsFor, notOnChecklistBecause } from '../../domain/checklist.ts';
import { ConflictError, IllegalTransitionError, ValidationError } from '../../domain/errors.ts';
import { withdrawMeetingLetters } from '../../domain/letters.ts';
import { checkQuorum, type QuorumResult } from '../../domain/quorum.ts';
import { isInSession, mayStartMeeting, transition } from '../../domain/state-machine.ts';
import { upsertView } from '../../domain/views.ts';
import { audited, requested, type Actor } from '../credentials/actor.ts';
import type { AppDeps } from '../deps.ts';
import { loadConference } from '../shared/load.ts';
import { parseInput } from '../shared/parse.ts';
import { ActorBody, AttendanceBody, ChecklistBody, ExclusionBody, ViewBody } from './schemas.ts';
import { parseWithChecks } from '../shared/cross-check.ts';
import { checkViewBody } from './view-checks.ts';
import { londonDate, toLondonIso } from '../shared/time.ts';
import { longDate } from '../../content/format.ts';

/**
 * Moves a conference into session (recording the date it was held), if it is not there already; from
 * `earlyStartMinutes` (the policy's timings) before the calendar start.
 */
export function startedConference(c: Conference, now: Date, by: string, earlyStartMinutes: number): Conference {
  if (isInSession(c.state)) return c;
  if (!mayStartMeeting(c.state)) throw new IllegalTransitionError(c.state, 'in-session');
  const calendarStart = Date.parse(c.timetable.parentsJoinAt ?? c.timetable.professionalsJoinAt);
  if (now.getTime() < calendarStart - earlyStartMinutes * 60_000)
    throw new ConflictError(
      `The meeting has not started yet: ${c.reference} starts at ${c.timetable.parentsJoinAt ?? c.timetable.professionalsJoinAt}`,
    );
  const at = toLondonIso(now);
  // Started on a later day than booked: its date, and every deadline counted from it, would be a day
  // no one was invited to. The reschedule tells everyone the real date first (trial finding).
  if (londonDate(now) > londonDate(c.startsAt))
    throw new ConflictError(
      `${c.reference} was booked for ${longDate(c.startsAt)} and today is ${longDate(at)}: a conference starts on the day it is booked for. Reschedule it to the real date and time first (‘Move it to a new date and time’ on the dashboard, or POST /api/conferences/${c.id}/reschedule), which tells everyone the new time, then start it`,
    );
  // Letters about coming to the meeting are pointless now: off the print list, kept on the record.
  const hardCopies = withdrawMeetingLetters(c.hardCopies, at);
  return { ...transition(c, 'in-session', { at, by }), heldOn: londonDate(now), ...(hardCopies ? { hardCopies } : {}) };
}

const earlyStart = (deps: AppDeps, c: Conference) => deps.policies.get(c.policyId).timings.earlyStartMinutes;

export async function startMeeting(deps: AppDeps, id: string, raw: unknown, actor: Actor): Promise<Conference> {
  const who = audited(actor, parseInput(ActorBody, raw ?? {}, 'request').by);
  await loadConference(deps.store, id);
  const now = deps.clock.now();
  const c = await deps.store.update(id, (cur) => startedConference(cur, now, who.actor, earlyStart(deps, cur)));
  await deps.store.audit(id, {
    at: toLondonIso(now),
    actor: who.actor,
    action: 'meeting.started',
    detail: { heldOn: c.heldOn, ...requested(who) },
  });
  return c;
}

export async function openViewRound(deps: AppDeps, id: string, raw: unknown, actor: Actor): Promise<Conference> {
  const who = audited(actor, parseInput(ActorBody, raw ?? {}, 'request').by);
  await loadConference(deps.store, id);
  const now = deps.clock.now();
  const at = toLondonIso(now);
  const c = await deps.store.update(id, (cur) => {
    const started = startedConference(cur, now, who.actor, earlyStart(deps, cur));
    if (started.viewRound?.state === 'open') return started;
    return { ...started, viewRound: { state: 'open', openedAt: at, openedBy: who.actor } };
  });
  await deps.store.audit(id, {
    at,
    actor: who.actor,
    action: 'views.opened',
    ...(who.requestedBy ? { detail: requested(who) } : {}),
  });
  return c;
}

export async function closeViewRound(deps: AppDeps, id: string, raw: unknown, actor: Actor): Promise<Conference> {
  const who = audited(actor, parseInput(ActorBody, raw ?? {}, 'request').by);
  await loadConference(deps.store, id);
  const at = toLondonIso(deps.clock.now());
  const c = await deps.store.update(id, (cur) => {
    if (!cur.viewRound) throw new ConflictError('The round of views has not been opened');
    if (cur.viewRound.state === 'closed') return cur;
    return { ...cur, viewRound: { ...cur.viewRound, state: 'closed', closedAt: at } };
  });
  await deps.store.audit(id, {
    at,
    actor: who.actor,
    action: 'views.closed',
    detail: { views: c.views.length, ...requested(who) },
  });
  return c;
}

/**
 * Records one view for one child: a person's own (professional, parent or carer), the child's own
 * view, or the family's joint view. Who may give which is domain/authority.ts, the same rule for
 * the API, the web pages and Teams. `channelActor` is the person proven by the channel (their link
 * or card): the view is theirs when it is their own, otherwise entered on someone's behalf.
 * Opens the round if the chair has not yet; refuses once the round is closed.
 */
export async function recordView(
  deps: AppDeps,
  id: string,
  raw: unknown,
  actor: Actor,
): Promise<{ conference: Conference; view: View }> {
  const current = await loadConference(deps.store, id);
  const policy = deps.policies.get(current.policyId);
  // Every problem at once: the schema's, whose view it is and may they give it, the policy's rules.
  const input = parseWithChecks(ViewBody, raw, 'view', (v) => checkViewBody(policy, current, v, actor).issues);
  const { attendee: a, authority: checked } = checkViewBody(policy, current, input, actor);
  if (!checked?.ok) throw new ConflictError('The view could not be checked'); // parseWithChecks refused it already
  const authority = checked;
  const attendeeId = a?.id;
  const now = deps.clock.now();
  const at = toLondonIso(now);
  const who = audited(actor, input.recordedBy);
  // Shown in letters as "recorded by the chair" when it is not the person's own entry: on a link or
  // card the proven actor; through the coordinator's key whoever the coordinator says typed it.
  const recordedBy = actor.via === 'coordinator' ? (input.recordedBy ?? attendeeId ?? 'coordinator') : who.actor;
  const view: View = {
    childId: input.childId,
    recordedBy,
    categories: input.categories,
    rationale: input.rationale,
    at,
    ...(attendeeId ? { attendeeId } : {}),
    ...(input.family ? { onBehalfOfFamily: true } : {}),
    ...(authority.voice === 'child' ? { childsVoice: { via: authority.via ?? 'chair' } } : {}),
    ...(input.mayShare ? { mayShare: input.mayShare } : {}),
    ...(input.recommendation ? { recommendation: input.recommendation } : {}),
    ...(input.scale !== undefined ? { scale: input.scale } : {}),
  };
  const conference = await deps.store.update(id, (cur) => {
    let c = cur;
    if (c.viewRound?.state === 'closed')
      throw new ConflictError('The chair has closed the round of views: views can no longer be changed');
    if (!isInSession(c.state)) c = startedConference(c, now, who.actor, earlyStart(deps, c));
    if (!c.viewRound) c = { ...c, viewRound: { state: 'open', openedAt: at, openedBy: who.actor } };
    return { ...c, views: upsertView(c.views, view) };
  });
  await deps.store.audit(id, {
    at,
    actor: who.actor,
    action: 'view.recorded',
    detail: {
      ...requested(who),
      childId: view.childId,
      attendeeId: attendeeId ?? (input.family ? 'family' : 'child'),
      voice: authority.voice,
      recommendation: view.recommendation ?? null,
    },
  });
  return { conference, view };
}

export async function recordAttendance(
  deps: AppDeps,
  id: string,
  raw: unknown,
  actor: Actor,
): Promise<{ conference: Conference; quorum: QuorumResult }> {
  const current = await loadConference(deps.store, id);
  // Unknown attendees in one list are named even when the other list is malformed (one 400 for all).
  const input = parseWithChecks(AttendanceBody, raw, 'attendance', (v) =>
    (['present', 'apologies'] as const).flatMap((field) => {
      const unknown = (v[field] ?? []).filter((x) => !current.attendees.some((a) => a.id === x));
      return unknown.length ? [{ field, message: `not attendees: ${unknown.join(', ')}` }] : [];
    }),
  );
  const at = toLondonIso(deps.clock.now());
  const who = audited(actor, input.by);
  const conference = await deps.store.update(id, (c) => ({
    ...c,
    attendance: { present: input.present, apologies: input.apologies, recordedAt: at, recordedBy: who.actor },
  }));
  const quorum = checkQuorum(deps.policies.get(current.policyId), current, input.present);
  await deps.store.audit(id, {
    at,
    actor: who.actor,
    action: 'attendance.recorded',
    detail: {
      ...requested(who),
      present: input.present.length,
      apologies: input.apologies.length,
      quorate: quorum.quorate,
    },
  });
  return { conference, quorum };
}

export async function recordExclusion(deps: AppDeps, id: string, raw: unknown, actor: Actor): Promise<Conference> {
  const current = await loadConference(deps.store, id);
  const policy = deps.policies.get(current.policyId);
  // Who and on which ground are checked together, and with the schema's own problems (one 400 for all).
  const input = parseWithChecks(ExclusionBody, raw, 'exclusion', (v) => [
    ...(v.attendeeId !== undefined && !current.attendees.some((a) => a.id === v.attendeeId)
      ? [{ field: 'attendeeId', message: `no attendee ${v.attendeeId} in ${current.reference}` }]
      : []),
    ...(v.ground !== undefined && !policy.exclusionGrounds.includes(v.ground)
      ? [
          {
            field: 'ground',
            message: `one of the ${policy.shortName} policy's grounds: ${policy.exclusionGrounds.join('; ')}`,
          },
        ]
      : []),
  ]);
  const at = toLondonIso(deps.clock.now());
  const who = audited(actor, input.by);
  const conference = await deps.store.update(id, (c) => ({
    ...c,
    exclusions: [
      ...(c.exclusions ?? []),
      { attendeeId: input.attendeeId, part: input.part, ground: input.ground, recordedAt: at, recordedBy: who.actor },
    ],
  }));
  await deps.store.audit(id, {
    at,
    actor: who.actor,
    action: 'exclusion.recorded',
    detail: { ...requested(who), attendeeId: input.attendeeId, part: input.part },
  });
  return conference;
}

export async function tickChecklist(deps: AppDeps, id: string, raw: unknown, actor: Actor): Promise<Conference> {
  const input = parseInput(ChecklistBody, raw, 'checklist tick');
  const current = await loadConference(deps.store, id);
  // An item this conference does not have (no interpreter needed, nothing to arrange) cannot be ticked.
  const policy = deps.policies.get(current.policyId);
  if (!checklistItemsFor(current, policy).includes(input.item))
    throw new ValidationError('Invalid checklist tick', [
      {
        field: 'item',
        message: `not on this conference's checklist (${notOnChecklistBecause(input.item, policy)})`,
      },
    ]);
  const at = toLondonIso(deps.clock.now());
  const who = audited(actor, input.by);
  const conference = await deps.store.update(id, (c) => ({
    ...c,
    checklist: {
      ...(c.checklist ?? {}),
      [input.item]: { at, by: who.actor, ...(input.note ? { note: input.note } : {}) },
    },
  }));
  await deps.store.audit(id, {
    at,
    actor: who.actor,
    action: 'checklist.ticked',
    detail: { ...requested(who), item: input.item, noted: Boolean(input.note) },
  });
  return conference;
}
