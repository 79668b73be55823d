/** The figures as CSV rows (figure, breakdown, value): the same numbers as the JSON, one per row. */
import { figuresCsv, OUTCOME_WORDS, type FigureKey } from '../../content/figures-words.ts';
import { CONFERENCE_KINDS, RECOMMENDATIONS } from '../../domain/vocabulary.ts';
import type { CirculationFigures } from './circulation-figures.ts';
import type { Figures } from './figures.ts';

type Row = readonly [FigureKey, string, string | number | null];

function circulationRows(key: FigureKey, c: CirculationFigures): Row[] {
  return [
    [key, 'approved', c.circulated],
    [key, 'reached every recipient', c.complete],
    [key, 'still waiting', c.waiting],
    [key, 'median hours', c.medianHours],
    [key, '90th percentile hours', c.p90Hours],
    [key, 'within the policy window', c.withinWindow],
    [key, 'with a window (complete or past it)', c.withWindow],
    [key, 'share within the window', c.withinWindowShare],
  ];
}

export function figuresAsCsv(f: Figures): string {
  const rows: Row[] = [
    [
      'conferences',
      `period from ${f.period.from} to ${f.period.to}${f.period.policy ? `, policy ${f.period.policy}` : ''}`,
      f.conferences.total,
    ],
    ...CONFERENCE_KINDS.flatMap((k): Row[] => [
      ['conferences', `${k}: held`, f.conferences.byKind[k].held],
      ['conferences', `${k}: cancelled`, f.conferences.byKind[k].cancelled],
      ['conferences', `${k}: not held`, f.conferences.byKind[k].notHeld],
    ]),
    ...RECOMMENDATIONS.map((r): Row => ['conferences', `children: ${OUTCOME_WORDS[r]}`, f.conferences.byOutcome[r]]),
    ['initialConferences', 'held', f.initialConferences.total],
    ['initialConferences', 'within 15 working days', f.initialConferences.withinStatutory],
    ['initialConferences', 'share within', f.initialConferences.withinStatutoryShare],
    ...f.initialConferences.late.map((l): Row => [
      'initialConferences',
      `late: ${l.reference} (working days late)`,
      l.workingDaysLate,
    ]),
    ['reports', 'asked for', f.reports.requested],
    ['reports', 'on time', f.reports.onTime],
    ['reports', 'late', f.reports.late],
    ['reports', 'missing', f.reports.missing],
    ...f.reports.byAgency.flatMap((a): Row[] => [
      ['reports', `${a.agency}: on time`, a.onTime],
      ['reports', `${a.agency}: late`, a.late],
      ['reports', `${a.agency}: missing`, a.missing],
    ]),
    ...circulationRows('circulation', f.circulation),
    ...circulationRows('minutesCirculation', f.minutesCirculation),
    ['participation', 'children', f.participation.children],
    ['participation', 'attended', f.participation.attended],
    ['participation', 'views by other means', f.participation.viewsByOtherMeans],
    ['participation', 'not recorded', f.participation.notRecorded],
    ['outcomes', 'children at initial conferences', f.outcomes.initialChildren],
    ['outcomes', 'initial: not leading to a plan', f.outcomes.initialNotLeadingToPlan],
    ['outcomes', 'initial: share not leading to a plan', f.outcomes.initialNotLeadingToPlanShare],
    ['outcomes', 'children at reviews', f.outcomes.reviewChildren],
    ['outcomes', 'reviews stepping down to a child in need plan', f.outcomes.reviewsSteppingDown],
    ['outcomes', 'share stepping down', f.outcomes.reviewsSteppingDownShare],
    ['outcomes', 'plans ended', f.outcomes.plansEnded],
    [
      'childrenOnPlanOver12Months',
      `on a plan on ${f.childrenOnPlanOver12Months.asOf}`,
      f.childrenOnPlanOver12Months.onPlan,
    ],
    ['childrenOnPlanOver12Months', 'of them, on it for over 12 months', f.childrenOnPlanOver12Months.over12Months],
    ['childrenOnPlanOver12Months', 'share over 12 months', f.childrenOnPlanOver12Months.over12MonthsShare],
    ['coreGroups', 'held', f.coreGroups.held],
    ['coreGroups', 'within limits', f.coreGroups.withinLimits],
    ['coreGroups', 'no limit in the policy', f.coreGroups.noLimit],
    ['coreGroups', 'share within limits', f.coreGroups.withinLimitsShare],
    ['planActions', 'due', f.planActions.due],
    ['planActions', 'done on time', f.planActions.doneOnTime],
    ['planActions', 'done late', f.planActions.doneLate],
    ['planActions', 'overdue', f.planActions.overdue],
    ['planActions', 'share done on time', f.planActions.doneOnTimeShare],
    ...f.months.flatMap((m): Row[] => [
      ['circulation', `${m.month}: median hours`, m.circulation.medianHours],
      ['reports', `${m.month}: on time`, m.reports.onTime],
      ['reports', `${m.month}: late`, m.reports.late],
      ['reports', `${m.month}: missing`, m.reports.missing],
    ]),
  ];
  return figuresCsv(rows);
}
