/**
 * Who the drafted review conference leaves out. A review is about the children on a plan: a parent,
 * carer or child linked only to children without one (a half-sibling has the plan) is not invited,
 * nor whoever comes with them; the coordinator is told, by id and role, never by name.
 */
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';

/** Attendees of `c` linked only to children not in `onPlan`, and whoever comes with one of them. */
export function leftOff(c: Pick<Conference, 'attendees'>, onPlan: ReadonlySet<string>): Attendee[] {
  const none = new Set(
    c.attendees.filter((a) => a.childIds?.length && !a.childIds.some((id) => onPlan.has(id))).map((a) => a.id),
  );
  return c.attendees.filter((a) => none.has(a.id) || (a.accompanies !== undefined && none.has(a.accompanies)));
}

/** One warning for each attendee of `c` that `draft` left out for that reason. */
export function leftOffWarnings(
  c: Pick<Conference, 'attendees'>,
  draft: Pick<Conference, 'attendees' | 'children'>,
): string[] {
  return leftOff(c, new Set(draft.children.map((ch) => ch.id)))
    .filter((a) => !draft.attendees.some((d) => d.id === a.id))
    .map(
      (a) =>
        `${a.id} (${a.role}) is not invited to the review: ${a.accompanies ? `they come with ${a.accompanies}, who is not` : 'none of their children has a child protection plan'}. Add them before confirming if they should come.`,
    );
}
