/**
 * Failed jobs whose work may now be done another way (the address they were refused at corrected,
 * the report they chased filed, the person they were for removed) are run again: a run that finds
 * its work done completes and leaves the failed list (and the coordinator's worklist); one still held
 * up fails again and stays. The audit trail keeps each failure with its reason and why it was run again.
 */
import type { AppDeps } from '../deps.ts';
import { toLondonIso } from './time.ts';

export async function retryHeldUp(
  deps: Pick<AppDeps, 'jobs' | 'store' | 'clock' | 'logger'>,
  conferenceId: string,
  because: string,
  /** Job steps (a send's kind is its job's step): only failed jobs of these. */
  steps?: readonly string[],
): Promise<void> {
  try {
    const retried = await deps.jobs.retryFailed(conferenceId, steps);
    const at = toLondonIso(deps.clock.now());
    for (const j of retried)
      await deps.store.audit(conferenceId, {
        at,
        actor: 'system',
        action: 'job.retried',
        detail: { jobId: j.id, step: j.step, failedWith: j.reason, because },
      });
  } catch (err) {
    // Best effort: the job stays in the failed list with its Retry button.
    deps.logger.warn('failed jobs could not be run again', { conferenceId, because, err });
  }
}
