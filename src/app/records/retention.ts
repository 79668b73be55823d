/**
 * Retention: a closed or cancelled conference is purged RETENTION_DAYS after its last change, and
 * only once its full record has been exported as it now stands (the current revision) (so nothing leaves the service
 * unrecorded). Each purge leaves an entry in the separate purge log: ids and reference only.
 */
import type { AppDeps } from '../deps.ts';
import { toLondonIso } from '../shared/time.ts';
import { isEnded } from '../../domain/state-machine.ts';

const DAY_MS = 24 * 3600 * 1000;

export interface RetentionResult {
  retentionDays: number;
  purged: { id: string; reference: string }[];
  kept: { id: string; reference: string; reason: 'not yet due' | 'not exported since its last change' }[];
}

export async function runRetention(
  deps: AppDeps,
  retentionDays: number,
  actor = 'coordinator',
): Promise<RetentionResult> {
  const result: RetentionResult = { retentionDays, purged: [], kept: [] };
  if (retentionDays <= 0 || !deps.store.purge) return result;
  const now = deps.clock.now().getTime();
  for (const s of await deps.store.list()) {
    if (!isEnded(s.state)) continue;
    const c = await deps.store.get(s.id);
    if (!c || !isEnded(c.state)) continue;
    const lastChange = Date.parse(c.updatedAt);
    if (now - lastChange < retentionDays * DAY_MS) {
      result.kept.push({ id: c.id, reference: c.reference, reason: 'not yet due' });
      continue;
    }
    // The revision exported, not the time: an export in the same (simulated) second as the close still counts, one before it does not.
    const exported = (await deps.store.readAudit(c.id)).some(
      (e) => e.action === 'record.exported' && e.detail?.['rev'] === c.rev,
    );
    if (!exported) {
      result.kept.push({ id: c.id, reference: c.reference, reason: 'not exported since its last change' });
      continue;
    }
    await deps.jobs.cancelConference(c.id);
    await deps.store.purge(c.id, {
      at: toLondonIso(deps.clock.now()),
      actor,
      reason: `${c.state} ${retentionDays} days, exported`,
    });
    deps.logger.info('conference purged by retention', { conferenceId: c.id, reference: c.reference });
    result.purged.push({ id: c.id, reference: c.reference });
  }
  return result;
}

/**
 * The daily retention sweep (jobs/retention-sweep.ts): the same rules as a coordinator's run, under
 * its own actor in the purge log. Its log line carries counts only; each purge is logged by id and
 * reference above.
 */
export async function runRetentionSweep(deps: AppDeps, retentionDays: number): Promise<RetentionResult> {
  const result = await runRetention(deps, retentionDays, 'retention-sweep');
  const notExported = result.kept.filter((k) => k.reason === 'not exported since its last change').length;
  deps.logger.info('retention sweep done', {
    retentionDays,
    purged: result.purged.length,
    keptNotYetDue: result.kept.length - notExported,
    keptNotExported: notExported,
  });
  return result;
}
