/**
 * Work someone must do for a conference, kept on it so a worklist can list it: book an interpreter,
 * arrange an accessibility need (a later kind: refer a child to advocacy). Generic on purpose —
 * kind, whom it is about, when it is due, whether it is done and by whom. Pure: the app passes the
 * due date (from the working-day calendar) and the time of completion.
 */
import type { Attendee, IsoInstant } from './conference.ts';

export const TASK_KINDS = ['book-interpreter', 'arrange-accessibility'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export interface ConferenceTask {
  /** `t1`, `t2`, … never reused (tasks are only ever closed, never removed). */
  id: string;
  kind: TaskKind;
  /** The attendee (`a5`) or child (`c1`) it is about: never a name. */
  subject: string;
  /** What is to be arranged, without names: a language, or the accessibility needs. */
  detail: string;
  /** Before the meeting: the working day before it, at the end of the working day. */
  dueAt: IsoInstant;
  status: 'open' | 'done';
  doneAt?: IsoInstant;
  doneBy?: string;
}

type NeedsOf = Pick<Attendee, 'id' | 'role' | 'interpreterNeeded' | 'language' | 'accessibilityNeeds'>;

/**
 * The arrangement tasks `attendees` need that `tasks` do not hold yet (an attendee added later gets
 * theirs; nothing is opened twice). Ids continue after the highest task id.
 */
export function arrangementTasks(tasks: readonly ConferenceTask[], attendees: readonly NeedsOf[], dueAt: IsoInstant): ConferenceTask[] {
  const has = (kind: TaskKind, subject: string) => tasks.some((t) => t.kind === kind && t.subject === subject);
  let next = tasks.reduce((n, t) => Math.max(n, Number(t.id.slice(1)) || 0), 0);
  const out: ConferenceTask[] = [];
  const open = (kind: TaskKind, subject: string, detail: string) => out.push({ id: `t${++next}`, kind, subject, detail, dueAt, status: 'open' });
  for (const a of attendees) {
    if (a.role === 'interpreter' || a.role === 'child') continue;
    if (a.interpreterNeeded && !has('book-interpreter', a.id)) open('book-interpreter', a.id, a.language ? `an interpreter who speaks ${a.language}` : 'an interpreter');
    if (a.accessibilityNeeds.length && !has('arrange-accessibility', a.id)) open('arrange-accessibility', a.id, a.accessibilityNeeds.join(', '));
  }
  return out;
}

/** Whether the task of `kind` for `subject` is done (an interpreter booked and confirmed, say). */
export function taskDone(tasks: readonly ConferenceTask[] | undefined, kind: TaskKind, subject: string): boolean {
  return (tasks ?? []).some((t) => t.kind === kind && t.subject === subject && t.status === 'done');
}
