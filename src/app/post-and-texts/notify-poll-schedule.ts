/**
 * When GOV.UK Notify is next asked about a conference's letters and texts: queued by whatever sends
 * one (letters, texts) and by the poll itself while any remain unfinished.
 */
import type { Conference } from '../../domain/conference.ts';
import type { AppDeps } from '../deps.ts';

const NOTIFY_POLL_STEP = 'notify-poll';

/**
 * Queues the next status check of the conference's letters and texts. The job's `seq` is the poll
 * slot (due time in units of the interval), so everything sent within one interval shares one check.
 */
export async function scheduleNotifyPoll(deps: AppDeps, c: Pick<Conference, 'id' | 'version'>): Promise<void> {
  const minutes = deps.settings.notify?.pollMinutes;
  if (!deps.notify || !minutes) return;
  const interval = minutes * 60_000;
  const slot = Math.ceil((deps.clock.now().getTime() + interval) / interval);
  await deps.jobs.schedule([
    {
      conferenceId: c.id,
      version: c.version,
      step: NOTIFY_POLL_STEP,
      seq: (slot % 10_000) + 1,
      runAt: new Date(slot * interval),
    },
  ]);
}
