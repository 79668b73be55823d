/**
 * `/dashboard/figures`: the figures for a period, each with how it is counted, and two charts per
 * month (decision circulation time, report timeliness) drawn as SVG with their numbers in a table
 * beside them. The same numbers as `GET /api/figures` (app/figures).
 */
import type { Figures } from '../../../../app/figures/figures.ts';
import { FIGURE_TITLES, HOW_COUNTED, OUTCOME_WORDS, type FigureKey } from '../../../../content/figures-words.ts';
import { calendarDate } from '../../../../content/format.ts';
import { CONFERENCE_KINDS, RECOMMENDATIONS } from '../../../../domain/vocabulary.ts';
import { button, errorFor, errorSummary, html, select, textInput, type FormState, type Html } from '../html.ts';
import { barChart, COLOURS } from './charts.ts';

const pct = (share: number | null): string => (share === null ? '—' : `${Math.round(share * 100)}%`);
const hours = (h: number | null): string => (h === null ? '—' : `${h} hours`);
const opt = (error: string | undefined) => (error ? { error } : {});
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthLabel = (m: string) => `${MONTHS[Number(m.slice(5, 7)) - 1]} ${m.slice(0, 4)}`;
const KIND_WORDS: Record<(typeof CONFERENCE_KINDS)[number], string> = {
  initial: 'Initial',
  review: 'Review',
  'pre-birth': 'Pre-birth',
  'transfer-in': 'Transfer-in',
};

export function figuresForm(f: FormState, policies: { id: string; name: string }[]): Html {
  return html`${errorSummary(f, { from: 'from', to: 'to', year: 'from', policy: 'policy', format: 'from' })}
<form method="get" action="/dashboard/figures" class="search" aria-label="Choose the period" novalidate>
${textInput(f, { id: 'from', name: 'from', type: 'date', label: 'From', hint: 'First day counted', ...opt(errorFor(f, 'from', 'year', 'format')) })}
${textInput(f, { id: 'to', name: 'to', type: 'date', label: 'To', hint: 'Last day counted', ...opt(errorFor(f, 'to')) })}
${select(f, { id: 'policy', name: 'policy', label: 'Policy', options: [['', 'Every policy'], ...policies.map((p): [string, string] => [p.id, p.name])], ...opt(errorFor(f, 'policy')) })}
<div class="field">${button('Show figures', 'button')}</div></form>`;
}

function facts(rows: [string, string | number][]): Html {
  return html`<dl class="facts">${rows.map(([k, v]) => html`<div><dt>${k}</dt><dd>${String(v)}</dd></div>`)}</dl>`;
}

function section(key: FigureKey, body: Html): Html {
  return html`<section aria-labelledby="fig-${key}"><h2 id="fig-${key}">${FIGURE_TITLES[key]}</h2>${body}<p class="hint"><strong>How it is counted:</strong> ${HOW_COUNTED[key]}</p></section>`;
}

function table(caption: string, head: string[], rows: (string | number | Html)[][]): Html {
  return html`<div class="table-wrap" role="region" aria-label="${caption}" tabindex="0"><table><caption>${caption}</caption><thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${rows.map(([first, ...rest]) => html`<tr><th scope="row">${first instanceof Object ? first : String(first)}</th>${rest.map((c) => html`<td>${c instanceof Object ? c : String(c)}</td>`)}</tr>`)}</tbody></table></div>`;
}

function circulationChart(f: Figures): Html {
  const chart = barChart({
    id: 'chart-circulation',
    title: 'Decision and plan: median hours from the end of the meeting to the last recipient, per month',
    description: f.months
      .map(
        (m) =>
          `${monthLabel(m.month)}: ${m.circulation.medianHours === null ? 'none' : `${m.circulation.medianHours} hours`}`,
      )
      .join('; '),
    series: [{ name: 'Median hours', colour: COLOURS.blue }],
    rows: f.months.map((m) => ({
      label: monthLabel(m.month),
      segments: m.circulation.medianHours === null ? [] : [{ value: m.circulation.medianHours, series: 0 }],
      note: m.circulation.medianHours === null ? 'none' : `${m.circulation.medianHours} h`,
    })),
  });
  const data = table(
    'Circulation time per month',
    ['Month', 'Decisions that reached everyone', 'Median hours'],
    f.months.map((m) => [monthLabel(m.month), m.circulation.complete, m.circulation.medianHours ?? '—']),
  );
  return html`<div class="chart-pair"><figure class="chart-figure">${chart}<figcaption>Median hours per month (the numbers are in the table).</figcaption></figure>${data}</div>`;
}

function reportsChart(f: Figures): Html {
  const chart = barChart({
    id: 'chart-reports',
    title: 'Reports per month: on time, late and missing',
    description: f.months
      .map(
        (m) =>
          `${monthLabel(m.month)}: ${m.reports.onTime} on time, ${m.reports.late} late, ${m.reports.missing} missing`,
      )
      .join('; '),
    series: [
      { name: 'On time', colour: COLOURS.green },
      { name: 'Late', colour: COLOURS.amber },
      { name: 'Missing', colour: COLOURS.red },
    ],
    rows: f.months.map((m) => {
      const total = m.reports.onTime + m.reports.late + m.reports.missing;
      return {
        label: monthLabel(m.month),
        segments: [
          { value: m.reports.onTime, series: 0 },
          { value: m.reports.late, series: 1 },
          { value: m.reports.missing, series: 2 },
        ],
        note: total ? `${m.reports.onTime} of ${total}` : 'none',
      };
    }),
  });
  const data = table(
    'Reports per month',
    ['Month', 'On time', 'Late', 'Missing'],
    f.months.map((m) => [monthLabel(m.month), m.reports.onTime, m.reports.late, m.reports.missing]),
  );
  return html`<div class="chart-pair"><figure class="chart-figure">${chart}<figcaption>Reports on time, late and missing per month (the numbers are in the table).</figcaption></figure>${data}</div>`;
}

