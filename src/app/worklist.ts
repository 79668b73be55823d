/**
 * The coordinator's worklist across conferences (dashboard home, `GET /api/worklist`, `cpc worklist`):
 * every item that needs a person, most urgent first, each saying what it is and what to do, with
 * counts at the top. Rules in domain/worklist.ts, words in content/worklist.ts.
 */
import type { Conference } from '../domain/conference.ts';
import {
  byUrgency,
  conferenceWork,
  countWork,
  type FailedJobFact,
  type WorkCounts,
  type Urgency,
  type WorkItem,
} from '../domain/worklist.ts';
import { DateTime } from 'luxon';
import { LONDON } from '../domain/calendar/zone.ts';
import { dueWords, workWords } from '../content/worklist.ts';
import type { AppDeps } from './deps.ts';

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

const RANK: Record<Urgency, number> = { overdue: 0, today: 1, soon: 2 };
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
 * With the worklist's index (deps.work) the counts and the order come from the index and only the
 * page's conferences are read; without it every conference is read.
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
  // The index gives every item there now (failed jobs come from the queue): enough to count and order.
  const failedOf = new Map<string, Conference | undefined>();
  for (const j of failed)
    if (!failedOf.has(j.conferenceId)) failedOf.set(j.conferenceId, await deps.store.get(j.conferenceId));
  const t = now.getTime();
  const endOfToday = DateTime.fromJSDate(now, { zone: LONDON }).endOf('day').toMillis();
  // Tens of thousands of items: urgency and order from numbers worked out once (the same order as byUrgency).
  const keyed = [
    ...failed.flatMap((j) => {
      const c = failedOf.get(j.conferenceId);
      return c ? [{ item: failedItem(c), due: -Infinity }] : [];
    }),
    ...(await deps.work.at(now)).map((i) => {
      const due = i.dueAt ? Date.parse(i.dueAt) : -Infinity;
      const urgency: Urgency = due < t ? 'overdue' : due <= endOfToday ? 'today' : 'soon';
      return { item: { ...i, place: 'conference' as const, urgency }, due };
    }),
  ].sort(
    (a, b) =>
      RANK[a.item.urgency] - RANK[b.item.urgency] ||
      a.due - b.due ||
      (a.item.reference < b.item.reference ? -1 : a.item.reference > b.item.reference ? 1 : 0),
  );
  const all: WorkItem[] = keyed.map((k) => k.item);
  const wanted = all.slice(from, from + pageSize);
  // Each line on the page from its conference, matched by kind and due time, in the index's order.
  const lines = new Map<string, WorklistLine[]>();
  for (const id of new Set(wanted.map((i) => i.conferenceId))) {
    const c = failedOf.get(id) ?? (await deps.store.get(id));
    lines.set(id, c ? linesFor(c, failed, now) : []);
  }
  const items: WorklistLine[] = [];
  for (const i of wanted) {
    const pool = lines.get(i.conferenceId) ?? [];
    const due = i.dueAt ? Date.parse(i.dueAt) : undefined;
    const at = pool.findIndex((l) => l.kind === i.kind && (l.dueAt ? Date.parse(l.dueAt) : undefined) === due);
    if (at >= 0) items.push(...pool.splice(at, 1));
  }
  return { now: now.toISOString(), counts: countWork(all), items, total: all.length, page, pageSize };
}
