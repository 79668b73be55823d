import { z } from 'zod/v4';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import {
  ConflictError,
  IllegalTransitionError,
  NotFoundError,
  ValidationError,
  type FieldIssue,
} from '../../domain/errors.ts';
import { allocateIds, highestAttendeeInKeys, idCounters } from '../../domain/ids.ts';
import { nextFamilyNumber } from '../../domain/report-sharing.ts';
import { planReportChasing } from '../../domain/report-schedule.ts';
import { isBeforeMeeting, isDraft } from '../../domain/state-machine.ts';
import { REPORTING_ROLES, ROLE_LABELS } from '../../domain/vocabulary.ts';
import type { ScheduledJob } from '../../ports/jobs.ts';
import { buildAttendees, reportRecords } from './create-conference.ts';
import type { AppDeps } from '../deps.ts';
import { withArrangementTasks } from './tasks.ts';
import { referralChaserJobs } from '../follow-ups/plan-jobs.ts';
import { linkVersion } from '../credentials/links.ts';
import { loadConference } from '../shared/load.ts';
import { parseInput } from '../shared/parse.ts';
import { AttendeeInput, childAttendeeWhich, companionIssues } from './attendee-schemas.ts';
import { withdrawalRevision } from '../invitations/invite-revision.ts';
import { sendCancellationTo } from '../invitations/cancellation-steps.ts';
import { invitedAlreadyJobs, withInvitedAlreadyUpdates } from '../invitations/invited-already-updates.ts';
import { toLondonIso } from '../shared/time.ts';
import { withEffects } from '../../domain/follow-on.ts';
import { followOnAfterWrite, storedJobs } from './follow-on.ts';
import { retryHeldUp } from '../shared/retry-held-up.ts';

const who = z.string().trim().min(1).max(120);
export const AddAttendeeBody = z.object({ attendee: AttendeeInput, requestedBy: who }).strict();
export const RemoveAttendeeBody = z.object({ reason: z.string().trim().min(1).max(1000), requestedBy: who }).strict();

function assertBeforeMeeting(c: Conference, what: string): void {
  if (!isBeforeMeeting(c.state)) throw new IllegalTransitionError(c.state, c.state, `${what} only before the meeting`);
}

/**
 * Adds someone after the invitations went out (a deputy, a newly involved agency): they get their
 * own invitation and, if they write reports, their own request and chasers. Nobody else is re-sent
 * anything, except a parent whose invitation now says something else (their child or solicitor invited).
 */
export async function addAttendee(
  deps: AppDeps,
  id: string,
  raw: unknown,
  actor = 'coordinator',
): Promise<{ conference: Conference; attendee: Attendee }> {
  const input = parseInput(AddAttendeeBody, raw, 'attendee');
  const current = await loadConference(deps.store, id);
  assertBeforeMeeting(current, 'attendees can be added');
  const policy = deps.policies.get(current.policyId);
  const a = input.attendee;
  const issues: FieldIssue[] = [];
  if (a.role === 'chair')
    issues.push({ field: 'attendee.role', message: 'a conference has exactly one chair already' });
  if (a.preMeetingStartsAt)
    issues.push({ field: 'attendee.preMeetingStartsAt', message: 'set separate slots with POST /pre-meeting-slots' });
  if (policy.reports.managerEmailRequired && REPORTING_ROLES.has(a.role) && !a.managerEmail)
    issues.push({
      field: 'attendee.managerEmail',
      message: `the ${policy.shortName} policy asks every professional for their manager's email`,
    });
  issues.push(
    ...companionIssues(
      [{ id: '', role: a.role, accompanies: a.accompanies }],
      current.attendees,
      () => 'attendee.accompanies',
    ),
  );
  if (a.role === 'child' && !a.childIds && current.children.length > 1)
    issues.push({ field: 'attendee.childIds', message: childAttendeeWhich(current.children.length) });
  (a.childIds ?? []).forEach((cid, j) => {
    if (!current.children.some((ch) => ch.id === cid))
      issues.push({
        field: `attendee.childIds.${j}`,
        message: `no child ${cid} in ${current.reference} (${current.children.map((ch) => ch.id).join(', ')})`,
      });
  });
  if (a.email && current.attendees.some((x) => x.email?.toLowerCase() === a.email!.toLowerCase()))
    issues.push({ field: 'attendee.email', message: 'already an attendee with this address' });
  if (issues.length) throw new ValidationError('Invalid attendee', issues);

  const now = deps.clock.now();
  const at = toLondonIso(now);
  const seen = await idsSeenOutside(deps, current);
  let added!: Attendee;
  // Their jobs and the audit entry are stored with them (follow-on.ts): should queueing fail after
  // the write, they are queued by a repair, and the coordinator is not told to add them again.
  const stored = await deps.store.update(id, (c) => {
    assertBeforeMeeting(c, 'attendees can be added');
    // A fresh id from the conference's counter, never the highest present + 1: that would hand a
    // removed attendee's id (and so their old links and reply address) to the newcomer.
    const issued = allocateIds(c, 'attendee', 1, seen);
    added = buildAttendees([a], Number(issued.ids[0]!.slice(1)), nextFamilyNumber(c))[0]!;
    // A child attendee or a solicitor changes what their parent's invitation says: it goes again.
    const { conference: next, changed } = withInvitedAlreadyUpdates(
      c,
      withArrangementTasks(
        {
          ...issued.conference,
          attendees: [...c.attendees, added],
          reports: { ...c.reports, ...reportRecords([added], c.timetable) },
        },
        policy,
        deps,
      ),
    );
    const audit = {
      actor,
      action: 'attendee.added',
      detail: { attendeeId: added.id, role: added.role, requestedBy: input.requestedBy },
    };
    const jobs = isDraft(next.state)
      ? []
      : [...newcomerJobs(deps, next, added, now), ...invitedAlreadyJobs(next, changed, now)];
    return { ...next, followOn: withEffects(next, at, audit, [{ do: 'schedule', jobs: storedJobs(jobs) }]) };
  });
  const conference = await followOnAfterWrite(deps, stored);
  return { conference, attendee: added };
}

