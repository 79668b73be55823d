/**
 * The words of the figures: each figure's name and how it is counted (the API, the CSV and the
 * dashboard all say the same), and the CSV itself. Pure.
 */
import type { Recommendation } from '../domain/vocabulary.ts';

export const FIGURE_KEYS = [
  'conferences',
  'initialConferences',
  'reports',
  'circulation',
  'minutesCirculation',
  'participation',
  'outcomes',
  'childrenOnPlanOver12Months',
  'coreGroups',
  'planActions',
] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];

export const FIGURE_TITLES: Record<FigureKey, string> = {
  conferences: 'Conferences by kind and outcome',
  initialConferences: 'Initial conferences within 15 working days',
  reports: 'Reports received by the deadline',
  circulation: 'Decision and plan: time to the last recipient',
  minutesCirculation: 'Minutes: time to the last recipient',
  participation: 'Children’s participation',
  outcomes: 'Outcomes',
  childrenOnPlanOver12Months: 'Children on a plan for over 12 months',
  coreGroups: 'Core groups within the policy’s limits',
  planActions: 'Plan actions done on time',
};

/** How each figure is counted, in a sentence or two a coordinator can check against their spreadsheet. */
export const HOW_COUNTED: Record<FigureKey, string> = {
  conferences:
    'Every conference dated in the period: the day it was held, or for one not held the day it was booked for. Drafted reviews not yet confirmed are left out. Outcomes are the chair’s decision for each child at the conferences held.',
  initialConferences:
    'Initial conferences held in the period that have a strategy discussion date. Within time when held on or before the 15th working day after the strategy discussion (weekends, bank holidays of England and Wales and the authority’s closure days skipped). A late one is listed with the working days from that 15th day to the day it was held.',
  reports:
    'Every report asked for at a conference held in the period, by the author’s agency (their role where no agency is recorded). On time when it arrived by its deadline, late when it arrived after it, missing when it had not arrived when the meeting was held.',
  circulation:
    'For each decision approved in the period: the hours from the end of the meeting (when the chair recorded the decision) to when the last recipient had it. An email counts when the mail server accepted it; a letter by post when it was marked printed and posted; a letter passed on by the social worker when it reached them. Median and 90th percentile over the decisions that reached everyone. Within the window: reached everyone by the policy’s circulation deadline, out of those that did and those still waiting after it.',
  minutesCirculation:
    'As for the decision, for the minutes (or the record bundle where the policy has one) once the chair approved them: hours from the end of the meeting to the last recipient, and the share within the policy’s minutes deadline.',
  participation:
    'Each child (unborn children left out) at a conference held in the period: attended, views by other means, or not recorded. Each child’s participation record (attended; advocate, social worker’s report, drawing or letter, another way; not recorded) decides; for a child without one (conferences held before it was kept) it is counted from the attendance and the views recorded: attended when a child attendee was recorded present or the child gave their view directly, by other means when their view came through an advocate, the social worker or the chair.',
  outcomes:
    'Counted per child. Initial conferences not leading to a plan: children at initial conferences whose outcome was not a child protection plan. Reviews stepping down: children at review conferences moved to a child in need plan. Plans ended: children at review conferences whose child protection plan ended (a child in need plan or no further action).',
  childrenOnPlanOver12Months:
    'Each child is followed across their conferences (their child record: the initial conference, reviews, a transfer-in). A plan starts at the approved conference that first decides on one and ends at the one that decides no plan. Counted on the last day of the period (today, if the period runs on): the children on a plan that day, and of them those whose plan had run more than 12 whole months. Counted across every policy: a child’s plan may span conferences under more than one.',
  coreGroups:
    'Core groups already held (their start has passed, cancelled ones left out) for children on a plan at conferences in the period. Within limits when the first met by the policy’s first core group deadline and each later one within the policy’s interval of the one before. Core groups under a policy with no limit are counted apart.',
  planActions:
    'Actions of the plans made at conferences in the period that have a due date and were not dropped, once due (or done). On time when marked done on or before the due date; late when done after it; overdue when still open after it.',
};

export const OUTCOME_WORDS: Record<Recommendation, string> = {
  'child-protection-plan': 'Child protection plan',
  'child-in-need': 'Child in need plan',
  'no-further-action': 'No further action',
};

/** One CSV cell: quoted when needed, and a leading = + - @ made harmless for spreadsheets. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows of `figure, breakdown, value`, with a header; how each figure is counted follows at the end. */
export function figuresCsv(rows: readonly (readonly [FigureKey, string, string | number | null])[]): string {
  const lines = [['figure', 'breakdown', 'value'].join(',')];
  for (const [key, breakdown, value] of rows)
    lines.push([csvCell(FIGURE_TITLES[key]), csvCell(breakdown), csvCell(value)].join(','));
  for (const key of FIGURE_KEYS)
    lines.push([csvCell(FIGURE_TITLES[key]), 'how it is counted', csvCell(HOW_COUNTED[key])].join(','));
  return lines.join('\r\n') + '\r\n';
}
