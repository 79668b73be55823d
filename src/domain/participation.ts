/**
 * How each child took part in their conference (issue #19.1; Bexley counts attended / views by other
 * means / not recorded): one record per child, kept on the conference, the last one recorded winning.
 *
 * For figures: `countParticipation` is the one count of children's participation, and
 * `participationCategory` the one mapping of a record onto the three reported categories. A child
 * without a record counts as not recorded; an unborn child is not counted (they cannot take part).
 * Pure: no clock, no I/O.
 */
import type { Child, IsoInstant } from './conference-parts.ts';

/** How the child's views reached the conference. */
export const PARTICIPATION_WAYS = [
  /** The child came to (part of) the meeting. */
  'attended',
  /** Their advocate brought their views. */
  'advocate',
  /** Their views were in the social worker's report. */
  'social-worker-report',
  /** A drawing, a letter, words and pictures. */
  'drawing-or-letter',
  /** Another way (`detail` says which). */
  'other',
  /** Their views were not heard (`detail` says why: too young, declined, not asked…). */
  'not-recorded',
] as const;
export type ParticipationWay = (typeof PARTICIPATION_WAYS)[number];

/** Ways that need `detail`: what the other way was, or why the child's views were not recorded. */
export const WAYS_NEEDING_DETAIL: ReadonlySet<ParticipationWay> = new Set<ParticipationWay>(['other', 'not-recorded']);

export interface ChildParticipation {
  childId: string;
  way: ParticipationWay;
  /** For `other`: the way; for `not-recorded`: why. No names of anyone else. */
  detail?: string;
  recordedAt: IsoInstant;
  recordedBy: string;
}

/** The three categories figures report. */
export type ParticipationCategory = 'attended' | 'views-by-other-means' | 'not-recorded';

export function participationCategory(p: Pick<ChildParticipation, 'way'> | undefined): ParticipationCategory {
  if (!p || p.way === 'not-recorded') return 'not-recorded';
  return p.way === 'attended' ? 'attended' : 'views-by-other-means';
}

export interface ParticipationFigures {
  attended: number;
  viewsByOtherMeans: number;
  notRecorded: number;
  /** Children counted (born children of the conferences given). */
  children: number;
}

/** Whether a child is counted: an unborn child (not yet recorded as born) cannot take part. */
export const takesPart = (ch: Pick<Child, 'unborn' | 'bornOn'>): boolean => !ch.unborn || Boolean(ch.bornOn);

/** Each born child's record (undefined where none was recorded). */
export function participationByChild(c: {
  children: readonly Pick<Child, 'id' | 'unborn' | 'bornOn'>[];
  participation?: readonly ChildParticipation[];
}): { childId: string; record?: ChildParticipation; category: ParticipationCategory }[] {
  return c.children.filter(takesPart).map((ch) => {
    const record = (c.participation ?? []).find((p) => p.childId === ch.id);
    return { childId: ch.id, ...(record ? { record } : {}), category: participationCategory(record) };
  });
}

/** Counts children's participation over one or more conferences (attended / views by other means / not recorded). */
export function countParticipation(
  conferences: readonly {
    children: readonly Pick<Child, 'id' | 'unborn' | 'bornOn'>[];
    participation?: readonly ChildParticipation[];
  }[],
): ParticipationFigures {
  const out: ParticipationFigures = { attended: 0, viewsByOtherMeans: 0, notRecorded: 0, children: 0 };
  for (const c of conferences)
    for (const { category } of participationByChild(c)) {
      out.children++;
      if (category === 'attended') out.attended++;
      else if (category === 'views-by-other-means') out.viewsByOtherMeans++;
      else out.notRecorded++;
    }
  return out;
}

/** The records after `recorded` replace each child's earlier one (a child has one record). */
export function withParticipation(
  current: readonly ChildParticipation[] | undefined,
  recorded: readonly ChildParticipation[],
): ChildParticipation[] {
  const ids = new Set(recorded.map((p) => p.childId));
  return [...(current ?? []).filter((p) => !ids.has(p.childId)), ...recorded];
}
