/**
 * The conference-related part of the DfE children in need (CIN) census, per child, for a collection
 * year (1 April to 31 March): the section 47 enquiry's start (the strategy discussion), the initial
 * conference and its 15-working-day target, each child protection plan's start and end, initial and
 * latest category of abuse, reviews and number of previous plans. One row per plan, or per initial
 * conference that did not lead to one; each row names the conferences it comes from. Validated as
 * the census's own rules do (no plan without a category, no end on or before the start, reviews
 * after the start) and with what is missing. See docs/census.md for the specification followed.
 */
import type { WorkingDayCalendar } from './calendar/working-days.ts';
import { categoriesOn, type ChildConferenceEntry, type ChildRecord, type PlanEpisode } from './child-record.ts';
import type { IsoDate } from './conference-parts.ts';
import type { CategoryOfHarm, ConferenceKind } from './vocabulary.ts';

/** The census's category of abuse codes; more than one category is MUL (multiple). */
export const CATEGORY_CODES: Record<CategoryOfHarm, string> = {
  neglect: 'NEG',
  physical: 'PHY',
  emotional: 'EMO',
  sexual: 'SAB',
};
export const MULTIPLE_CATEGORIES = 'MUL';

export function categoryCode(categories: readonly CategoryOfHarm[]): string | undefined {
  if (categories.length === 0) return undefined;
  return categories.length > 1 ? MULTIPLE_CATEGORIES : CATEGORY_CODES[categories[0]!];
}

/** Collection year `year` runs from 1 April of the year before to 31 March of `year` (its reference date). */
export function collectionYear(year: number): { year: number; start: IsoDate; end: IsoDate } {
  return { year, start: `${year - 1}-04-01`, end: `${year}-03-31` };
}

/** Conferences that count as an initial child protection conference in the census. */
const INITIAL_KINDS: ReadonlySet<ConferenceKind> = new Set<ConferenceKind>(['initial', 'pre-birth', 'transfer-in']);
/** Those that follow a section 47 enquiry started at a strategy discussion (a transfer-in follows the other authority's plan). */
const AFTER_STRATEGY_DISCUSSION: ReadonlySet<ConferenceKind> = new Set<ConferenceKind>(['initial', 'pre-birth']);

export interface CensusRow {
  /** The child's record id: the census's LAchildID in this return (never a name). */
  childRecordId: string;
  /** Every conference behind the row, in the order held. */
  references: string[];
  /** S47ActualStartDate: the strategy discussion at which the section 47 enquiry started. */
  strategyDiscussionDate?: IsoDate;
  /** InitialCPCtarget: 15 working days after the strategy discussion. */
  initialConferenceTarget?: IsoDate;
  /** DateOfInitialCPC. */
  initialConferenceDate?: IsoDate;
  initialConferenceReference?: string;
  initialConferenceKind?: ConferenceKind;
  /** CPPstartDate. */
  planStartDate?: IsoDate;
  /** CPPendDate: only if the plan ended by the reference date (31 March). */
  planEndDate?: IsoDate;
  planEndReference?: string;
  /** InitialCategoryOfAbuse and LatestCategoryOfAbuse (as at the reference date or the plan's end). */
  initialCategory?: string;
  latestCategory?: string;
  /** CPPreviewDate: review conferences held in the collection year while the plan ran (including the one that ended it). */
  reviewDates: IsoDate[];
  /** NumberOfPreviousCPP, where known. */
  previousPlans?: number;
}

export type CensusField = Exclude<keyof CensusRow, 'childRecordId' | 'references'>;

export interface CensusIssue {
  childRecordId: string;
  references: string[];
  field: CensusField;
  /** `error`: the census would refuse the row; `missing`: a field the census asks for that we do not hold. */
  severity: 'error' | 'missing';
  message: string;
}

export interface CensusReturn {
  year: number;
  start: IsoDate;
  end: IsoDate;
  rows: CensusRow[];
  issues: CensusIssue[];
}

const within = (d: IsoDate, y: { start: IsoDate; end: IsoDate }) => d >= y.start && d <= y.end;

function initialConferenceFields(
  e: Pick<ChildConferenceEntry, 'kind' | 'heldOn' | 'reference' | 'strategyDiscussionOn'>,
  calendar: WorkingDayCalendar,
): Partial<CensusRow> {
  if (!INITIAL_KINDS.has(e.kind)) return {};
  const sd = AFTER_STRATEGY_DISCUSSION.has(e.kind) ? e.strategyDiscussionOn : undefined;
  return {
    ...(sd ? { strategyDiscussionDate: sd, initialConferenceTarget: calendar.addWorkingDays(sd, 15) } : {}),
    initialConferenceDate: e.heldOn,
    initialConferenceReference: e.reference,
    initialConferenceKind: e.kind,
  };
}

