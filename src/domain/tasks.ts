/**
 * Work someone must do for a conference, kept on it so a worklist can list it: book an interpreter,
 * arrange an accessibility need, refer a child to an advocacy service before the meeting (where the
 * policy offers an advocate at the child's age), explain the decision to a child after it is
 * approved (the social worker's, for each child of an age to understand), agree a pre-birth plan's
 * birth plan before the due date (the social worker's, chased if not recorded). Generic on purpose —
 * kind, whom it is about, when it is due, whether it is done and by whom. Pure: the app passes the
 * due date (from the working-day calendar) and the time of completion.
 */
import type { Attendee, Child, IsoDate, IsoInstant } from './conference-parts.ts';
import type { AccessibilityNeed } from './vocabulary.ts';
import { languageName } from './language-name.ts';

export const TASK_KINDS = [
  'book-interpreter',
  'arrange-accessibility',
  'refer-to-advocacy',
  'explain-decision',
  'agree-birth-plan',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** Tasks for after the meeting (the rest are arrangements for it, moot once it has begun). */
export const AFTER_MEETING_TASKS: ReadonlySet<TaskKind> = new Set<TaskKind>(['explain-decision', 'agree-birth-plan']);

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
  /** `not-needed`: overtaken by events (a birth plan when the baby is born first); `notNeeded` says why. */
  status: 'open' | 'done' | 'not-needed';
  doneAt?: IsoInstant;
  doneBy?: string;
  notNeeded?: string;
}

type NeedsOf = Pick<Attendee, 'id' | 'role' | 'interpreterNeeded' | 'language' | 'accessibilityNeeds'>;
interface InterpreterNeedOf {
  interpreterNeeded: boolean;
  language?: string | undefined;
  accessibilityNeeds: readonly AccessibilityNeed[];
}

const SIGN_LANGUAGE = /sign language|\bBSL\b/i;

/**
 * Someone who needs an interpreter and asked for a British Sign Language interpreter (`bsl`) needs
 * one interpreter, not two: the interpreter booking covers it (trial finding: two tasks for one
 * need). Not when their interpreter is for a spoken language (Polish and BSL are two bookings).
 */
export function interpreterCoversBsl(a: InterpreterNeedOf): boolean {
  return a.interpreterNeeded && a.accessibilityNeeds.includes('bsl') && (!a.language || SIGN_LANGUAGE.test(a.language));
}

/** The interpreter someone needs, in words without a name: the booking task's detail and the family's letter say it. */
export function interpreterWanted(a: InterpreterNeedOf): string {
  if (a.language) return `an interpreter who speaks ${languageName(a.language)}`;
  return interpreterCoversBsl(a) ? 'a British Sign Language interpreter' : 'an interpreter';
}

/** The accessibility needs left to arrange once the interpreter booking covers what it can (`interpreterCoversBsl`). */
export function needsToArrange(a: InterpreterNeedOf): AccessibilityNeed[] {
  return interpreterCoversBsl(a) ? a.accessibilityNeeds.filter((n) => n !== 'bsl') : [...a.accessibilityNeeds];
}

/**
 * The arrangement tasks `attendees` need that `tasks` do not hold yet (an attendee added later gets
 * theirs; nothing is opened twice). Ids continue after the highest task id.
 */
export function arrangementTasks(
  tasks: readonly ConferenceTask[],
  attendees: readonly NeedsOf[],
  dueAt: IsoInstant,
): ConferenceTask[] {
  const has = (kind: TaskKind, subject: string) => tasks.some((t) => t.kind === kind && t.subject === subject);
  let next = tasks.reduce((n, t) => Math.max(n, Number(t.id.slice(1)) || 0), 0);
  const out: ConferenceTask[] = [];
  const open = (kind: TaskKind, subject: string, detail: string) =>
    out.push({ id: `t${++next}`, kind, subject, detail, dueAt, status: 'open' });
  for (const a of attendees) {
    if (a.role === 'interpreter' || a.role === 'child') continue;
    if (a.interpreterNeeded && !has('book-interpreter', a.id)) open('book-interpreter', a.id, interpreterWanted(a));
    const needs = needsToArrange(a);
    if (needs.length && !has('arrange-accessibility', a.id)) open('arrange-accessibility', a.id, needs.join(', '));
  }
  return out;
}

/** Whether the task of `kind` for `subject` is done (an interpreter booked and confirmed, say). */
export function taskDone(tasks: readonly ConferenceTask[] | undefined, kind: TaskKind, subject: string): boolean {
  return (tasks ?? []).some((t) => t.kind === kind && t.subject === subject && t.status === 'done');
}