/** The newcomer's invitation, their report request and chasers, and the jobs of tasks opened with them. */
function newcomerJobs(deps: AppDeps, conference: Conference, added: Attendee, now: Date): ScheduledJob[] {
  const policy = deps.policies.get(conference.policyId);
  const base = { conferenceId: conference.id, version: conference.version };
  const jobs: ScheduledJob[] = [{ ...base, step: 'send-invites', seq: Number(added.id.slice(1)), runAt: now }];
  const only = { attendees: [added], reports: conference.reports, timetable: conference.timetable };
  // Their request is a job of its own (their number: the conference's may have run); each chaser
  // is the shared job of its step and time, the same job as other authors due then if they have one.
  for (const j of planReportChasing(only, policy, deps.calendar, now)) {
    if (j.step === 'reports-missing-flag' || j.attendeeId !== added.id) continue;
    const runAt = new Date(j.runAt);
    jobs.push(
      j.step === 'report-request'
        ? { ...base, step: j.step, seq: Number(added.id.slice(1)), runAt }
        : { ...base, step: j.step, runAt },
    );
  }
  // A task opened with this attendee gets its job now, not at the next reschedule.
  jobs.push(...referralChaserJobs(conference, now));
  return jobs;
}

/**
 * For a conference stored before id counters: the highest attendee number its audit trail and send
 * ledger mention, so someone removed before the upgrade is not given out again. Nothing to read once
 * the conference has its counters.
 */
async function idsSeenOutside(deps: AppDeps, c: Conference): Promise<{ attendee: number }> {
  if (c.idCounters) return { attendee: 0 };
  const [audit, ledger] = await Promise.all([deps.store.readAudit(c.id), deps.ledger.list(c.id)]);
  const mentioned = audit.flatMap((e) => [e.actor, String(e.detail?.['attendeeId'] ?? '')]);
  return { attendee: Math.max(highestAttendeeInKeys(mentioned), highestAttendeeInKeys(Object.keys(ledger))) };
}

/**
 * Removes someone before the meeting: their pending jobs go, anyone already invited gets a
 * cancellation, and a parent whose invitation said they were invited (their child, solicitor or
 * supporter) gets an updated one. The audit entry and those updates are stored with the removal (follow-on.ts).
 */
