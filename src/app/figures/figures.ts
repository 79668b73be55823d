/**
 * The figures for a period, added up from figures records (record.ts). Pure: records and `now` in,
 * the numbers out. Every figure counts the conferences whose date (held, else booked) falls in the
 * period; the words saying how each is counted are in src/content/figures-words.ts.
 */
import type { IsoDate } from '../../domain/conference-parts.ts';
import {
  CONFERENCE_KINDS,
  RECOMMENDATIONS,
  type ConferenceKind,
  type Recommendation,
} from '../../domain/vocabulary.ts';
import { onPlanOn, onPlanOverMonths, type PlanEpisode } from '../../domain/child-record.ts';
import type { CirculationTimes, FiguresRecord } from './figures-record.ts';
import { circulationFigures, hoursOf, median, share, type CirculationFigures } from './circulation-figures.ts';

export interface MonthFigures {
  month: string;
  circulation: { complete: number; medianHours: number | null };
  reports: { onTime: number; late: number; missing: number };
}

export interface Figures {
  period: { from: IsoDate; to: IsoDate; policy: string | null };
  conferences: {
    total: number;
    byKind: Record<ConferenceKind, { total: number; held: number; cancelled: number; notHeld: number }>;
    /** Per child, the chair's outcome at the conferences held. */
    byOutcome: Record<Recommendation, number>;
  };
  initialConferences: {
    total: number;
    withinStatutory: number;
    withinStatutoryShare: number | null;
    late: { reference: string; workingDaysLate: number; strategyDiscussionOn: IsoDate; heldOn: IsoDate }[];
  };
  reports: {
    requested: number;
    onTime: number;
    late: number;
    missing: number;
    byAgency: { agency: string; onTime: number; late: number; missing: number }[];
  };
  /** The decision and plan (they go out together). */
  circulation: CirculationFigures;
  minutesCirculation: CirculationFigures;
  participation: { children: number; attended: number; viewsByOtherMeans: number; notRecorded: number };
  outcomes: {
    initialChildren: number;
    initialNotLeadingToPlan: number;
    initialNotLeadingToPlanShare: number | null;
    reviewChildren: number;
    reviewsSteppingDown: number;
    reviewsSteppingDownShare: number | null;
    plansEnded: number;
  };
  /** Children on a child protection plan at the end of the period (or today), and those whose plan had by then run over 12 months. */
  childrenOnPlanOver12Months: { asOf: IsoDate; onPlan: number; over12Months: number; over12MonthsShare: number | null };
  coreGroups: { held: number; withinLimits: number; withinLimitsShare: number | null; noLimit: number };
  planActions: { due: number; doneOnTime: number; doneLate: number; overdue: number; doneOnTimeShare: number | null };
  months: MonthFigures[];
}

const zeroKinds = () =>
  Object.fromEntries(
    CONFERENCE_KINDS.map((k) => [k, { total: 0, held: 0, cancelled: 0, notHeld: 0 }]),
  ) as Figures['conferences']['byKind'];
const zeroOutcomes = () => Object.fromEntries(RECOMMENDATIONS.map((r) => [r, 0])) as Record<Recommendation, number>;

/** The months from `from` to `to` (`YYYY-MM`), in order. */
function monthsOf(from: IsoDate, to: IsoDate): string[] {
  const out: string[] = [];
  let [y, m] = from.slice(0, 7).split('-').map(Number) as [number, number];
  const end = to.slice(0, 7);
  for (let guard = 0; guard < 1200; guard++) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push(key);
    if (key >= end) break;
    m = m === 12 ? 1 : m + 1;
    if (m === 1) y++;
  }
  return out;
}

/**
 * Adds up the records of the conferences dated in [from, to] (London dates, both included).
 * `today` decides which plan actions are overdue and which circulations are past their deadline.
 */
