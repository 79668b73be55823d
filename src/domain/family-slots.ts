/**
 * Separate pre-meeting slots: where parents are separated or there is domestic abuse, the chair can
 * give each parent or carer their own time before professionals join. A slot runs from its start
 * until the next slot starts (or professionals join), so two slots overlap exactly when they start
 * together. A parent or carer without a slot keeps the shared parents' time at the calendar start.
 */
import type { Attendee } from './conference-parts.ts';
import type { FieldIssue } from './errors.ts';
import type { Timetable } from './timetable.ts';
import type { Role } from './vocabulary.ts';

export const SLOT_ROLES: ReadonlySet<Role> = new Set<Role>(['parent', 'carer']);

/** Who may come with a particular parent or carer (`Attendee.accompanies`). */
export const COMPANION_ROLES: ReadonlySet<Role> = new Set<Role>(['supporter', 'advocate', 'interpreter']);

type Slotted = Pick<Attendee, 'id' | 'role' | 'preMeetingSlot'>;

/**
 * An advocate who comes with no parent or carer is the child's advocate (as authority.ts reads it):
 * they are there for the child, so never in a parent's time with the chair.
 */
export function isChildsAdvocate(a: Pick<Attendee, 'role' | 'accompanies'>): boolean {
  return a.role === 'advocate' && !a.accompanies;
}

/** The family's calendar start: the parents' slot where the policy has one, else the professionals' join time. */
export function familyWindowStart(t: Timetable): string {
  return t.parentsJoinAt ?? t.professionalsJoinAt;
}

/**
 * Whether a parent has time with the chair before the others join (`parentsJoinAt` being the policy's
 * parents' slot or their own): without it, nothing may promise them a talk with the chair first.
 */
export function meetsChairFirst<T extends { parentsJoinAt?: string | undefined; professionalsJoinAt: string }>(
  t: T,
): t is T & { parentsJoinAt: string } {
  return Boolean(t.parentsJoinAt && t.parentsJoinAt !== t.professionalsJoinAt);
}

/** When this parent or carer meets the chair: their own slot, or the shared parents' time. */
export function parentStart(t: Timetable, a: Slotted): string {
  return a.preMeetingSlot?.startsAt ?? familyWindowStart(t);
}

/**
 * When a companion (supporter, advocate, interpreter) joins: with the parent or carer they come
 * with; someone not linked to a parent joins the earliest family slot (a child's advocate is not a
 * companion of the parents: see `isChildsAdvocate`).
 */
export function companionStart(t: Timetable, a: Pick<Attendee, 'accompanies'>, attendees: readonly Slotted[]): string {
  const parent = a.accompanies ? attendees.find((p) => p.id === a.accompanies && SLOT_ROLES.has(p.role)) : undefined;
  return parent ? parentStart(t, parent) : earliestFamilyStart(t, attendees);
}

/** The earliest family slot: companions not linked to a parent join here. */
export function earliestFamilyStart(t: Timetable, attendees: readonly Slotted[]): string {
  const starts = attendees.filter((a) => SLOT_ROLES.has(a.role)).map((a) => parentStart(t, a));
  if (!starts.length) return familyWindowStart(t);
  return starts.reduce((min, s) => (Date.parse(s) < Date.parse(min) ? s : min));
}

/**
 * Companions linked to nobody (a supporter or interpreter without `accompanies`) who would join a
 * parent's own time with the chair: the earliest family slot is private to one parent. Not refused
 * (an interpreter may be booked before anyone knows whom for), but the coordinator is told.
 */
export function unlinkedInPrivateSlot<A extends Slotted & Pick<Attendee, 'accompanies'>>(
  t: Timetable,
  attendees: readonly A[],
): A[] {
  const first = earliestFamilyStart(t, attendees);
  const privateFirst = attendees.some((a) => SLOT_ROLES.has(a.role) && a.preMeetingSlot?.startsAt === first);
  if (!privateFirst) return [];
  return attendees.filter((a) => COMPANION_ROLES.has(a.role) && !a.accompanies && !isChildsAdvocate(a));
}

