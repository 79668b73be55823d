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
  type WorkItem,
} from '../domain/worklist.ts';
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
  items: WorklistLine[];
}

/** The lines for one conference (its page shows them too). */
export function linesFor(c: Conference, failed: readonly FailedJobFact[], now: Date): WorklistLine[] {
  return conferenceWork(c, failed, now)
    .sort(byUrgency)
    .map((i) => ({ ...i, ...workWords(i, c, now), due: dueWords(i.urgency, i.dueAt, now) }));
}

/** Every conference's work, most urgent first. `failed`: the queue's failed jobs (the channel asks the scheduler). */
export async function worklist(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  failed: readonly FailedJobFact[] = [],
): Promise<Worklist> {
  const now = deps.clock.now();
  const items: WorklistLine[] = [];
  for (const s of await deps.store.list()) {
    const c = await deps.store.get(s.id);
    if (c) items.push(...linesFor(c, failed, now));
  }
  items.sort(byUrgency);
  return { now: now.toISOString(), counts: countWork(items), items };
}
