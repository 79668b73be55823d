/**
 * The coordinator's desk on the dashboard: the day's work across conferences (counts, then every
 * item most urgent first, each with what to do and a link to where it is done), finding a
 * conference, the list of conferences with both of their times and what is overdue, and the print
 * queue. Server-rendered, no script; forms carry the session's CSRF token like the rest.
 */
import type { WorklistLine, Worklist } from '../../../../app/conference/worklist.ts';
import type { SearchPage, SearchQuery } from '../../../../app/conference/search.ts';
import { SORTS } from '../../../../app/conference/search.ts';
import type { HardCopy } from '../../../../domain/deliveries.ts';
import { CONFERENCE_STATES } from '../../../../domain/conference.ts';
import { WORK_KINDS, type Urgency, type WorkPlace } from '../../../../domain/worklist.ts';
import { stateLabel } from '../../../../content/labels.ts';
import { dueWords, letterTitle, meetingTimes, WORK_KIND_LABEL, whenRelative } from '../../../../content/worklist.ts';
import { kindLabel } from '../../../../content/words.ts';
import {
  button,
  errorFor,
  errorSummary,
  hidden,
  html,
  select,
  table,
  textInput,
  type FormState,
  type Html,
} from '../html.ts';

const URGENCY: Record<Urgency, string> = { overdue: 'Overdue', today: 'Due today', soon: 'Coming up' };
export const urgencyTag = (u: Urgency): Html => html`<span class="tag tag-${u}">${URGENCY[u]}</span>`;

/** Where on the dashboard an item's work is done. */
export function workLink(i: Pick<WorklistLine, 'conferenceId' | 'place'>): string {
  const place: WorkPlace = i.place;
  if (place === 'letters') return '/dashboard/print-queue';
  const anchor: Partial<Record<WorkPlace, string>> = {
    attendees: 'reports',
    minutes: '',
    'core-groups': '',
    conference: '',
  };
  const a = anchor[place] ?? place;
  return `/dashboard/c/${i.conferenceId}${a ? `#${a}` : ''}`;
}

export function worklistSection(wl: Worklist): Html {
  const shown = WORK_KINDS.filter((k) => wl.counts[k] > 0);
  const counts = html`<ul class="counts" aria-label="Counts">${html`<li class="${wl.counts.overdue ? 'counts-alert' : ''}"><span class="n">${wl.counts.overdue}</span> overdue</li>`}${shown.map(
    (k) =>
      html`<li class="${k === 'failed-job' || k === 'report-overdue' ? 'counts-alert' : ''}"><span class="n">${wl.counts[k]}</span> ${WORK_KIND_LABEL[k].toLowerCase()}</li>`,
  )}</ul>`;
  if (!wl.items.length)
    return html`${counts}<p>Nothing needs you today: every reminder and chaser is running by itself.</p>`;
  const more =
    wl.total > wl.items.length
      ? html`<p class="hint">The ${wl.items.length} most urgent of ${wl.total.toLocaleString('en-GB')} are shown.</p>`
      : '';
  return html`${counts}${more}${table(
    'Needs action',
    ['Conference', 'When', 'What', 'What to do'],
    wl.items.map(
      (i) =>
        html`<tr><th scope="row"><a href="/dashboard/c/${i.conferenceId}">${i.reference}</a></th><td>${urgencyTag(i.urgency)}<br><span class="hint">${i.due}</span></td><td>${i.what}</td><td><a href="${workLink(i)}">${i.next}</a></td></tr>`,
    ),
  )}`;
}

/** The search form: every field as the API takes it. */
export function searchForm(f: FormState, policies: { id: string; name: string }[]): Html {
  return html`${errorSummary(f, { q: 'q', state: 'state', policy: 'policy', from: 'from', to: 'to', sort: 'sort', page: 'q', pageSize: 'q' })}
<form method="get" action="/dashboard/find" class="search" role="search" aria-label="Find a conference" novalidate>
<div class="field-q">${textInput(f, { id: 'q', name: 'q', label: 'Name, reference or agency', hint: 'A child’s, parent’s, chair’s or professional’s name, CPC-2027-0042, or an agency. Every word must match.', ...opt(errorFor(f, 'q', 'page', 'pageSize')) })}</div>
${select(f, { id: 'state', name: 'state', label: 'State', options: [['', 'Any state'], ...CONFERENCE_STATES.map((s): [string, string] => [s, stateLabel(s)])], ...opt(errorFor(f, 'state')) })}
${select(f, { id: 'policy', name: 'policy', label: 'Policy', options: [['', 'Any policy'], ...policies.map((p): [string, string] => [p.id, p.name])], ...opt(errorFor(f, 'policy')) })}
${textInput(f, { id: 'from', name: 'from', type: 'date', label: 'On or after', ...opt(errorFor(f, 'from')) })}
${textInput(f, { id: 'to', name: 'to', type: 'date', label: 'On or before', ...opt(errorFor(f, 'to')) })}
${select(f, { id: 'sort', name: 'sort', label: 'Sort by', options: SORTS.map((s): [string, string] => [s, SORT_LABEL[s]]), ...opt(errorFor(f, 'sort')) })}
<div class="field">${button('Find', 'button')}</div></form>`;
}
const opt = (error: string | undefined) => (error ? { error } : {});
const SORT_LABEL: Record<(typeof SORTS)[number], string> = {
  date: 'Date, soonest first',
  '-date': 'Date, latest first',
  reference: 'Reference',
};

