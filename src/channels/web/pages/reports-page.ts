/**
 * The reports someone may read, on their own personal link: `/l/<token>/reports` lists them and
 * `/l/<token>/reports/<file>` downloads one file. What is listed is the disclosure table's answer
 * (src/app/reports/report-access.ts); this file only renders it.
 */
import type { ReadableReport, ReportsView } from '../../../app/reports/report-access.ts';
import { calendarDate } from '../../../content/format.ts';
import { html, notice, when, type Html } from './html.ts';
import { attendeeWithName } from '../../../content/labels.ts';
import { roleLabel } from '../../../content/words.ts';
import type { LinkCtx, Rendered } from './link-page.ts';

const size = (n: number) =>
  n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / (1024 * 1024)).toFixed(1)} MB`;

/** The link-bound address of one file (the same token; every request is checked again). */
export const fileHref = (ctx: LinkCtx, blobId: string) => `${ctx.action}/reports/${encodeURIComponent(blobId)}`;

function files(ctx: LinkCtx, r: Pick<ReadableReport, 'files'>): Html | string {
  if (!r.files.length) return '';
  return html`<ul>${r.files.map((f) => html`<li><a href="${fileHref(ctx, f.blobId)}" download>Download ${f.name}</a> (${size(f.size)})</li>`)}</ul>`;
}

function professionalItem(ctx: LinkCtx, r: ReadableReport): Html {
  const id = `report-${r.author.id}`;
  return html`<section class="report" aria-labelledby="${id}"><h2 id="${id}">${attendeeWithName(r.author)}</h2>
<p>Version ${String(r.version)}, received ${when(r.at)}${r.late ? ' (late)' : ''}.</p>
${files(ctx, r)}${r.text ? html`<div class="prose">${r.text}</div>` : ''}
${r.family ? html`<details><summary>The version for the family (${when(r.family.at)})</summary>${files(ctx, r.family)}${r.family.text ? html`<div class="prose">${r.family.text}</div>` : ''}</details>` : ''}</section>`;
}

function familyItem(ctx: LinkCtx, r: ReadableReport): Html {
  const id = `report-${r.author.id}`;
  const shared = `shared it with you on ${calendarDate(r.sharedOn!)}`;
  return html`<section class="report" aria-labelledby="${id}"><h3 id="${id}">Report from the ${roleLabel(r.author.role, r.author.agency).replace(/^./, (x) => x.toLowerCase())}</h3>
${r.noFamilyVersion ? html`<p>They ${shared}. There is no copy to open here: you can ask the social worker for a copy.</p>` : html`<p>They ${shared}.</p>${files(ctx, r)}${r.text ? html`<div class="prose">${r.text}</div>` : ''}`}</section>`;
}

/** The family's section on their own page: the reports shared with them. */
export function familyReportsSection(ctx: LinkCtx, view: ReportsView): Html | string {
  if (view.kind !== 'family') return '';
  return html`<h2 id="reports">Reports shared with you</h2>
${view.reports.length ? view.reports.map((r) => familyItem(ctx, r)) : html`<p>No one has recorded sharing a report with you yet. The professionals will go through their reports with you before the meeting.</p>`}`;
}

/** A professional's way in from their own page. */
export function reportsLink(ctx: LinkCtx, view: ReportsView['kind']): Html | string {
  return view === 'professional'
    ? html`<p><a href="${ctx.action}/reports">Read the reports received so far</a></p>`
    : '';
}

export function renderReports(ctx: LinkCtx, view: ReportsView): Rendered {
  const { conference: c } = ctx.link;
  const back = html`<p><a href="${ctx.action}">Back to your page</a></p>`;
  if (view.kind === 'family')
    return {
      title: `Reports – ${c.reference}`,
      heading: 'Reports shared with you',
      body: html`${familyReportsSection(ctx, view)}${back}`,
    };
  const missing = Object.values(c.reports).filter(
    (r) => r.status !== 'received' && r.status !== 'not-requested',
  ).length;
  const body = html`${notice('These reports are confidential. Do not forward or print them unless your role needs it.')}
${view.kind === 'professional' && view.reports.length ? view.reports.map((r) => professionalItem(ctx, r)) : html`<p>No reports have been received yet.</p>`}
${missing ? html`<p>${String(missing)} ${missing === 1 ? 'report has' : 'reports have'} not arrived yet.</p>` : ''}${back}`;
  return { title: `Reports – ${c.reference}`, heading: `Reports for conference ${c.reference}`, body };
}
