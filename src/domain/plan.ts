/**
 * The child protection plan as a working tool: each action has an owner (an attendee), a due date
 * and a status; the owner is reminded before it is due and an overdue action is flagged. Where the
 * policy works in Signs of Safety (Cumbria, Bexley) the plan also holds the sections the policy
 * names, under its own headings. Pure: dates in, answers out.
 */
import { DateTime } from 'luxon';
import type { WorkingDayCalendar } from './calendar/working-days.ts';
import type { Attendee, IsoDate, IsoInstant } from './conference-parts.ts';
import type { FieldIssue } from './errors.ts';
import type { Policy } from './policy/schema.ts';
import { LONDON } from './calendar/zone.ts';
import type { PlanSection } from './vocabulary.ts';

/** The input's key for each section (`signsOfSafety.<key>`). */
export const SECTION_KEYS: Record<PlanSection, string> = {
  'danger-statements': 'dangerStatements',
  'safety-goals': 'safetyGoals',
  'bottom-lines': 'bottomLines',
  contingency: 'contingency',
  'words-and-pictures': 'wordsAndPicturesSharedOn',
};

export const PLAN_STATUSES = ['open', 'in-progress', 'done', 'dropped'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
const FINISHED: ReadonlySet<PlanStatus> = new Set(['done', 'dropped']);

/** One action of the plan: the risk it answers, the task, who does it and by when. */
export interface PlanRow {
  risk: string;
  task: string;
  byWhom: string;
  timescale: string;
  plannedOutcome: string;
  /** The children this action is for; absent means every child. A parent's letter shows only rows for their own children. */
  childIds?: string[];
  /** `p1`, `p2`… in the order the chair gave them (recorded since actions have owners). */
  id?: string;
  /** The attendee who owns the action: reminded before `dueOn`. */
  ownerAttendeeId?: string;
  dueOn?: IsoDate;
  /** @defaultValue 'open' */
  status?: PlanStatus;
  /** Bumped when the owner or due date changes: carried in the reminder jobs' seq, so an older job does nothing. */
  revision?: number;
  /** Progress recorded since the conference (at a core group, or by the owner or social worker). */
  progress?: { at: IsoInstant; by: string; status: PlanStatus; note?: string; meeting?: string }[];
  /** When the overdue flag went to the social worker and the core group chair. */
  overdueFlaggedAt?: IsoInstant;
}

/** A scaling score (0–10) against a danger statement or safety goal, at one meeting (`conference` or `cg2`). */
export interface Scaling {
  meeting: string;
  score: number;
  at: IsoInstant;
}

export interface SignsOfSafety {
  dangerStatements: { id: string; text: string; scaling: Scaling[] }[];
  safetyGoals: { id: string; text: string; dangerStatementId?: string; scaling: Scaling[] }[];
  bottomLines: string[];
  contingency?: string;
  /** The date the words and pictures explanation was shared with the child. */
  wordsAndPicturesSharedOn?: IsoDate;
}

/** The policy's heading for each section it uses, in its order; empty where it does not work in Signs of Safety. */
export function planHeadings(policy: Policy): { section: PlanSection; heading: string }[] {
  return policy.plan.sections;
}

export const usesSection = (policy: Policy, s: PlanSection): boolean =>
  policy.plan.sections.some((x) => x.section === s);

/** `signsOfSafety` sections given that the policy does not use: each refused, naming the field. */
export function unknownSectionIssues(
  policy: Policy,
  given: Record<string, unknown> | undefined,
  field = 'signsOfSafety',
): FieldIssue[] {
  if (!given) return [];
  const used = new Set(policy.plan.sections.map((s) => SECTION_KEYS[s.section]));
  const words = policy.plan.sections.length
    ? `it uses ${policy.plan.sections.map((s) => s.heading).join(', ')}`
    : 'it does not work in Signs of Safety';
  return Object.entries(given)
    .filter(([k, v]) => v !== undefined && !used.has(k))
    .map(([k]) => ({
      field: `${field}.${k}`,
      message: `not a plan section of the ${policy.shortName} policy (${words})`,
    }));
}

/** Field problems of the plan's owners and due dates: an owner must be an attendee (never the child); a due date not before today. */
export function planRowIssues(
  rows: readonly { ownerAttendeeId?: string | undefined; dueOn?: string | undefined }[],
  attendees: readonly Attendee[],
  today: IsoDate,
  field = 'plan',
): FieldIssue[] {
  return rows.flatMap((r, i) => {
    const issues: FieldIssue[] = [];
    if (r.ownerAttendeeId) {
      const a = attendees.find((x) => x.id === r.ownerAttendeeId);
      if (!a)
        issues.push({ field: `${field}.${i}.ownerAttendeeId`, message: `${r.ownerAttendeeId} is not an attendee` });
      else if (a.role === 'child')
        issues.push({
          field: `${field}.${i}.ownerAttendeeId`,
          message: 'the child does not own an action: name the adult who does it',
        });
    }
    if (r.dueOn && r.dueOn < today) issues.push({ field: `${field}.${i}.dueOn`, message: `${r.dueOn} is in the past` });
    return issues;
  });
}

export const isOpen = (r: Pick<PlanRow, 'status'>): boolean => !FINISHED.has(r.status ?? 'open');

/** Open and past its due date (the day after it was due, London time). */
export function isOverdue(r: Pick<PlanRow, 'status' | 'dueOn'>, today: IsoDate): boolean {
  return isOpen(r) && r.dueOn !== undefined && r.dueOn < today;
}

/** The job seq of one revision of one action: `p3` revision 2 is 302. */
export const planRowSeq = (r: Pick<PlanRow, 'id' | 'revision'>): number =>
  Number((r.id ?? 'p0').slice(1)) * 100 + (r.revision ?? 1);
export const planRowOfSeq = (seq: number): { id: string; revision: number } => ({
  id: `p${Math.floor(seq / 100)}`,
  revision: seq % 100,
});

const at = (day: string, hhmm: string): Date => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return DateTime.fromISO(day, { zone: LONDON }).set({ hour: h, minute: m }).toJSDate();
};

/** When the owner is reminded (`plan.reminderWorkingDaysBefore` working days before, at the policy's send time) and when an action still open is flagged overdue (the next working day's morning). */
export function planActionTimes(
  policy: Policy,
  calendar: WorkingDayCalendar,
  dueOn: IsoDate,
  now: Date,
): { remindAt?: Date; overdueAt: Date } {
  const sendAt = policy.reports.reminders.sendAt;
  const remind = at(calendar.addWorkingDays(dueOn, -policy.plan.reminderWorkingDaysBefore), sendAt);
  const overdue = at(calendar.addWorkingDays(dueOn, 1), sendAt);
  return {
    ...(remind.getTime() > now.getTime() ? { remindAt: remind } : {}),
    overdueAt: overdue.getTime() > now.getTime() ? overdue : now,
  };
}
