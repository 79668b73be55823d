/**
 * The coordinator's worklist across conferences (dashboard home, `GET /api/worklist`, `cpc worklist`):
 * every item that needs a person, most urgent first, each saying what it is and what to do, with
 * counts at the top. Rules in domain/worklist.ts, words in content/worklist.ts.
 */
import type { Conference } from '../../domain/conference.ts';
import {
  byUrgency,
  conferenceWork,
  countWork,
  type WorkCounts,
  type Urgency,
  WORK_KINDS,
  type WorkItem,
} from '../../domain/worklist.ts';
import type { FailedJobFact } from '../../domain/failed-job-work.ts';
import { DateTime } from 'luxon';
import { LONDON } from '../../domain/calendar/zone.ts';
import { dueWords, workWords } from '../../content/worklist.ts';
import type { AppDeps } from '../deps.ts';

export interface WorklistLine extends WorkItem {
  /** What it is, with the person's name (the coordinator's desk only). */
  what: string;
  /** The next thing to do. */
  next: string;
  /** "3 days overdue (was due …)", "due today at 17:00", … */
  due: string;
}

export interface Worklist {
  now: string;
  counts: WorkCounts;
  /** The page's lines. */
  items: WorklistLine[];
  /** Lines in all, on every page. */
  total: number;
  page: number;
  pageSize: number;
}

/** The lines for one conference (its page shows them too). */
export function linesFor(c: Conference, failed: readonly FailedJobFact[], now: Date): WorklistLine[] {
  return conferenceWork(c, failed, now)
    .sort(byUrgency)
    .map((i) => ({ ...i, ...workWords(i, c, now), due: dueWords(i.urgency, i.dueAt, now) }));
}

const failedItem = (c: Conference): WorkItem => ({
  kind: 'failed-job',
  conferenceId: c.id,
  reference: c.reference,
  place: 'failed-jobs',
  urgency: 'overdue',
});

/** At most this many lines a page (the counts are always of everything). */
export const WORKLIST_PAGE_MAX = 500;

/**
 * Every conference's work, most urgent first, a page at a time (`pageSize` lines, default 100) with
 * the counts of everything. `failed`: the queue's failed jobs (the channel asks the scheduler).
 * With the worklist's index (deps.work, kept in due-time order) the counts and the page come from
 * the index (a count and a short range read per kind, whatever the number of conferences) and only
 * the page's conferences are read; without it every conference is read.
 */
export async function worklist(
  deps: Pick<AppDeps, 'store' | 'clock' | 'work'>,
  failed: readonly FailedJobFact[] = [],
  paging: { page?: number; pageSize?: number } = {},
): Promise<Worklist> {
  const now = deps.clock.now();
  const page = paging.page ?? 1;
  const pageSize = Math.min(paging.pageSize ?? 100, WORKLIST_PAGE_MAX);
  const from = (page - 1) * pageSize;
  if (!deps.work) {
    const items: WorklistLine[] = [];
    for (const s of await deps.store.list()) {
      const c = await deps.store.get(s.id);
      if (c) items.push(...linesFor(c, failed, now));
    }
    items.sort(byUrgency);
    const shown = items.slice(from, from + pageSize);
    return { now: now.toISOString(), counts: countWork(items), items: shown, total: items.length, page, pageSize };
  }
  // Failed jobs (from the queue) first, then the index's items in due-time order: only the page is read.
  const failedOf = new Map<string, Conference | undefined>();
  for (const j of failed)
    if (!failedOf.has(j.conferenceId)) failedOf.set(j.conferenceId, await deps.store.get(j.conferenceId));
  const perConference = new Map<string, number>();
  const failedItems = failed
    .flatMap((j) => {
      const c = failedOf.get(j.conferenceId);
      const nth = perConference.get(j.conferenceId) ?? 0;
      perConference.set(j.conferenceId, nth + 1);
      return c ? [{ ...failedItem(c), nth }] : [];
    })
    .sort((a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0));
  const t = now.getTime();
  const endOfToday = DateTime.fromJSDate(now, { zone: LONDON }).endOf('day').toMillis();
  const fromFailed = failedItems.slice(from, from + pageSize);
  const indexed = await deps.work.page(now, Math.max(0, from - failedItems.length), pageSize - fromFailed.length);
  const wanted: (WorkItem & { nth?: number })[] = [
    ...fromFailed,
    ...indexed.items.map((i): WorkItem & { nth?: number } => {
      const due = i.dueAt ? Date.parse(i.dueAt) : -Infinity;
      const urgency: Urgency = due < t ? 'overdue' : due <= endOfToday ? 'today' : 'soon';
      return { ...i, place: 'conference', urgency };
    }),
  ];
  const counts = countWork(failedItems);
  for (const k of WORK_KINDS) counts[k] += indexed.byKind[k];
  counts.overdue += indexed.overdue;
  counts.total += indexed.total;
  // Each line on the page from its conference, matched by kind and due time, in the index's order.
  const ids = [...new Set(wanted.map((i) => i.conferenceId))];
  const read = await Promise.all(ids.map((id) => failedOf.get(id) ?? deps.store.get(id)));
  const lines = new Map(ids.map((id, k) => [id, read[k] ? linesFor(read[k], failed, now) : []]));
  // Of the conference's lines of that kind and due time, the one in the item's place.
  const items: WorklistLine[] = [];
  for (const i of wanted) {
    const due = i.dueAt ? Date.parse(i.dueAt) : undefined;
    const line = (lines.get(i.conferenceId) ?? []).filter(
      (l) => l.kind === i.kind && (l.dueAt ? Date.parse(l.dueAt) : undefined) === due,
    )[i.nth ?? 0];
    if (line) items.push(line);
  }
  return { now: now.toISOString(), counts, items, total: counts.total, page, pageSize };
}
