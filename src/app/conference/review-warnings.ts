/** What the coordinator is warned of when a drafted review is moved or confirmed (by id and role, never a name). */
import type { DroppedSlot } from '../../domain/family-slots.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { notWorkingDayWarningOn, outsideWorkingHoursWarning } from '../../content/words.ts';
import type { AppDeps } from '../deps.ts';

/** What the coordinator is told about a slot that did not survive the move (by id and role, never a name). */
export function slotWarning(d: DroppedSlot, draftId: string): string {
  return (
    `${d.attendeeId} (${d.role}): their own pre-meeting slot, moved to ${d.startsAt}, was dropped (${d.reason}). ` +
    `They now share the parents' time at the calendar start: set separate slots again with POST /api/conferences/${draftId}/pre-meeting-slots.`
  );
}

/** What the coordinator is warned of on confirming: a late review, slots dropped, a day or time nobody works. */
export function confirmWarnings(
  deps: AppDeps,
  policy: Policy,
  startsAt: string,
  id: string,
  dropped: DroppedSlot[],
  lateReview: { reviewBy: string } | undefined,
): string[] {
  return [
    ...(lateReview
      ? [
          `The review is after its statutory deadline (${lateReview.reviewBy}); the reason is recorded and the chair is told.`,
        ]
      : []),
    ...dropped.map((d) => slotWarning(d, id)),
    // A bank holiday or a time outside working hours: warned, as when booking or rescheduling.
    ...[
      notWorkingDayWarningOn(deps.calendar, startsAt.slice(0, 10)),
      outsideWorkingHoursWarning(startsAt, policy.timings.workingHours),
    ].filter((w): w is string => Boolean(w)),
  ];
}
