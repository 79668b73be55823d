/**
 * Booking core groups: the first at the conference (with the decision, invited at approval), later
 * ones through the API, rescheduled and cancelled in place. Every change re-plans the jobs: the
 * invitations of the new revision, the cancellations, and the nag when none is booked.
 */
import type { Conference } from '../../domain/conference.ts';
import {
  MAX_CORE_GROUP_REVISIONS,
  activeCoreGroups,
  checkCoreGroupBooking,
  checkMembers,
  coreGroupRecordDueAt,
  coreGroupMemberIds,
  coreGroupWarnings,
  type CoreGroupBooking,
  type CoreGroupMeeting,
} from '../../domain/core-groups.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../../domain/errors.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { withEffects } from '../../domain/follow-on.ts';
import { followOnAfterWrite, storedJobs } from '../conference/follow-on.ts';
import { CORE_GROUP_STEPS, coreGroupJobs } from './core-group-jobs.ts';
import { audited, requested, type Actor } from '../credentials/actor.ts';
import { CoreGroupBody, CoreGroupCancelBody, CoreGroupRescheduleBody } from './core-group-schemas.ts';
import type { AppDeps } from '../deps.ts';
import { loadConference } from '../shared/load.ts';
import { parseInput } from '../shared/parse.ts';
import { parseWithChecks } from '../shared/cross-check.ts';
import type { z } from 'zod/v4';
import type { CoreGroupInput } from '../meeting-day/schemas.ts';
import { parseLondonInstant, toLondonIso } from '../shared/time.ts';
import { DateTime } from 'luxon';
import { LONDON } from '../../domain/calendar/zone.ts';
import { notWorkingDayWarningOn } from '../../content/words.ts';
import { isApproved } from '../../domain/state-machine.ts';

const endsAt = (b: CoreGroupBooking & { durationMinutes: number }) =>
  toLondonIso(new Date(Date.parse(b.startsAt) + b.durationMinutes * 60_000));

/**
 * The booking's start as London time: a time without an offset is London wall time, never the
 * server's own zone (`Date.parse` would read `2027-04-06T14:00` as 14:00 UTC, 15:00 BST).
 */
const londonTime = (startsAt: string): string => toLondonIso(parseLondonInstant(startsAt)!);

function normalised(input: CoreGroupInput): CoreGroupBooking {
  return {
    startsAt: londonTime(input.startsAt),
    durationMinutes: input.durationMinutes,
    mode: input.mode,
    chairAttendeeId: input.chairAttendeeId,
    ...(input.venue ? { venue: input.venue } : {}),
  };
}

/** The policy's limits, and a weekend, bank holiday or closure day (London date), as warnings on the booking. */
function bookingWarnings(...args: Parameters<typeof coreGroupWarnings>): string[] {
  const [, , calendar, b] = args;
  const notWorking = notWorkingDayWarningOn(calendar, DateTime.fromISO(b.startsAt, { zone: LONDON }).toISODate()!);
  return [...coreGroupWarnings(...args), ...(notWorking ? [notWorking] : [])];
}

/**
 * A parent or carer who comes with an interpreter has them at the core group too: the interpreter
 * linked to them (`accompanies`), or one linked to nobody when a member needs one. Without this the
 * parent was invited alone after being told an interpreter is arranged (trial finding).
 */
function withInterpreters(c: Conference, members: string[]): string[] {
  const needs = c.attendees.some((a) => members.includes(a.id) && a.interpreterNeeded);
  const interpreters = c.attendees.filter(
    (a) => a.role === 'interpreter' && (a.accompanies ? members.includes(a.accompanies) : needs),
  );
  return [...new Set([...members, ...interpreters.map((a) => a.id)])];
}

/**
 * A new core group from a booking already checked. `members` defaults to the decision's core group,
 * the social worker and the core group's chair.
 */