export async function removeAttendee(
  deps: AppDeps,
  id: string,
  attendeeId: string,
  raw: unknown,
  actor = 'coordinator',
): Promise<Conference> {
  const input = parseInput(RemoveAttendeeBody, raw, 'removal');
  const current = await loadConference(deps.store, id);
  assertBeforeMeeting(current, 'attendees can be removed');
  const a = current.attendees.find((x) => x.id === attendeeId);
  if (!a) throw new NotFoundError(`No attendee "${attendeeId.slice(0, 20)}" in ${current.reference}`);
  if (a.role === 'chair')
    throw new ValidationError('Invalid removal', [
      { field: 'attendeeId', message: 'the chair cannot be removed: a conference always has exactly one chair' },
    ]);
  // A companion gets what the person they come with gets: left linked to nobody, they would still be
  // invited to that person's private time with the chair. The coordinator relinks or removes them first.
  const companions = current.attendees.filter((x) => x.accompanies === a.id);
  if (companions.length)
    throw new ValidationError('Invalid removal', [
      {
        field: 'attendeeId',
        message: `${companions.map((x) => `the ${ROLE_LABELS[x.role].toLowerCase()} ${x.id}`).join(' and ')} ${companions.length > 1 ? 'come' : 'comes'} with ${a.id}: remove them or link them to someone else first (accompanies)`,
      },
    ]);
  const sent = await deps.ledger.list(id);
  // An invitation being sent to them now (claimed by the batch, the mail server not done) would go
  // after this looked, with no withdrawal: refused until it has gone, then withdrawn as any other.
  const checkedAt = deps.clock.now().getTime();
  const sending = Object.entries(sent).some(
    ([k, e]) =>
      k.startsWith(`send-invites-${a.id}-`) && e.state === 'sending' && Date.parse(e.leaseUntil ?? '9999') > checkedAt,
  );
  if (sending)
    throw new ConflictError(
      `An invitation to ${a.id} is being sent now: remove them again in a minute, once it has gone`,
    );
  const removedJobs = await deps.jobs.cancelAttendee(id, a.id);
  // The reason stays in the audit trail: it may be confidential, so it is not put in their cancellation.
  if (Object.entries(sent).some(([k, e]) => k.startsWith(`send-invites-${a.id}-`) && e.state === 'sent'))
    await sendCancellationTo(
      deps,
      current,
      a,
      'attendee-removed',
      undefined,
      withdrawalRevision(current, a.id, toLondonIso(deps.clock.now())),
    );
  const seen = await idsSeenOutside(deps, current);
  const now = deps.clock.now();
  const at = toLondonIso(now);
  const stored = await deps.store.update(id, (c) => {
    const reports = { ...c.reports };
    delete reports[a.id];
    const after: Conference = {
      ...c,
      // Their interpreter or access needs are no longer to arrange: the tasks leave the worklist.
      ...(c.tasks?.some((t) => t.subject === a.id && t.status === 'open')
        ? {
            tasks: c.tasks.map((t) =>
              t.subject === a.id && t.status === 'open'
                ? {
                    ...t,
                    status: 'not-needed' as const,
                    notNeeded: 'removed from the conference',
                    doneAt: at,
                    doneBy: 'system',
                  }
                : t,
            ),
          }
        : {}),
      // The counter is written before the id leaves the attendee list, so it is never issued again;
      // the higher link version refuses every link (and reply address) the person was sent.
      idCounters: idCounters(c, seen),
      linkVersions: { ...(c.linkVersions ?? {}), [a.id]: linkVersion(c, a.id) + 1 },
      attendees: c.attendees.filter((x) => x.id !== a.id),
      reports,
    };
    // A child attendee, a solicitor or a supporter gone changes what their parent's invitation says
    // (and a companion's count of children invited): it goes again, as when one is added.
    const { conference: next, changed } = withInvitedAlreadyUpdates(c, after);
    const audit = {
      actor,
      action: 'attendee.removed',
      detail: {
        attendeeId: a.id,
        role: a.role,
        reason: input.reason,
        requestedBy: input.requestedBy,
        jobsRemoved: removedJobs,
      },
    };
    const jobs = invitedAlreadyJobs(next, changed, now);
    return {
      ...next,
      // An address of theirs refused by the mail server is no longer the coordinator's to correct.
      ...(c.refusedAddresses?.some((r) => r.attendeeId === a.id)
        ? { refusedAddresses: c.refusedAddresses.filter((r) => r.attendeeId !== a.id) }
        : {}),
      followOn: withEffects(next, at, audit, [{ do: 'schedule', jobs: storedJobs(jobs) }]),
    };
  });
  const conference = await followOnAfterWrite(deps, stored);
  // A job held up by them (their refused address, their report chased) has nothing left to do for them.
  await retryHeldUp(deps, id, `${a.id} was removed`);
  return conference;
}