/** A child's age in whole years on a London date (`undefined` without a date of birth, or before birth). */
export function ageOn(ch: Pick<Child, 'dateOfBirth' | 'bornOn' | 'unborn'>, date: IsoDate): number | undefined {
  const born = ch.bornOn ?? (ch.unborn ? undefined : ch.dateOfBirth);
  if (!born) return undefined;
  const [by, bm, bd] = born.split('-').map(Number) as [number, number, number];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const age = y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
  return age >= 0 ? age : undefined;
}

type ChildOf = Pick<Child, 'id' | 'dateOfBirth' | 'bornOn' | 'unborn'>;

function nextId(tasks: readonly ConferenceTask[]): () => string {
  let next = tasks.reduce((n, t) => Math.max(n, Number(t.id.slice(1)) || 0), 0);
  return () => `t${++next}`;
}

/**
 * Referral tasks to the advocacy service, one per child of `fromAge` or over on the meeting date
 * (the policy's `advocateOfferedFromAge`), not yet opened. Nothing without an age from the policy.
 */
export function advocacyReferralTasks(
  tasks: readonly ConferenceTask[],
  children: readonly ChildOf[],
  meetingOn: IsoDate,
  policy: { fromAge?: number; service?: string },
  dueAt: IsoInstant,
): ConferenceTask[] {
  if (policy.fromAge === undefined) return [];
  const id = nextId(tasks);
  return children.flatMap((ch) => {
    const age = ageOn(ch, meetingOn);
    if (
      age === undefined ||
      age < policy.fromAge! ||
      tasks.some((t) => t.kind === 'refer-to-advocacy' && t.subject === ch.id)
    )
      return [];
    return [
      {
        id: id(),
        kind: 'refer-to-advocacy' as const,
        subject: ch.id,
        detail: `the child (aged ${age}) to ${policy.service ?? 'the advocacy service'} for an advocate`,
        dueAt,
        status: 'open' as const,
      },
    ];
  });
}

/**
 * After approval, the social worker explains the decision to each child of `fromAge` or over (an age
 * to understand), with a children's version of the plan where the policy asks for one and the
 * child is on a child protection plan (a child in need plan or no plan has no such version).
 */
export function explainDecisionTasks(
  tasks: readonly ConferenceTask[],
  children: readonly ChildOf[],
  on: IsoDate,
  policy: { fromAge: number; childrensPlan?: string },
  dueAt: IsoInstant,
  /** The children on a child protection plan: only they get a children's version of it. */
  onPlan: readonly string[] = [],
): ConferenceTask[] {
  const id = nextId(tasks);
  return children.flatMap((ch) => {
    const age = ageOn(ch, on);
    if (
      age === undefined ||
      age < policy.fromAge ||
      tasks.some((t) => t.kind === 'explain-decision' && t.subject === ch.id)
    )
      return [];
    const version =
      policy.childrensPlan && onPlan.includes(ch.id)
        ? `, with a children's version of the plan (${policy.childrensPlan})`
        : '';
    return [
      {
        id: id(),
        kind: 'explain-decision' as const,
        subject: ch.id,
        detail: `the decision to the child (aged ${age})${version}`,
        dueAt,
        status: 'open' as const,
      },
    ];
  });
}

/**
 * At approval: a birth plan to agree for each unborn child on a child protection plan whose birth is
 * not recorded, due at the timetable's `birthPlanDue` (pre-birth.ts). Not opened twice.
 */
export function birthPlanTasks(
  tasks: readonly ConferenceTask[],
  children: readonly (ChildOf & Pick<Child, 'expectedDueDate'>)[],
  onPlan: readonly string[],
  dueAt: IsoInstant | undefined,
): ConferenceTask[] {
  if (!dueAt) return [];
  const id = nextId(tasks);
  return children.flatMap((ch) =>
    ch.unborn &&
    !ch.bornOn &&
    ch.expectedDueDate &&
    onPlan.includes(ch.id) &&
    !tasks.some((t) => t.kind === 'agree-birth-plan' && t.subject === ch.id)
      ? [
          {
            id: id(),
            kind: 'agree-birth-plan' as const,
            subject: ch.id,
            detail: 'the birth plan with the family and the core group, before the birth',
            dueAt,
            status: 'open' as const,
          },
        ]
      : [],
  );
}