export function newCoreGroup(
  c: Conference,
  policy: Policy,
  deps: Pick<AppDeps, 'calendar'>,
  input: CoreGroupInput,
  meta: { at: string; by: string; members?: string[] },
): CoreGroupMeeting {
  const b = normalised(input);
  const named = meta.members
    ? [...new Set([...meta.members, b.chairAttendeeId])]
    : coreGroupMemberIds(c, b.chairAttendeeId);
  const members = withInterpreters(c, named);
  return {
    ...b,
    id: `cg${(c.coreGroups ?? []).length + 1}`,
    revision: 1,
    state: 'booked',
    endsAt: endsAt(b),
    members,
    bookedAt: meta.at,
    bookedBy: meta.by,
    warnings: bookingWarnings(policy, c, deps.calendar, b),
    recordDueAt: coreGroupRecordDueAt(policy, { endsAt: endsAt(b) }, deps.calendar),
  };
}

/** The field-named problems of a booking, of whichever fields are given (`prefix` is `firstCoreGroup.` on the decision). */
export function bookingIssues(
  policy: Policy,
  c: Conference,
  input: Partial<CoreGroupInput>,
  now: Date,
  prefix = '',
  members?: string[],
): FieldIssue[] {
  const { startsAt, ...rest } = input;
  const b = { ...rest, ...(startsAt ? { startsAt: londonTime(startsAt) } : {}) };
  return [
    ...checkCoreGroupBooking(policy, c, b, now, prefix),
    ...(members ? checkMembers(c, members, `${prefix}members`) : []),
  ];
}

/** Throws the field-named problems of a booking (`prefix` is `firstCoreGroup.` on the decision). */
export function assertBookable(
  policy: Policy,
  c: Conference,
  input: CoreGroupInput,
  now: Date,
  prefix = '',
  members?: string[],
): void {
  const issues = bookingIssues(policy, c, input, now, prefix, members);
  if (issues.length) throw new ValidationError('Invalid core group', issues);
}

/**
 * A booking changed, with its audit entry and its jobs (invitations or cancellations, the record
 * deadline, a fresh nag) stored with it (follow-on.ts): should queueing fail after the write, a repair
 * queues them, and a coordinator told 202 does not book the core group again or find it cancelled.
 */
async function change(
  deps: AppDeps,
  id: string,
  actor: Actor,
  by: string | undefined,
  action: string,
  mutate: (c: Conference, at: string, who: string) => { c: Conference; g: CoreGroupMeeting },
) {
  await loadConference(deps.store, id);
  const at = toLondonIso(deps.clock.now());
  const who = audited(actor, by);
  let changed: CoreGroupMeeting | undefined;
  const stored = await deps.store.update(id, (cur) => {
    if (!isApproved(cur.state))
      throw new ConflictError(
        `${cur.reference} is ${cur.state}: core groups are booked once the chair has approved the decision`,
      );
    const r = mutate(cur, at, who.actor);
    const g = r.g;
    changed = g;
    const next = { ...r.c, coreGroupPlanRev: (cur.coreGroupPlanRev ?? 1) + 1 };
    const audit = {
      actor: who.actor,
      action,
      detail: {
        ...requested(who),
        coreGroup: g.id,
        revision: g.revision,
        startsAt: g.startsAt,
        chair: g.chairAttendeeId,
        members: g.members,
        ...(g.warnings.length ? { warnings: g.warnings } : {}),
      },
    };
    const jobs = storedJobs(coreGroupJobs(next, deps.policies.get(next.policyId), deps, [g]));
    return {
      ...next,
      followOn: withEffects(next, at, audit, [
        { do: 'cancel-steps', steps: [...CORE_GROUP_STEPS], keep: jobs },
        { do: 'schedule', jobs },
      ]),
    };
  });
  const conference = await followOnAfterWrite(deps, stored);
  return { conference, coreGroup: changed! };
}