export function computeFigures(
  records: readonly FiguresRecord[],
  period: Figures['period'],
  now: Date,
  today: IsoDate,
): Figures {
  const inPeriod = records.filter(
    (r) => r.on >= period.from && r.on <= period.to && (!period.policy || r.policyId === period.policy),
  );
  const byKind = zeroKinds();
  const byOutcome = zeroOutcomes();
  const late: Figures['initialConferences']['late'] = [];
  let initialTotal = 0;
  const agencies = new Map<string, { agency: string; onTime: number; late: number; missing: number }>();
  const reports = { requested: 0, onTime: 0, late: 0, missing: 0 };
  const participation = { children: 0, attended: 0, viewsByOtherMeans: 0, notRecorded: 0 };
  const outcomes = {
    initialChildren: 0,
    initialNotLeadingToPlan: 0,
    reviewChildren: 0,
    reviewsSteppingDown: 0,
    plansEnded: 0,
  };
  const coreGroups = { held: 0, withinLimits: 0, noLimit: 0 };
  const actions = { due: 0, doneOnTime: 0, doneLate: 0, overdue: 0 };
  const decisions: CirculationTimes[] = [];
  const minutes: CirculationTimes[] = [];
  const months = new Map(
    monthsOf(period.from, period.to).map((m) => [
      m,
      { hours: [] as number[], reports: { onTime: 0, late: 0, missing: 0 } },
    ]),
  );
  const nowMs = now.getTime();

  for (const r of inPeriod) {
    const kind = byKind[r.kind];
    kind.total++;
    if (r.status === 'held') kind.held++;
    else if (r.status === 'cancelled') kind.cancelled++;
    else kind.notHeld++;
    const month = months.get(r.on.slice(0, 7));

    for (const ch of r.children) {
      if (r.status === 'held' && ch.outcome) {
        byOutcome[ch.outcome]++;
        if (r.kind === 'initial') {
          outcomes.initialChildren++;
          if (ch.outcome !== 'child-protection-plan') outcomes.initialNotLeadingToPlan++;
        } else if (r.kind === 'review') {
          outcomes.reviewChildren++;
          if (ch.outcome === 'child-in-need') outcomes.reviewsSteppingDown++;
          if (ch.outcome !== 'child-protection-plan') outcomes.plansEnded++;
        }
      }
      if (ch.participation) {
        participation.children++;
        if (ch.participation === 'attended') participation.attended++;
        else if (ch.participation === 'views-by-other-means') participation.viewsByOtherMeans++;
        else participation.notRecorded++;
      }
    }

    if (r.initial) {
      initialTotal++;
      if (r.initial.workingDaysLate > 0)
        late.push({
          reference: r.reference,
          workingDaysLate: r.initial.workingDaysLate,
          strategyDiscussionOn: r.initial.strategyDiscussionOn,
          heldOn: r.initial.heldOn,
        });
    }

    for (const rep of r.reports) {
      reports.requested++;
      const a = agencies.get(rep.agency) ?? { agency: rep.agency, onTime: 0, late: 0, missing: 0 };
      agencies.set(rep.agency, a);
      const key = rep.state === 'on-time' ? 'onTime' : rep.state;
      reports[key]++;
      a[key]++;
      if (month) month.reports[key]++;
    }

    if (r.decision) {
      decisions.push(r.decision);
      const h = hoursOf(r.decision);
      if (month && h !== undefined) month.hours.push(h);
    }
    if (r.minutes) minutes.push(r.minutes);

    for (const g of r.coreGroups) {
      if (Date.parse(g.startsAt) > nowMs) continue;
      coreGroups.held++;
      if (!g.dueBy) coreGroups.noLimit++;
      else if (Date.parse(g.startsAt) <= Date.parse(g.dueBy)) coreGroups.withinLimits++;
    }

    for (const a of r.actions) {
      if (a.dueOn > today && !a.doneOn) continue;
      actions.due++;
      if (a.doneOn && a.doneOn <= a.dueOn) actions.doneOnTime++;
      else if (a.doneOn) actions.doneLate++;
      else actions.overdue++;
    }
  }

  late.sort((a, b) => b.workingDaysLate - a.workingDaysLate || a.reference.localeCompare(b.reference));
  const withLimit = coreGroups.held - coreGroups.noLimit;
  return {
    period,
    conferences: { total: inPeriod.length, byKind, byOutcome },
    initialConferences: {
      total: initialTotal,
      withinStatutory: initialTotal - late.length,
      withinStatutoryShare: share(initialTotal - late.length, initialTotal),
      late,
    },
    reports: { ...reports, byAgency: [...agencies.values()].sort((a, b) => a.agency.localeCompare(b.agency)) },
    circulation: circulationFigures(decisions, nowMs),
    minutesCirculation: circulationFigures(minutes, nowMs),
    participation,
    outcomes: {
      ...outcomes,
      initialNotLeadingToPlanShare: share(outcomes.initialNotLeadingToPlan, outcomes.initialChildren),
      reviewsSteppingDownShare: share(outcomes.reviewsSteppingDown, outcomes.reviewChildren),
    },
    childrenOnPlanOver12Months: {
      asOf: period.to < today ? period.to : today,
      onPlan: 0,
      over12Months: 0,
      over12MonthsShare: null,
    },
    coreGroups: { ...coreGroups, withinLimitsShare: share(coreGroups.withinLimits, withLimit) },
    planActions: { ...actions, doneOnTimeShare: share(actions.doneOnTime, actions.due) },
    months: [...months].map(([month, m]) => {
      const sorted = m.hours.sort((a, b) => a - b);
      return { month, circulation: { complete: sorted.length, medianHours: median(sorted) }, reports: m.reports };
    }),
  };
}

/**
 * Children on a plan on `asOf`, and those whose plan had by then run over 12 months, from each
 * child's plans across conferences (domain/child-record.ts). One count per child.
 */
export function plansOver12Months(
  children: readonly { plans: readonly PlanEpisode[] }[],
  asOf: IsoDate,
): Figures['childrenOnPlanOver12Months'] {
  let onPlan = 0;
  let over = 0;
  for (const { plans } of children) {
    if (plans.some((p) => onPlanOn(p, asOf))) onPlan++;
    if (plans.some((p) => onPlanOverMonths(p, asOf, 12))) over++;
  }
  return { asOf, onPlan, over12Months: over, over12MonthsShare: share(over, onPlan) };
}
