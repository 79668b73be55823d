/**
 * Arrangements that happen: interpreter and accessibility needs become tasks for the coordinator
 * (due the working day before the meeting), listed on the dashboard and in the chair's briefing.
 * When the interpreter is booked (or the needs arranged) the coordinator confirms it; the family
 * member's invitation is then sent again, in place, saying it "has been booked" — until then it
 * says "we are arranging".
 */
import { DateTime } from 'luxon';
import type { Conference } from '../../domain/conference.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import {
  advocacyReferralTasks,
  AFTER_MEETING_TASKS,
  arrangementTasks,
  birthPlanTasks,
  explainDecisionTasks,
  type ConferenceTask,
} from '../../domain/tasks.ts';
import { FAMILY_ROLES } from '../../domain/vocabulary.ts';
import { audited, requested, type Actor } from '../credentials/actor.ts';
import type { AppDeps } from '../deps.ts';
import { invitationsLive } from './family-arrangements.ts';
import { inviteUpdates } from '../invitations/invite-revision.ts';
import { loadConference } from '../shared/load.ts';
import { parseInput } from '../shared/parse.ts';
import { ActorBody } from '../meeting-day/schemas.ts';
import { withEffects, type FollowOnJob } from '../../domain/follow-on.ts';
import { followOnAfterWrite } from './follow-on.ts';
import { londonDate, parseLondonInstant, toLondonIso } from '../shared/time.ts';

/** The working day before the meeting, at the end of the working day. */
export function arrangementsDueAt(
  c: Pick<Conference, 'startsAt'>,
  policy: Policy,
  deps: Pick<AppDeps, 'calendar'>,
): string {
  const dayBefore = DateTime.fromISO(londonDate(c.startsAt)).minus({ days: 1 }).toISODate()!;
  const day = deps.calendar.previousWorkingDayOnOrBefore(dayBefore);
  return toLondonIso(parseLondonInstant(`${day}T${policy.endOfWorkingDay}`)!);
}

/** The policy's working days before the meeting, at the end of the working day: when a child must be referred to advocacy. */
export function referralDueAt(
  c: Pick<Conference, 'startsAt'>,
  policy: Policy,
  deps: Pick<AppDeps, 'calendar'>,
): string {
  const day = deps.calendar.addWorkingDays(
    deps.calendar.nextWorkingDayOnOrAfter(londonDate(c.startsAt)),
    -policy.participation.advocacyReferralDaysBefore,
  );
  return toLondonIso(parseLondonInstant(`${day}T${policy.endOfWorkingDay}`)!);
}

/**
 * The conference with a task for every interpreter or accessibility need not yet tracked, and a
 * referral to the advocacy service for each child of the age the policy offers an advocate at.
 */
export function withArrangementTasks(c: Conference, policy: Policy, deps: Pick<AppDeps, 'calendar'>): Conference {
  // Open arrangements follow the meeting's date (a reschedule, a confirmed review): due before the new one.
  const due = arrangementsDueAt(c, policy, deps);
  const referral = referralDueAt(c, policy, deps);
  let redated = false;
  const tasks = (c.tasks ?? []).map((t) => {
    if (t.status !== 'open' || AFTER_MEETING_TASKS.has(t.kind)) return t;
    const dueAt = t.kind === 'refer-to-advocacy' ? referral : due;
    if (dueAt === t.dueAt) return t;
    redated = true;
    return { ...t, dueAt };
  });
  const before = tasks.length;
  tasks.push(...arrangementTasks(tasks, c.attendees, due));
  const p = policy.participation;
  tasks.push(
    ...advocacyReferralTasks(
      tasks,
      c.children,
      londonDate(c.startsAt),
      {
        ...(p.advocateOfferedFromAge !== undefined ? { fromAge: p.advocateOfferedFromAge } : {}),
        ...(p.advocacyService ? { service: p.advocacyService } : {}),
      },
      referral,
    ),
  );
  return tasks.length > before || redated ? { ...c, tasks } : c;
}

