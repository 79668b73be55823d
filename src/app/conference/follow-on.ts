/**
 * Carries out a stored change's follow-on work (domain/follow-on.ts): the old version's jobs
 * removed, the new version's queued (or, for an approval, the letters and what follows), the audit
 * written, then the marker cleared. Every part is
 * safe to repeat (job ids are deterministic and a job that has run is not queued again), so the
 * same function serves the request that made the change, the repair job it queues when that
 * failed, and the sweep at start-up, after a Redis reconnection and periodically (jobs/follow-on-sweep.ts).
 */
import { createHash } from 'node:crypto';
import type { Conference } from '../../domain/conference.ts';
import type { FollowOnJob, PendingFollowOn } from '../../domain/follow-on.ts';
import type { ScheduledJob } from '../../ports/jobs.ts';
import { isUnsentClaim, ledgerKey, recordManualDelivery, skipUnsent } from '../shared/deliver.ts';
import type { AppDeps } from '../deps.ts';
import { retryHeldUp } from '../shared/retry-held-up.ts';
import { planConferenceJobs } from '../follow-ups/plan-jobs.ts';
import { auditSuperseded } from '../reports/inbound-superseded.ts';
import { planAfterApproval } from '../circulation/plan-after-approval.ts';
import { replanCoreGroupJobs } from '../core-groups/core-group-jobs.ts';
import { activeCoreGroups } from '../../domain/core-groups.ts';
import { planActionJobs } from '../follow-ups/plan-action-jobs.ts';

/** Does the conference's pending follow-on work, if any; answers the conference as stored after it. */
export async function completeFollowOn(deps: AppDeps, c: Conference): Promise<Conference> {
  const f = c.followOn;
  if (!f) return c;
  const counted = await doEffects(deps, c, f);
  const removed = await doJobs(deps, c, f);
  // The marker is taken before the audit is written, so a repair job and a sweep that both got
  // here (they may) write it once: only the one whose update took these entries writes them.
  let took = false;
  const after = await deps.store.update(c.id, (now) => {
    const t = take(now.followOn, f);
    took = t.took;
    return { ...now, followOn: t.rest };
  });
  if (!took) return after;
  // Each entry's detail with what its effects (and, for the last, the kind's work) removed.
  const entries = f.audit.map(({ effects: _done, ...e }, i) => ({
    ...e,
    detail: {
      ...e.detail,
      ...counted[i],
      ...(i === f.audit.length - 1 && removed !== undefined ? { jobsRemoved: removed } : {}),
    },
  }));
  for (const [i, e] of entries.entries()) {
    try {
      await deps.store.audit(c.id, {
        at: e.at,
        actor: e.actor,
        action: e.action,
        ...(Object.keys(e.detail).length ? { detail: e.detail } : {}),
      });
    } catch (err) {
      // Not written: handed back to the marker (before any later change's), for the next try; its effects are done.
      const unwritten = entries.slice(i);
      await deps.store.update(c.id, (now) => ({
        ...now,
        followOn: { ...(now.followOn ?? f), audit: [...unwritten, ...(now.followOn?.audit ?? [])] },
      }));
      throw err;
    }
    if (e.superseded?.length)
      await auditSuperseded(deps, c, e.superseded, e.at, e.supersededBecause ?? 'conference-ended');
  }
  return after;
}

/**
 * The smaller changes' effects, entry by entry in order (before the kind's own work, which came
 * after them or replans everything anyway). Jobs of a schedule version that has moved on are not
 * queued (they would do nothing). Answers, per entry, the counts its audit detail names.
 */
async function doEffects(deps: AppDeps, c: Conference, f: PendingFollowOn): Promise<Record<string, number>[]> {
  const counted: Record<string, number>[] = [];
  for (const entry of f.audit) {
    const counts: Record<string, number> = {};
    for (const e of entry.effects ?? []) {
      switch (e.do) {
        case 'schedule':
          await deps.jobs.schedule(scheduled(c, e.jobs).filter((j) => j.version === c.version));
          break;
        case 'cancel-attendee': {
          const n = await deps.jobs.cancelAttendee(c.id, e.attendeeId, e.steps);
          if (e.countAs) counts[e.countAs] = (counts[e.countAs] ?? 0) + n;
          break;
        }
        case 'cancel-steps': {
          const n = await deps.jobs.cancelSteps(c.id, e.steps, scheduled(c, e.keep));
          if (e.countAs) counts[e.countAs] = (counts[e.countAs] ?? 0) + n;
          break;
        }
        case 'skip-unsent': {
          const ledger = await deps.ledger.list(c.id);
          const closed: string[] = [];
          for (const step of e.steps)
            for (const recipient of e.recipients)
              if (isUnsentClaim(ledger[ledgerKey(step, recipient, c.version)]?.state)) {
                await skipUnsent(deps, c, { step, recipient, reason: e.reason });
                closed.push(ledgerKey(step, recipient, c.version));
              }
          // A refused address of a send no longer needed is nobody's to correct now.
          if (c.refusedAddresses?.some((r) => closed.includes(r.key)))
            await deps.store.update(c.id, (cur) => ({
              ...cur,
              refusedAddresses: (cur.refusedAddresses ?? []).filter((r) => !closed.includes(r.key)),
            }));
          // A job of these steps that failed for them now finds nothing to do for them, and leaves the failed list.
          if (closed.length) await retryHeldUp(deps, c.id, e.reason, e.steps);
          break;
        }
        case 'record-delivery':
          await recordManualDelivery(deps, c, e);
          break;
      }
    }
    counted.push(counts);
  }
  return counted;
}