/** The coordinator's warning for each of `unlinkedInPrivateSlot`. */
export function unlinkedWarnings(
  t: Timetable,
  attendees: readonly (Slotted & Pick<Attendee, 'accompanies'>)[],
): string[] {
  return unlinkedInPrivateSlot(t, attendees).map(
    (a) =>
      `${a.id} (${a.role}) comes with no parent or carer, so joins the earliest family time, which is one parent's own time with the chair: link them with accompanies.`,
  );
}

/**
 * Problems with the slots of `attendees`, each named by `fieldOf(attendee)`: a slot on someone who
 * is not a parent or carer, outside [calendar start, professionals' join), or starting at the same
 * time as another parent's (explicit or shared) slot.
 */
export function slotIssues(t: Timetable, attendees: readonly Slotted[], fieldOf: (a: Slotted) => string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const from = Date.parse(familyWindowStart(t));
  const until = Date.parse(t.professionalsJoinAt);
  const slotted = attendees.filter((a) => a.preMeetingSlot);
  for (const a of slotted) {
    const at = Date.parse(a.preMeetingSlot!.startsAt);
    if (!SLOT_ROLES.has(a.role))
      issues.push({
        field: fieldOf(a),
        message: `only a parent or carer can have their own pre-meeting slot (${a.id} is ${a.role})`,
      });
    else if (from >= until)
      issues.push({
        field: fieldOf(a),
        message:
          'this policy has no time for parents with the chair before professionals join, so there is no room for separate slots',
      });
    else if (at < from || at >= until)
      issues.push({
        field: fieldOf(a),
        message: `must be at or after the calendar start (${familyWindowStart(t)}) and before professionals join (${t.professionalsJoinAt})`,
      });
  }
  const sharing = attendees.filter((a) => SLOT_ROLES.has(a.role) && !a.preMeetingSlot).map((a) => a.id);
  const seen = new Map<number, string>();
  if (slotted.length && sharing.length) seen.set(from, `the shared parents' time still used by ${sharing.join(', ')}`);
  for (const a of slotted.filter((x) => SLOT_ROLES.has(x.role))) {
    const at = Date.parse(a.preMeetingSlot!.startsAt);
    const other = seen.get(at);
    if (other)
      issues.push({
        field: fieldOf(a),
        message: `overlaps ${other}: each parent's slot runs until the next one starts, so slots need different start times`,
      });
    else seen.set(at, `the slot of ${a.id}`);
  }
  return issues;
}

/** Moves every slot by the same amount as the conference (a reschedule keeps the gaps the chair chose). */
export function shiftSlots<A extends Slotted>(
  attendees: readonly A[],
  byMs: number,
  format: (ms: number) => string,
): A[] {
  return attendees.map((a) =>
    a.preMeetingSlot ? { ...a, preMeetingSlot: { startsAt: format(Date.parse(a.preMeetingSlot.startsAt) + byMs) } } : a,
  );
}

/** A slot that no longer fits after a move (see `moveSlots`): the parent shares the parents' time again. */
export interface DroppedSlot {
  attendeeId: string;
  role: Role;
  /** Where the slot would have started. */
  startsAt: string;
  reason: string;
}

/**
 * Carries slots over to a conference at another time (a drafted review, a confirmed draft): each
 * keeps its offset from the start, as a reschedule does, checked against the new timetable. A slot
 * that no longer fits (the authority's parents' time changed, say) is dropped, not kept as an
 * invalid timetable, and reported so the coordinator can set slots again. Dropping one can make
 * another collide with the shared parents' time, so this repeats until what is left is valid.
 */
export function moveSlots<A extends Slotted>(
  attendees: readonly A[],
  byMs: number,
  t: Timetable,
  format: (ms: number) => string,
): { attendees: A[]; dropped: DroppedSlot[] } {
  let moved = shiftSlots(attendees, byMs, format);
  const dropped: DroppedSlot[] = [];
  for (;;) {
    const issues = new Map<string, string>();
    for (const i of slotIssues(t, moved, (a) => a.id)) if (!issues.has(i.field)) issues.set(i.field, i.message);
    if (!issues.size) return { attendees: moved, dropped };
    moved = moved.map((a) => {
      const reason = issues.get(a.id);
      if (!reason || !a.preMeetingSlot) return a;
      dropped.push({ attendeeId: a.id, role: a.role, startsAt: a.preMeetingSlot.startsAt, reason });
      const { preMeetingSlot: _dropped, ...rest } = a;
      return rest as A;
    });
  }
}