/**
 * The conferences: reference, whom it is about, state, both times (parents' and professionals'),
 * and what needs doing: an overdue item is said as overdue; otherwise the next deadline ahead.
 */
export function conferenceTable(
  p: SearchPage,
  work: Map<string, WorklistLine[]>,
  nextDeadline: (id: string) => string,
  now: Date,
): Html {
  return table(
    'Conferences',
    ['Reference', 'About', 'State', 'Conference (London time)', 'Needs action', 'Next deadline'],
    p.results.map((r) => {
      const mine = work.get(r.id) ?? [];
      const first = mine[0];
      const about = r.about
        ? [...r.about.children, ...r.about.family.map((n) => `${n} (parent or carer)`)].join('; ')
        : '—';
      return html`<tr><th scope="row"><a href="/dashboard/c/${r.id}">${r.reference}</a><br><span class="hint">${kindLabel(r.kind as Parameters<typeof kindLabel>[0])}</span></th><td>${about}${r.chair ? html`<br><span class="hint">Chair: ${r.chair}</span>` : ''}</td><td>${stateLabel(r.state)}</td><td>${meetingTimes(r, now)}</td><td>${
        first
          ? html`${urgencyTag(first.urgency)} ${first.what}${mine.length > 1 ? html`<br><span class="hint">and ${mine.length - 1} more</span>` : ''}`
          : 'Nothing'
      }</td><td>${nextDeadline(r.id)}</td></tr>`;
    }),
  );
}

/** "Page 2 of 5" with previous and next links keeping the query. */
export function pager(p: SearchPage, query: SearchQuery, path: string): Html {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  if (pages === 1) return html`<p class="hint">${p.total} conference${p.total === 1 ? '' : 's'}.</p>`;
  const link = (n: number) => {
    const u = new URLSearchParams(
      Object.entries({ ...query, page: String(n) }).filter(([, v]) => v !== undefined && v !== '') as [
        string,
        string,
      ][],
    );
    return `${path}?${u.toString()}`;
  };
  return html`<nav aria-label="Pages"><p>${p.total} conferences. Page ${p.page} of ${pages}. ${p.page > 1 ? html`<a href="${link(p.page - 1)}">Previous page</a> ` : ''}${p.page < pages ? html`<a href="${link(p.page + 1)}">Next page</a>` : ''}</p></nav>`;
}

export type QueuedLetter = HardCopy & { conferenceId: string; reference: string; addressee: string };

/** The print queue: each letter in words, for whom, its posting deadline, the PDF and "mark printed". */
export function printQueueSection(queue: QueuedLetter[], csrf: string, now: Date): Html {
  return table(
    'Letters to print and post',
    ['Letter', 'Conference', 'For', 'Post by', 'Action'],
    queue.map((h) => {
      const late = Date.parse(h.dueAt) < now.getTime();
      return html`<tr><th scope="row">${letterTitle(h.document, h.ledgerKey)}${h.tooLateForPost ? html`<br><span class="hint">Too late for the post: hand it over or phone them</span>` : ''}</th><td><a href="/dashboard/c/${h.conferenceId}">${h.reference}</a></td><td>${h.addressee}</td><td>${late ? urgencyTag('overdue') : ''} ${whenRelative(h.dueAt, now)}${late ? html`<br><span class="hint">${dueWords('overdue', h.dueAt, now)}</span>` : ''}</td><td><a href="/dashboard/c/${h.conferenceId}/hard-copies/${h.blobId}">Open the PDF<span class="visually-hidden"> of the ${letterTitle(h.document, h.ledgerKey).toLowerCase()} for ${h.addressee}</span></a> <form method="post" action="/dashboard/c/${h.conferenceId}/hard-copies/${h.blobId}/printed" class="inline">${hidden('_csrf', csrf)}${hidden('back', 'print-queue')}${button(`Mark printed`, 'button button-small')}</form></td></tr>`;
    }),
  );
}

/** The top of a conference's page: what needs doing on it now, the lateness first. */
export function conferenceWorkSection(lines: WorklistLine[]): Html {
  if (!lines.length) return html`<div class="notice" role="note">Nothing needs you on this conference now.</div>`;
  return html`<h2 id="needs-action">Needs action</h2>${table(
    'Needs action on this conference',
    ['When', 'What', 'What to do'],
    lines.map(
      (i) =>
        html`<tr><td>${urgencyTag(i.urgency)}<br><span class="hint">${i.due}</span></td><th scope="row">${i.what}</th><td><a href="${workLink(i)}">${i.next}</a></td></tr>`,
    ),
  )}`;
}