/** The stored jobs as the scheduler takes them. */
function scheduled(c: Conference, jobs: readonly FollowOnJob[]): ScheduledJob[] {
  return jobs.map((j) => ({ ...j, conferenceId: c.id, runAt: new Date(j.runAt) }) as ScheduledJob);
}

/** Jobs as a change stores them with itself (FollowOnJob): the conference is the marker's own. */
export function storedJobs(jobs: readonly ScheduledJob[]): FollowOnJob[] {
  return jobs.map(({ conferenceId: _own, runAt, ...j }) => ({ ...j, runAt: runAt.toISOString() }) as FollowOnJob);
}

/** The jobs of the change: what it removes (how many, for the audit) and what it queues, if still current. */
async function doJobs(deps: AppDeps, c: Conference, f: PendingFollowOn): Promise<number | undefined> {
  const current = f.version === c.version;
  const policy = deps.policies.get(c.policyId);
  switch (f.kind) {
    case 'effects':
      return undefined;
    case 'create':
      if (current) await deps.jobs.schedule(planConferenceJobs(c, policy, deps));
      return undefined;
    case 'approve': {
      if (!current) return undefined;
      await deps.jobs.schedule(planAfterApproval(c, policy, deps));
      // The core group booked at the conference is invited now; one already under way is covered by the conference's own entry.
      const now = deps.clock.now().getTime();
      const coming = activeCoreGroups(c).filter((g) => Date.parse(g.startsAt) > now);
      await replanCoreGroupJobs(deps, c, coming);
      await deps.jobs.schedule(planActionJobs(c, policy, deps));
      return undefined;
    }
    case 'close':
      // Closing keeps the version: every job goes.
      return deps.jobs.cancelConference(c.id);
    case 'replan':
    case 'withdraw': {
      // Both bumped the version: every older job goes, then the new version's are queued.
      const removed = await deps.jobs.cancelConference(c.id, f.version);
      if (current && f.kind === 'replan') await deps.jobs.schedule(planConferenceJobs(c, policy, deps));
      if (current && f.kind === 'withdraw')
        await deps.jobs.schedule([
          { conferenceId: c.id, version: c.version, step: 'send-cancellations', runAt: new Date(f.since) },
        ]);
      return removed;
    }
  }
}

/**
 * The marker once `done`'s audit entries are taken: gone, unless a later change added its own work
 * meanwhile. Not taken when they are no longer at its head (another run took them).
 */
function take(now: PendingFollowOn | undefined, done: PendingFollowOn): { rest?: PendingFollowOn; took: boolean } {
  if (!now) return { took: false };
  const n = done.audit.length;
  if (JSON.stringify(now.audit.slice(0, n)) !== JSON.stringify(done.audit)) return { rest: now, took: false };
  const left = now.audit.slice(n);
  const finished = now.kind === done.kind && now.version === done.version && left.length === 0;
  return { ...(finished ? {} : { rest: { ...now, audit: left } }), took: true };
}

/**
 * After a use-case stored a change with its follow-on marker: does the work now. If that fails the
 * change stands (it is stored), so the coordinator is not told "nothing was changed": a repair job
 * is queued (retried with backoff, in the failed list if it keeps failing) and the conference is
 * answered as the change left it, its marker still set, which the routes answer as 202 with what is still to happen.
 * Should the repair job not queue either, the sweep at start-up, after a reconnection or the periodic one does it.
 */
export async function followOnAfterWrite(deps: AppDeps, c: Conference): Promise<Conference> {
  try {
    await completeFollowOn(deps, c);
    // The conference as the change left it (jobs queued meanwhile may already have moved it on).
    const { followOn: _done, ...rest } = c;
    return rest;
  } catch (err) {
    deps.logger.error('change stored, its follow-on work failed: a repair is queued', {
      conferenceId: c.id,
      kind: c.followOn?.kind,
      err,
    });
    await deps.jobs
      .schedule([
        {
          conferenceId: c.id,
          version: c.version,
          step: 'complete-follow-on',
          seq: repairSeq(c),
          runAt: deps.clock.now(),
        },
      ])
      .catch((e: unknown) =>
        deps.logger.error('repair of a follow-on could not be queued: the next sweep does it', {
          conferenceId: c.id,
          err: e,
        }),
      );
    return c;
  }
}

/**
 * The repair job's number, from the pending work it is queued for: a job id that has run is never
 * queued again, so one repair per version would leave a later change's work on that version (a second
 * attendee added, a core group moved after it was booked) to the periodic sweep. The same work asks
 * for the same job; two pieces of work sharing a number (1 in 10,000) wait for the sweep, as before.
 */
function repairSeq(c: Conference): number {
  const digest = createHash('sha256')
    .update(JSON.stringify(c.followOn ?? null))
    .digest();
  return 1 + (digest.readUInt32BE(0) % 10_000);
}

/** The repair job's step: whatever follow-on work the conference still has. */
export async function completeFollowOnStep(deps: AppDeps, c: Conference): Promise<void> {
  await completeFollowOn(deps, c);
}

/**
 * Every conference whose follow-on work is still pending (the store's index), each done in turn;
 * one that fails is logged and left for its repair job or the next sweep. Answers how many were done.
 */
export async function completePendingFollowOns(deps: AppDeps): Promise<number> {
  const ids = (await deps.store.withFollowOnPending?.()) ?? [];
  let done = 0;
  for (const id of ids.sort()) {
    try {
      const c = await deps.store.get(id);
      if (c?.followOn) {
        await completeFollowOn(deps, c);
        done++;
      }
    } catch (err) {
      deps.logger.error('pending follow-on could not be completed: left for the next try', { conferenceId: id, err });
    }
  }
  return done;
}