/**
 * At approval: the social worker's task to explain the decision to each child of an age to understand,
 * due the policy's working days later, and to agree a pre-birth plan's birth plan before the due date.
 */
export function withExplainDecisionTasks(
  c: Conference,
  policy: Policy,
  deps: Pick<AppDeps, 'calendar'>,
  now: Date,
): Conference {
  const p = policy.participation;
  const today = londonDate(now);
  const due = deps.calendar.addWorkingDays(today, p.explainDecisionWithinWorkingDays);
  const onPlan = (c.decision?.outcomes ?? [])
    .filter((o) => o.outcome === 'child-protection-plan')
    .map((o) => o.childId);
  const added = explainDecisionTasks(
    c.tasks ?? [],
    c.children,
    today,
    { fromAge: p.explainDecisionFromAge, ...(p.childrensPlan ? { childrensPlan: p.childrensPlan } : {}) },
    toLondonIso(parseLondonInstant(`${due}T${policy.endOfWorkingDay}`)!),
    onPlan,
  );
  const withExplain = added.length ? [...(c.tasks ?? []), ...added] : (c.tasks ?? []);
  // A pre-birth plan: the social worker agrees the birth plan before the due date (timetable's birthPlanDue).
  const birthPlans = birthPlanTasks(withExplain, c.children, onPlan, c.timetable.birthPlanDue);
  return added.length || birthPlans.length ? { ...c, tasks: [...withExplain, ...birthPlans] } : c;
}

/** The coordinator confirms a task is done (the interpreter is booked): recorded, audited, and the person's invitation updated. */
export async function completeTask(
  deps: AppDeps,
  id: string,
  taskId: string,
  raw: unknown,
  actor: Actor,
): Promise<{ task: ConferenceTask; conference: Conference }> {
  const who = audited(actor, parseInput(ActorBody, raw ?? {}, 'request').by);
  const current = await loadConference(deps.store, id);
  if (!(current.tasks ?? []).some((t) => t.id === taskId))
    throw new NotFoundError(`No task "${taskId}" in ${current.reference}`);
  const now = deps.clock.now();
  const at = toLondonIso(now);
  // Its audit entry and the updated invitation's job are stored with it (follow-on.ts): should queueing
  // fail after the write, a repair queues it; confirming again finds the task done and sends nothing.
  let newlyDone = false;
  const stored = await deps.store.update(id, (c) => {
    const task = c.tasks!.find((t) => t.id === taskId)!;
    if (task.status !== 'open') return c;
    newlyDone = true;
    const subject = c.attendees.find((a) => a.id === task.subject);
    // The family member's invitation changes its wording: they get it again, in place.
    const resend = Boolean(
      subject && FAMILY_ROLES.has(subject.role) && invitationsLive(c) && Date.parse(c.startsAt) > now.getTime(),
    );
    const tasks = c.tasks!.map((t) =>
      t.id === taskId ? { ...t, status: 'done' as const, doneAt: at, doneBy: who.actor } : t,
    );
    const n = inviteUpdates(c, task.subject) + 1;
    const next: Conference = resend
      ? {
          ...c,
          tasks,
          inviteUpdates: { ...(c.inviteUpdates ?? {}), [task.subject]: n },
          arrangementUpdates: { ...(c.arrangementUpdates ?? {}), [task.subject]: n },
        }
      : { ...c, tasks };
    const audit = {
      actor: who.actor,
      action: 'task.done',
      detail: { taskId, kind: task.kind, subject: task.subject, ...requested(who) },
    };
    const jobs: FollowOnJob[] = resend
      ? [{ version: next.version, step: 'send-invites', attendeeId: task.subject, seq: n, runAt: now.toISOString() }]
      : [];
    return { ...next, followOn: withEffects(next, at, audit, [{ do: 'schedule', jobs }]) };
  });
  const conference = newlyDone ? await followOnAfterWrite(deps, stored) : stored;
  return { task: conference.tasks!.find((t) => t.id === taskId)!, conference };
}
