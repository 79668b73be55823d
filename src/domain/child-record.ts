/**
 * A child across conferences: one record per child, kept under an opaque id minted once (never a
 * name, never reused) and carried from the initial conference to its reviews (the review draft
 * copies the children) and given again when the same child comes back (a new initial conference,
 * a transfer-in). The record holds what each approved conference decided for the child; the plans
 * (start, end, category history, reviews, how many came before) are worked out from it, so a
 * decision recorded twice, or late, never leaves a plan half-updated.
 */
import type { IsoDate, IsoInstant } from './conference-parts.ts';
import type { CategoryOfHarm, ConferenceKind, Recommendation } from './vocabulary.ts';

/** What one approved conference decided for the child. */
export interface ChildConferenceEntry {
  conferenceId: string;
  /** The conference reference (`CPC-2027-0042`): every census row is traced back through it. */
  reference: string;
  kind: ConferenceKind;
  /** The child's id within that conference (`c1`). */
  childId: string;
  /** The date the conference was held. */
  heldOn: IsoDate;
  /** The strategy discussion that started the section 47 enquiry (initial and pre-birth conferences). */
  strategyDiscussionOn?: IsoDate;
  outcome: Recommendation;
  categories: CategoryOfHarm[];
  /** When the decision was approved. */
  approvedAt: IsoInstant;
}

export interface ChildRecord {
  /** Opaque (`k` and 12 random letters or digits): the same in every conference about this child. */
  id: string;
  /**
   * Child protection plans the child had before this service knew them (in this or another
   * authority), as the coordinator gave it: absent means not known.
   */
  previousPlansBefore?: number;
  /** When and by whom the number was given on its own (`POST /api/children/:id/previous-plans`). */
  previousPlansGiven?: { at: IsoInstant; by: string };
  /** In the order held (then by reference). */
  conferences: ChildConferenceEntry[];
  createdAt: IsoInstant;
  updatedAt: IsoInstant;
}

/** One child protection plan, from the conference that started it to the one that ended it. */
export interface PlanEpisode {
  childRecordId: string;
  startedOn: IsoDate;
  /** The reference and kind of the conference that started it (initial, pre-birth, transfer-in, or a review that restarted one). */
  startedAt: { reference: string; kind: ConferenceKind; strategyDiscussionOn?: IsoDate };
  /** Absent while the plan goes on. */
  endedOn?: IsoDate;
  endedAt?: { reference: string; kind: ConferenceKind; outcome: Recommendation };
  /** The categories at the start, then every change, each with the conference that made it. */
  categoryHistory: { on: IsoDate; reference: string; categories: CategoryOfHarm[] }[];
  /** Review conferences held while the plan ran, including the one that ended it. */
  reviews: { on: IsoDate; reference: string }[];
  /** Plans before this one: those before the service knew the child plus earlier ones here; absent when not known. */
  previousPlans?: number;
  /** Every conference that started, continued or ended this plan, in order. */
  references: string[];
}

const byDate = (a: ChildConferenceEntry, b: ChildConferenceEntry) =>
  a.heldOn < b.heldOn
    ? -1
    : a.heldOn > b.heldOn
      ? 1
      : a.reference < b.reference
        ? -1
        : a.reference > b.reference
          ? 1
          : 0;

/** The record with this conference's decision in it (replacing an earlier copy of the same conference's). */
export function withConference(record: ChildRecord, entry: ChildConferenceEntry, at: IsoInstant): ChildRecord {
  const others = record.conferences.filter((e) => e.conferenceId !== entry.conferenceId);
  return { ...record, conferences: [...others, entry].sort(byDate), updatedAt: at };
}

const sameCategories = (a: readonly CategoryOfHarm[], b: readonly CategoryOfHarm[]) =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();

/** The child's plans, oldest first, worked out from the conferences in the order they were held. */
export function planHistory(record: ChildRecord): PlanEpisode[] {
  const plans: PlanEpisode[] = [];
  let open: PlanEpisode | undefined;
  for (const e of [...record.conferences].sort(byDate)) {
    const onPlan = e.outcome === 'child-protection-plan';
    if (open) {
      open.references.push(e.reference);
      if (e.kind === 'review') open.reviews.push({ on: e.heldOn, reference: e.reference });
      if (onPlan) {
        const last = open.categoryHistory[open.categoryHistory.length - 1]!;
        if (!sameCategories(last.categories, e.categories))
          open.categoryHistory.push({ on: e.heldOn, reference: e.reference, categories: [...e.categories] });
      } else {
        open.endedOn = e.heldOn;
        open.endedAt = { reference: e.reference, kind: e.kind, outcome: e.outcome };
        open = undefined;
      }
      continue;
    }
    if (!onPlan) continue;
    const earlier = plans.length;
    open = {
      childRecordId: record.id,
      startedOn: e.heldOn,
      startedAt: {
        reference: e.reference,
        kind: e.kind,
        ...(e.strategyDiscussionOn ? { strategyDiscussionOn: e.strategyDiscussionOn } : {}),
      },
      categoryHistory: [{ on: e.heldOn, reference: e.reference, categories: [...e.categories] }],
      reviews: [],
      ...(record.previousPlansBefore !== undefined ? { previousPlans: record.previousPlansBefore + earlier } : {}),
      references: [e.reference],
    };
    plans.push(open);
  }
  return plans;
}

/** The categories in force on `asOf` (the last change on or before it). */
export function categoriesOn(plan: PlanEpisode, asOf: IsoDate): CategoryOfHarm[] {
  let current = plan.categoryHistory[0]!.categories;
  for (const h of plan.categoryHistory) if (h.on <= asOf) current = h.categories;
  return current;
}

/** Whether the plan was running on `date` (it starts on its start date and has ended on its end date). */
export function onPlanOn(plan: PlanEpisode, date: IsoDate): boolean {
  return plan.startedOn <= date && (plan.endedOn === undefined || plan.endedOn > date);
}

/** Whole calendar months from `from` to `to` (a plan started 4 January is 12 months old on 4 January next year). */
export function wholeMonthsBetween(from: IsoDate, to: IsoDate): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
}

/**
 * Time on the plan on `asOf` (or at its end, if it ended before): days and whole calendar months.
 */
export function timeOnPlan(plan: PlanEpisode, asOf: IsoDate): { days: number; months: number } {
  const until = plan.endedOn !== undefined && plan.endedOn < asOf ? plan.endedOn : asOf;
  if (until < plan.startedOn) return { days: 0, months: 0 };
  const days = Math.round((Date.parse(`${until}T00:00:00Z`) - Date.parse(`${plan.startedOn}T00:00:00Z`)) / 86_400_000);
  return { days, months: wholeMonthsBetween(plan.startedOn, until) };
}

/** A plan running on `asOf` that had by then lasted more than `months` whole months (the "over 12 months" figure). */
export function onPlanOverMonths(plan: PlanEpisode, asOf: IsoDate, months = 12): boolean {
  return onPlanOn(plan, asOf) && addMonths(plan.startedOn, months) < asOf;
}

export function addMonths(date: IsoDate, n: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + n;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
