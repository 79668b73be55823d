/**
 * How fast a decision reached everyone it goes to: hours from the meeting's end to the last
 * recipient, as a median and a 90th percentile, and the share sent within the policy's window.
 */
import type { CirculationTimes } from './figures-record.ts';

export interface CirculationFigures {
  /** Documents approved in the period (the circulation was started). */
  circulated: number;
  /** Of those, reached every recipient (the hours below count these). */
  complete: number;
  /** Still waiting for someone (a letter to print, a failed send). */
  waiting: number;
  medianHours: number | null;
  p90Hours: number | null;
  /** Reached everyone by the policy's deadline, of those with a deadline that is complete or past (0–1). */
  withinWindowShare: number | null;
  withinWindow: number;
  /** Complete, or still waiting after the deadline: the share's denominator. */
  withWindow: number;
}

const HOUR = 3_600_000;
const round1 = (n: number) => Math.round(n * 10) / 10;
export const share = (part: number, whole: number): number | null =>
  whole ? Math.round((part / whole) * 1000) / 1000 : null;

/** The median (the mean of the middle two for an even count), in hours to one decimal. */
export function median(sorted: readonly number[]): number | null {
  if (!sorted.length) return null;
  const mid = Math.floor(sorted.length / 2);
  return round1(sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2);
}

/** The nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  return round1(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!);
}

export const hoursOf = (t: CirculationTimes): number | undefined =>
  t.lastAt ? Math.max(0, Date.parse(t.lastAt) - Date.parse(t.endedAt)) / HOUR : undefined;

export function circulationFigures(times: readonly CirculationTimes[], now: number): CirculationFigures {
  const hours = times
    .map(hoursOf)
    .filter((h): h is number => h !== undefined)
    .sort((a, b) => a - b);
  let withinWindow = 0;
  let withWindow = 0;
  for (const t of times) {
    if (!t.dueAt) continue;
    const due = Date.parse(t.dueAt);
    if (t.lastAt) {
      withWindow++;
      if (Date.parse(t.lastAt) <= due) withinWindow++;
    } else if (due < now) withWindow++;
  }
  return {
    circulated: times.length,
    complete: hours.length,
    waiting: times.length - hours.length,
    medianHours: median(hours),
    p90Hours: percentile(hours, 90),
    withinWindowShare: share(withinWindow, withWindow),
    withinWindow,
    withWindow,
  };
}