/**
 * The page body for computed figures; `query` is the period's query string (for the CSV link), and
 * `policyName` the short name of the policy they are filtered by (its id otherwise).
 */
export function figuresBody(f: Figures, query: string, policyName?: string): Html {
  const i = f.initialConferences;
  const c = f.circulation;
  const m = f.minutesCirculation;
  const o = f.outcomes;
  const p = f.participation;
  const plan = f.childrenOnPlanOver12Months;
  return html`<p>From ${calendarDate(f.period.from)} to ${calendarDate(f.period.to)}${f.period.policy ? `, ${policyName ?? f.period.policy} policy` : ', every policy'}. <a href="/dashboard/figures.csv?${query}" download>Download these figures as a spreadsheet (CSV)</a></p>
<ul class="counts" aria-label="The figures at a glance">
<li><span class="n">${pct(i.withinStatutoryShare)}</span> initial conferences within 15 working days</li>
<li><span class="n">${hours(c.medianHours)}</span> median time to circulate the decision</li>
<li><span class="n">${pct(f.reports.requested ? f.reports.onTime / f.reports.requested : null)}</span> reports on time</li>
<li><span class="n">${plan.over12Months}</span> children on a plan for over 12 months</li>
</ul>
${section(
  'conferences',
  html`${table(
    'Conferences by kind',
    ['Kind', 'Held', 'Cancelled', 'Not held', 'All'],
    CONFERENCE_KINDS.map((k) => [
      KIND_WORDS[k],
      f.conferences.byKind[k].held,
      f.conferences.byKind[k].cancelled,
      f.conferences.byKind[k].notHeld,
      f.conferences.byKind[k].total,
    ]),
  )}
${facts(RECOMMENDATIONS.map((r): [string, number] => [`Children: ${OUTCOME_WORDS[r].toLowerCase()}`, f.conferences.byOutcome[r]]))}`,
)}
${section(
  'initialConferences',
  html`${facts([
    ['Held', i.total],
    ['Within 15 working days', `${i.withinStatutory} (${pct(i.withinStatutoryShare)})`],
    ['Late', i.late.length],
  ])}${
    i.late.length
      ? table(
          'Late initial conferences',
          ['Reference', 'Strategy discussion', 'Held', 'Working days late'],
          i.late.map((l) => [
            html`<a href="/dashboard/find?q=${l.reference}">${l.reference}</a>`,
            calendarDate(l.strategyDiscussionOn),
            calendarDate(l.heldOn),
            l.workingDaysLate,
          ]),
        )
      : html`<p>None late.</p>`
  }`,
)}
${section(
  'reports',
  html`${facts([
    ['Asked for', f.reports.requested],
    ['On time', f.reports.onTime],
    ['Late', f.reports.late],
    ['Missing', f.reports.missing],
  ])}${
    f.reports.byAgency.length
      ? table(
          'Reports by agency',
          ['Agency', 'On time', 'Late', 'Missing'],
          f.reports.byAgency.map((a) => [a.agency, a.onTime, a.late, a.missing]),
        )
      : ''
  }${reportsChart(f)}`,
)}
${section(
  'circulation',
  html`${facts([
    ['Decisions approved', c.circulated],
    ['Reached every recipient', c.complete],
    ['Still waiting for someone', c.waiting],
    ['Median', hours(c.medianHours)],
    ['90th percentile', hours(c.p90Hours)],
    ['Within the policy’s window', `${c.withinWindow} of ${c.withWindow} (${pct(c.withinWindowShare)})`],
  ])}${circulationChart(f)}`,
)}
${section(
  'minutesCirculation',
  facts([
    ['Minutes approved', m.circulated],
    ['Reached every recipient', m.complete],
    ['Median', hours(m.medianHours)],
    ['90th percentile', hours(m.p90Hours)],
    ['Within the policy’s deadline', `${m.withinWindow} of ${m.withWindow} (${pct(m.withinWindowShare)})`],
  ]),
)}
${section(
  'participation',
  facts([
    ['Children', p.children],
    ['Attended', p.attended],
    ['Views by other means', p.viewsByOtherMeans],
    ['Not recorded', p.notRecorded],
  ]),
)}
${section(
  'outcomes',
  facts([
    [
      'Initial conferences not leading to a plan',
      `${o.initialNotLeadingToPlan} of ${o.initialChildren} children (${pct(o.initialNotLeadingToPlanShare)})`,
    ],
    [
      'Reviews stepping down to a child in need plan',
      `${o.reviewsSteppingDown} of ${o.reviewChildren} children (${pct(o.reviewsSteppingDownShare)})`,
    ],
    ['Plans ended at a review', o.plansEnded],
  ]),
)}
${section(
  'childrenOnPlanOver12Months',
  facts([
    [`On a plan on ${calendarDate(plan.asOf)}`, plan.onPlan],
    ['Of them, for over 12 months', `${plan.over12Months} (${pct(plan.over12MonthsShare)})`],
  ]),
)}
${section(
  'coreGroups',
  facts([
    ['Held', f.coreGroups.held],
    ['Within the policy’s limits', `${f.coreGroups.withinLimits} (${pct(f.coreGroups.withinLimitsShare)})`],
    ['Under a policy with no limit', f.coreGroups.noLimit],
  ]),
)}
${section(
  'planActions',
  facts([
    ['Due', f.planActions.due],
    ['Done on time', `${f.planActions.doneOnTime} (${pct(f.planActions.doneOnTimeShare)})`],
    ['Done late', f.planActions.doneLate],
    ['Overdue', f.planActions.overdue],
  ]),
)}`;
}