export async function bookCoreGroup(deps: AppDeps, id: string, raw: unknown, actor: Actor) {
  const current = await loadConference(deps.store, id);
  const policy = deps.policies.get(current.policyId);
  const input = parseWithChecks(CoreGroupBody, raw, 'core group', (v) =>
    bookingIssues(policy, current, v, deps.clock.now(), '', v.members),
  );
  return change(deps, id, actor, input.by, 'core-group.booked', (c, at, by) => {
    const g = newCoreGroup(c, policy, deps, input, { at, by, ...(input.members ? { members: input.members } : {}) });
    return { c: { ...c, coreGroups: [...(c.coreGroups ?? []), g] }, g };
  });
}

function find(c: Conference, cgId: string): CoreGroupMeeting {
  const g = (c.coreGroups ?? []).find((x) => x.id === cgId);
  if (!g) throw new NotFoundError(`No core group ${cgId} in ${c.reference}`);
  if (g.state === 'cancelled')
    throw new ConflictError(`Core group ${cgId} of ${c.reference} is cancelled: book a new one`);
  return g;
}

const replace = (c: Conference, g: CoreGroupMeeting): Conference => ({
  ...c,
  coreGroups: (c.coreGroups ?? []).map((x) => (x.id === g.id ? g : x)),
});

export async function rescheduleCoreGroup(deps: AppDeps, id: string, cgId: string, raw: unknown, actor: Actor) {
  const current = await loadConference(deps.store, id);
  const policy = deps.policies.get(current.policyId);
  const was = find(current, cgId);
  const merged = (input: Partial<z.output<typeof CoreGroupRescheduleBody>>) => ({
    ...(input.startsAt ? { startsAt: input.startsAt } : {}),
    durationMinutes: input.durationMinutes ?? was.durationMinutes,
    mode: input.mode ?? was.mode,
    chairAttendeeId: input.chairAttendeeId ?? was.chairAttendeeId,
    ...((input.venue ?? was.venue) ? { venue: input.venue ?? was.venue! } : {}),
  });
  const input = parseWithChecks(CoreGroupRescheduleBody, raw, 'core group', (v) =>
    bookingIssues(policy, current, merged(v), deps.clock.now()),
  );
  const next: CoreGroupInput = { ...merged(input), startsAt: input.startsAt };
  if (was.revision >= MAX_CORE_GROUP_REVISIONS)
    throw new ConflictError(`Core group ${cgId} has been changed ${was.revision} times: cancel it and book a new one`);
  return change(deps, id, actor, input.by, 'core-group.rescheduled', (c, at) => {
    const cur = find(c, cgId);
    const b = normalised(next);
    const g: CoreGroupMeeting = {
      ...cur,
      ...b,
      endsAt: endsAt(b),
      revision: cur.revision + 1,
      members: cur.members.includes(b.chairAttendeeId) ? cur.members : [...cur.members, b.chairAttendeeId],
      warnings: bookingWarnings(policy, c, deps.calendar, b, cgId),
      recordDueAt: coreGroupRecordDueAt(policy, { endsAt: endsAt(b) }, deps.calendar),
      rsvps: {},
      bookedAt: at,
    };
    if (!g.venue) delete g.venue;
    return { c: replace(c, g), g };
  });
}

export async function cancelCoreGroup(deps: AppDeps, id: string, cgId: string, raw: unknown, actor: Actor) {
  const input = parseInput(CoreGroupCancelBody, raw, 'cancellation');
  find(await loadConference(deps.store, id), cgId);
  return change(deps, id, actor, input.by, 'core-group.cancelled', (c, at) => {
    const g: CoreGroupMeeting = {
      ...find(c, cgId),
      state: 'cancelled',
      revision: find(c, cgId).revision + 1,
      cancelledAt: at,
    };
    return { c: replace(c, g), g };
  });
}

export const upcomingCoreGroups = (c: Conference, now: Date) =>
  activeCoreGroups(c).filter((g) => Date.parse(g.endsAt) > now.getTime());
