/**
 * A core group member's answer to its invitation, however it came: the coordinator on their behalf
 * (API), the member's own signed link, or a calendar reply from them (iTIP REPLY on the core group's
 * UID and current SEQUENCE). One use-case: answers close when the core group starts, and an answer to
 * an earlier revision (a SEQUENCE since replaced by a reschedule) is not recorded.
 */
import type { Conference } from '../../domain/conference.ts';
import { type CoreGroupMeeting } from '../../domain/core-groups.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import type { RsvpState } from '../../domain/vocabulary.ts';
import { audited, type Actor } from '../credentials/actor.ts';
import { CoreGroupRsvpBody } from './core-group-schemas.ts';
import type { AppDeps } from '../deps.ts';
import { loadConference } from '../shared/load.ts';
import { parseInput } from '../shared/parse.ts';
import { toLondonIso } from '../shared/time.ts';

/** The calendar UID of a core group's entry: one per core group, every member's the same. */
export const coreGroupUid = (c: Pick<Conference, 'id'>, g: Pick<CoreGroupMeeting, 'id'>, policy: Policy): string =>
  `cpc-${c.id}-${g.id}@${policy.sender.address.split('@')[1]}`;

/** The core group id in one of our core group calendar UIDs (`cpc-<conference>-cg2@…`). */
export const coreGroupIdFromUid = (uid: string): string | undefined =>
  /^cpc-[a-z0-9]{6,32}-(cg\d{1,3})@/i.exec(uid)?.[1];

function answerable(c: Conference, cgId: string, attendeeId: string, now: Date, sequence?: number): CoreGroupMeeting {
  const g = (c.coreGroups ?? []).find((x) => x.id === cgId);
  if (!g) throw new NotFoundError(`No core group ${cgId} in ${c.reference}`);
  if (g.state === 'cancelled') throw new ConflictError(`Core group ${cgId} of ${c.reference} is cancelled`);
  if (Date.parse(g.startsAt) <= now.getTime())
    throw new ConflictError(`Core group ${cgId} of ${c.reference} has started: answers are closed`);
  if (!g.members.includes(attendeeId))
    throw new ValidationError('Invalid answer', [
      { field: 'attendeeId', message: `${attendeeId} is not a member of core group ${cgId}` },
    ]);
  if (sequence !== undefined && sequence < g.revision - 1)
    throw new ConflictError(
      `The reply answers an earlier invitation to core group ${cgId} (SEQUENCE ${sequence}, current ${g.revision - 1}): not recorded`,
    );
  return g;
}

/** Records a member's answer, already proven to be theirs (or given by the coordinator: `actor`). */
export async function answerCoreGroup(
  deps: AppDeps,
  answer: { conferenceId: string; coreGroupId: string; attendeeId: string; state: RsvpState; sequence?: number },
  actor?: Actor,
): Promise<CoreGroupMeeting> {
  const { conferenceId: id, coreGroupId: cgId, attendeeId } = answer;
  const now = deps.clock.now();
  const at = toLondonIso(now);
  // The same answer again (a replayed link or calendar reply) keeps the first and is not audited again.
  let changed = false;
  const c = await deps.store.update(id, (cur) => {
    const g = answerable(cur, cgId, attendeeId, now, answer.sequence);
    changed = g.rsvps?.[attendeeId]?.state !== answer.state;
    if (!changed) return cur;
    const rsvps = { ...(g.rsvps ?? {}), [attendeeId]: { state: answer.state, at } };
    return { ...cur, coreGroups: (cur.coreGroups ?? []).map((x) => (x.id === g.id ? { ...g, rsvps } : x)) };
  });
  if (!changed) return c.coreGroups!.find((x) => x.id === cgId)!;
  await deps.store.audit(id, {
    at,
    actor: actor ? audited(actor, undefined).actor : attendeeId,
    action: 'core-group.rsvp',
    detail: { coreGroup: cgId, attendeeId, answer: answer.state },
  });
  return c.coreGroups!.find((x) => x.id === cgId)!;
}

/** The coordinator's API: a member's answer given on their behalf. */
export async function recordCoreGroupRsvp(deps: AppDeps, id: string, cgId: string, raw: unknown, actor: Actor) {
  const input = parseInput(CoreGroupRsvpBody, raw, 'answer');
  await loadConference(deps.store, id);
  return answerCoreGroup(
    deps,
    { conferenceId: id, coreGroupId: cgId, attendeeId: input.attendeeId, state: input.answer },
    actor,
  );
}

/**
 * A calendar reply on a core group's UID, from a sender already proven to be `attendeeId`: it must
 * name this core group's entry in our domain and a SEQUENCE that was sent.
 */
export async function recordCoreGroupCalendarReply(
  deps: AppDeps,
  c: Conference,
  attendeeId: string,
  reply: { uid: string; partstat: RsvpState; sequence: number },
): Promise<void> {
  const cgId = coreGroupIdFromUid(reply.uid);
  const g = c.coreGroups?.find((x) => x.id === cgId);
  const policy = deps.policies.get(c.policyId);
  if (!g || reply.uid.toLowerCase() !== coreGroupUid(c, g, policy).toLowerCase())
    throw new NotFoundError(`The reply names a core group calendar entry that ${c.reference} does not have`);
  if (reply.sequence > g.revision - 1)
    throw new ConflictError(
      `The reply to core group ${g.id} answers an invitation that was never sent (SEQUENCE ${reply.sequence})`,
    );
  await answerCoreGroup(deps, {
    conferenceId: c.id,
    coreGroupId: g.id,
    attendeeId,
    state: reply.partstat,
    sequence: reply.sequence,
  });
}
