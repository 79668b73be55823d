/**
 * The print room's deadline: letters still to print when they are due are named to the coordinator,
 * once per deadline, and again each working day until printed (for a bounded number of days).
 */
import { DateTime } from 'luxon';
import { hardCopyOverdue } from '../../content/templates/circulation-notices.ts';
import { LONDON } from '../../domain/calendar/zone.ts';
import type { Conference } from '../../domain/conference.ts';
import { stillToPrint } from '../../domain/letters.ts';
import { isEnded } from '../../domain/state-machine.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail, skipUnsent } from '../shared/deliver.ts';
import { coordinatorAddress, senderOf } from '../shared/sender.ts';
import { toLondonIso } from '../shared/time.ts';

/**
 * At a letter's deadline (`dueBy`, the job's time): tell the coordinator which letters due by then
 * are still to print. Withdrawn letters (superseded, or about a meeting already held) are not asked
 * for. Letters due at the same moment share one email.
 */
export async function hardCopyDue(deps: AppDeps, c: Conference, dueBy: Date = deps.clock.now()): Promise<void> {
  const due = (c.hardCopies ?? []).filter((h) => Date.parse(h.dueAt) <= dueBy.getTime());
  const waiting = due.filter((h) => stillToPrint(c, h)).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  const at = toLondonIso(deps.clock.now());
  // One alert per deadline: the ledger key carries the moment (London time, no colons).
  const step = `hard-copy-due-${DateTime.fromJSDate(dueBy, { zone: LONDON }).toFormat('yyyyLLddHHmm')}` as const;
  if (waiting.length === 0) {
    // Printed or withdrawn (the meeting began) since an attempt that died mid-send claimed the alert:
    // close its claim, so the delivery record does not say "sending" for ever.
    await skipUnsent(deps, c, {
      step,
      recipient: 'coordinator',
      reason: 'every letter was printed or withdrawn before the alert went',
    });
    if (due.length)
      await deps.store.audit(c.id, {
        at,
        actor: 'system',
        action: 'hard-copy.all-printed',
        detail: { dueBy: toLondonIso(dueBy) },
      });
    return;
  }
  const policy = deps.policies.get(c.policyId);
  const base = `${deps.settings.publicBaseUrl}/api/conferences/${c.id}/hard-copies`;
  const overdueDays = workingDaysBetween(deps, waiting[0]!.dueAt, dueBy);
  const rendered = hardCopyOverdue({
    reference: c.reference,
    policy,
    dueAt: waiting[0]!.dueAt,
    workingDaysOverdue: overdueDays,
    letters: waiting.map((h) => ({
      role: c.attendees.find((a) => a.id === h.attendeeId)?.role ?? 'parent',
      attendeeId: h.attendeeId,
      queuedAt: h.queuedAt,
      downloadUrl: `${base}/${h.blobId}`,
      ...(h.tooLateForPost ? { tooLateForPost: h.tooLateForPost } : {}),
    })),
  });
  const outcome = await deliverEmail(deps, c, {
    step,
    recipient: 'coordinator',
    message: {
      ...rendered,
      to: coordinatorAddress(deps, policy),
      from: senderOf(policy),
      headers: { 'X-Conference-Reference': c.reference },
    },
  });
  if (outcome === 'sent') {
    await deps.store.audit(c.id, {
      at,
      actor: 'system',
      action: 'hard-copy.overdue',
      detail: { letters: waiting.map((h) => h.blobId), ...(overdueDays ? { workingDaysOverdue: overdueDays } : {}) },
    });
    deps.logger.warn('hard copies not printed by their deadline', {
      conferenceId: c.id,
      reference: c.reference,
      letters: waiting.length,
    });
  }
  // Until they are printed the alert comes back at the start of each working day (one job per day,
  // its id carrying the day, so a retried job queues it once), for at most REPEAT_WORKING_DAYS days.
  if (overdueDays < REPEAT_WORKING_DAYS && !isEnded(c.state)) {
    const next = DateTime.fromISO(
      deps.calendar.addWorkingDays(DateTime.fromJSDate(dueBy, { zone: LONDON }).toISODate()!, 1),
      { zone: LONDON },
    ).set({ hour: 9 });
    await deps.jobs.schedule([
      { conferenceId: c.id, version: c.version, step: 'hard-copy-due', seq: dayNumber(next), runAt: next.toJSDate() },
    ]);
  }
}

/** How many working days the print-room alert repeats for before it stops (the dashboard keeps showing the letter). */
const REPEAT_WORKING_DAYS = 10;
/** A job seq naming a day (1 on 1 January 2026): one repeat job per day, whatever queues it. */
const dayNumber = (d: DateTime): number =>
  Math.floor((Date.UTC(d.year, d.month - 1, d.day) - Date.UTC(2026, 0, 1)) / 86_400_000) + 1;

/** Working days from `from`'s day to `to`'s day (0 when the same day or earlier). */
function workingDaysBetween(deps: AppDeps, from: string, to: Date): number {
  const end = DateTime.fromJSDate(to, { zone: LONDON }).toISODate()!;
  let day = DateTime.fromISO(from, { setZone: true }).setZone(LONDON).toISODate()!;
  let n = 0;
  while (n < 60) {
    day = deps.calendar.addWorkingDays(day, 1);
    if (day > end) break;
    n++;
  }
  return n;
}