function planRow(
  record: ChildRecord,
  plan: PlanEpisode,
  y: { start: IsoDate; end: IsoDate },
  calendar: WorkingDayCalendar,
): CensusRow {
  const started = record.conferences.find((e) => e.reference === plan.startedAt.reference);
  const ended = plan.endedOn !== undefined && plan.endedOn <= y.end;
  const asOf = ended ? plan.endedOn! : y.end;
  const held = new Map(record.conferences.map((e) => [e.reference, e.heldOn]));
  const initial = categoryCode(plan.categoryHistory[0]!.categories);
  const latest = categoryCode(categoriesOn(plan, asOf));
  return {
    childRecordId: record.id,
    references: plan.references.filter((r) => (held.get(r) ?? '') <= y.end),
    ...(started ? initialConferenceFields(started, calendar) : {}),
    planStartDate: plan.startedOn,
    ...(ended ? { planEndDate: plan.endedOn!, planEndReference: plan.endedAt!.reference } : {}),
    ...(initial ? { initialCategory: initial } : {}),
    ...(latest ? { latestCategory: latest } : {}),
    reviewDates: plan.reviews.map((r) => r.on).filter((d) => within(d, y)),
    ...(plan.previousPlans !== undefined ? { previousPlans: plan.previousPlans } : {}),
  };
}

/** What the census would refuse in a row, and what it asks for that the row does not have. */
export function rowIssues(row: CensusRow): CensusIssue[] {
  const issues: CensusIssue[] = [];
  const add = (field: CensusField, severity: CensusIssue['severity'], message: string) =>
    issues.push({ childRecordId: row.childRecordId, references: row.references, field, severity, message });
  if (row.initialConferenceKind && AFTER_STRATEGY_DISCUSSION.has(row.initialConferenceKind)) {
    if (!row.strategyDiscussionDate)
      add(
        'strategyDiscussionDate',
        'missing',
        `no strategy discussion date was given for ${row.initialConferenceReference}`,
      );
    else if (row.initialConferenceDate && row.strategyDiscussionDate > row.initialConferenceDate)
      add(
        'strategyDiscussionDate',
        'error',
        `the strategy discussion (${row.strategyDiscussionDate}) is after the initial conference (${row.initialConferenceDate})`,
      );
  }
  if (row.planStartDate) {
    if (!row.initialConferenceDate)
      add(
        'initialConferenceDate',
        'missing',
        `the plan started at ${row.references[0]}, which is not an initial or transfer-in conference`,
      );
    if (!row.initialCategory)
      add('initialCategory', 'error', `a plan without a category of abuse (${row.references[0]})`);
    if (!row.latestCategory)
      add(
        'latestCategory',
        'error',
        `a plan without a latest category of abuse (${row.references[row.references.length - 1]})`,
      );
    if (row.planEndDate !== undefined && row.planEndDate <= row.planStartDate)
      add(
        'planEndDate',
        'error',
        `the plan ends (${row.planEndDate}, ${row.planEndReference}) ${row.planEndDate === row.planStartDate ? 'on the day' : 'before'} it starts (${row.planStartDate})`,
      );
    for (const d of row.reviewDates)
      if (d <= row.planStartDate)
        add('reviewDates', 'error', `a review on ${d} is not after the plan's start (${row.planStartDate})`);
    if (row.previousPlans === undefined)
      add(
        'previousPlans',
        'missing',
        `the number of plans the child had before is not known: give it with POST /api/children/${row.childRecordId}/previous-plans`,
      );
  }
  return issues;
}

/** The return for a collection year from the children's records (see `childPlans` in app/records/child-records.ts). */
export function censusReturn(
  children: readonly { record: ChildRecord; plans: PlanEpisode[] }[],
  year: number,
  calendar: WorkingDayCalendar,
): CensusReturn {
  const y = collectionYear(year);
  const rows: CensusRow[] = [];
  for (const { record, plans } of children) {
    const inYear = plans.filter((p) => p.startedOn <= y.end && (p.endedOn === undefined || p.endedOn >= y.start));
    for (const p of inYear) rows.push(planRow(record, p, y, calendar));
    const started = new Set(plans.map((p) => p.startedAt.reference));
    // An initial conference in the year that did not lead to a plan is a census row of its own.
    for (const e of record.conferences)
      if (INITIAL_KINDS.has(e.kind) && within(e.heldOn, y) && !started.has(e.reference))
        rows.push({
          childRecordId: record.id,
          references: [e.reference],
          ...initialConferenceFields(e, calendar),
          reviewDates: [],
        });
  }
  const first = (r: CensusRow) => r.initialConferenceDate ?? r.planStartDate ?? '';
  const key = (r: CensusRow) => [first(r), r.references[0] ?? '', r.childRecordId];
  rows.sort((a, b) => {
    const [x, y2] = [key(a), key(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y2[i]) return x[i]! < y2[i]! ? -1 : 1;
    return 0;
  });
  return { ...y, rows, issues: rows.flatMap(rowIssues) };
}
