/**
 * `/dashboard/census`: the census return for a collection year, read on the page (rows and what
 * is missing) and downloaded as CSV or the census XML, signed in like the rest of the dashboard.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { censusExport, type CensusExport } from '../../../../app/records/census.ts';
import type { AppDeps } from '../../../../app/deps.ts';
import { ValidationError } from '../../../../domain/errors.ts';
import { API_VERSION } from '../../api/openapi.ts';
import { button, errorFor, errorSummary, html, notice, textInput, type FormState, type Html } from '../html.ts';

type Send = (
  res: Response,
  status: number,
  title: string,
  heading: string,
  body: Html,
  signedIn: Html | undefined,
) => void;

const SOURCE = { softwareCode: 'cp-conference-bot', release: API_VERSION };
const TITLE = 'Children in need census return';
const COLUMNS = [
  'Child record',
  'Conferences',
  'Strategy discussion',
  'Initial conference (target)',
  'Plan start',
  'Plan end',
  'Category: initial / latest',
  'Reviews',
  'Previous plans',
];

function rowsTable(out: CensusExport): Html {
  const c = out.census;
  if (!c.rows.length) return html`<p>No child had a conference or a plan in this collection year.</p>`;
  return html`<div class="table-wrap" role="region" aria-label="Census rows" tabindex="0"><table><thead><tr>${COLUMNS.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${c.rows.map(
    (r) =>
      html`<tr><th scope="row">${r.childRecordId}</th><td>${r.references.join(', ')}</td><td>${r.strategyDiscussionDate ?? '—'}</td><td>${r.initialConferenceDate ? `${r.initialConferenceDate}${r.initialConferenceTarget ? ` (${r.initialConferenceTarget})` : ''}` : '—'}</td><td>${r.planStartDate ?? '—'}</td><td>${r.planEndDate ?? '—'}</td><td>${r.planStartDate ? `${r.initialCategory ?? 'none'} / ${r.latestCategory ?? 'none'}` : '—'}</td><td>${r.reviewDates.join(', ') || '—'}</td><td>${r.previousPlans ?? (r.planStartDate ? 'not known' : '—')}</td></tr>`,
  )}</tbody></table></div>`;
}

function issuesList(out: CensusExport): Html {
  const issues = out.census.issues;
  if (!issues.length) return notice('Nothing is missing and nothing would be refused.', 'success');
  return html`<h2>What is missing or would be refused (${issues.length})</h2><ul>${issues.map((i) => html`<li><strong>${i.severity === 'error' ? 'Would be refused' : 'Missing'}</strong>: ${i.childRecordId}, ${i.references.join(', ')}: ${i.field}: ${i.message}</li>`)}</ul>`;
}

export function censusPages(
  deps: AppDeps,
  o: { auth: RequestHandler; send: Send; signOut: (req: Request, res: Response) => Html },
): Router {
  const r = Router();
  const yearForm = (f: FormState) =>
    html`<form method="get" action="/dashboard/census" novalidate>${errorSummary(f, { year: 'year' })}${textInput(f, { id: 'year', name: 'year', label: 'Collection year', hint: 'The year it ends: 2027 is 1 April 2026 to 31 March 2027.', inputmode: 'numeric', ...(errorFor(f, 'year') ? { error: errorFor(f, 'year')! } : {}) })}${button('Show the return')}</form>`;

  r.get('/dashboard/census', o.auth, async (req, res) => {
    const year = typeof req.query['year'] === 'string' ? req.query['year'] : undefined;
    const f: FormState = { values: { year: year ?? '' }, errors: [] };
    if (year === undefined) return o.send(res, 200, TITLE, TITLE, yearForm(f), o.signOut(req, res));
    let out: CensusExport;
    try {
      out = await censusExport(deps, { year }, SOURCE);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return o.send(res, 400, TITLE, TITLE, yearForm({ ...f, errors: err.issues }), o.signOut(req, res));
    }
    const c = out.census;
    const q = encodeURIComponent(year);
    o.send(
      res,
      200,
      `${TITLE} ${c.year}`,
      `${TITLE}: ${c.start} to ${c.end}`,
      html`${yearForm(f)}<p>${c.rows.length} row(s) for ${new Set(c.rows.map((x) => x.childRecordId)).size} child(ren). Download: <a href="/dashboard/census/download?year=${q}&amp;format=csv">CSV</a> · <a href="/dashboard/census/download?year=${q}&amp;format=xml">census XML</a></p>${issuesList(out)}<h2>Rows</h2>${rowsTable(out)}<p class="hint">Only the conference fields of the census: merge them with your case management system's return. How each field is counted: the service's docs/census.md.</p>`,
      o.signOut(req, res),
    );
  });

  r.get('/dashboard/census/download', o.auth, async (req, res) => {
    try {
      const out = await censusExport(deps, { ...req.query }, SOURCE);
      res
        .set({ 'Content-Type': out.contentType, 'Content-Disposition': `attachment; filename="${out.filename}"` })
        .send(out.body);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      o.send(
        res,
        400,
        TITLE,
        TITLE,
        yearForm({ values: { year: String(req.query['year'] ?? '') }, errors: err.issues }),
        o.signOut(req, res),
      );
    }
  });
  return r;
}
