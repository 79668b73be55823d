/** The coordinator's desk: today's work, finding a conference, the print queue and the figures. */
import type { RequestHandler, Router } from 'express';
import type { AppDeps } from '../../../../app/deps.ts';
import { figuresAsCsv } from '../../../../app/figures/figures-csv.ts';
import { figuresFor } from '../../../../app/figures/figures-query.ts';
import { printQueue } from '../../../../app/post-and-texts/hard-copies.ts';
import { searchConferences, type SearchPage, type SearchQuery } from '../../../../app/conference/search.ts';
import { linesFor, worklist, type WorklistLine } from '../../../../app/conference/worklist.ts';
import type { FailedJobFact } from '../../../../domain/failed-job-work.ts';
import { attendeeWithName } from '../../../../content/labels.ts';
import { whenRelative } from '../../../../content/worklist.ts';
import { ValidationError } from '../../../../domain/errors.ts';
import { emptyForm, html, when } from '../html.ts';
import { TIMETABLE_LABELS } from './conference-page.ts';
import { conferenceTable, pager, printQueueSection, searchForm, worklistSection } from './desk.ts';
import { figuresBody, figuresForm } from './figures-page.ts';
import { jobAdmin } from './jobs.ts';
import { send, type DashboardKit } from './shell.ts';
import { DESK_DONE, searchFieldError } from '../../../../content/desk-words.ts';

/** The next deadline still ahead of now, from the timetable. */
function nextDeadline(t: Record<string, string | undefined>, now: number): string {
  const next = TIMETABLE_LABELS.map(([k, label]) => ({ label, at: t[k] }))
    .filter((x) => x.at && Date.parse(x.at) > now)
    .sort((a, b) => Date.parse(a.at!) - Date.parse(b.at!))[0];
  return next ? `${next.label}: ${when(next.at)}` : '—';
}

export function deskRoutes(r: Router, deps: AppDeps, k: DashboardKit, searchLimit?: RequestHandler): void {
  const { auth, signOut, csrfToken } = k;
  const failedFacts = async () => (jobAdmin(deps.jobs) ? await jobAdmin(deps.jobs)!.failed() : []);
  /** Each conference's work (for the list), and the next deadline ahead for those with nothing overdue. */
  const listing = async (found: SearchPage, failed: readonly FailedJobFact[]) => {
    const now = deps.clock.now();
    // Only the page's conferences: their own lines of work (the worklist itself is paged).
    const work = new Map<string, WorklistLine[]>();
    for (const c of await Promise.all(found.results.map((x) => deps.store.get(x.id))))
      if (c) work.set(c.id, linesFor(c, failed, now));
    const timetables = new Map(found.results.map((r) => [r.id, r.timetable] as const));
    return conferenceTable(
      found,
      work,
      (id) => (timetables.get(id) ? nextDeadline(timetables.get(id)!, now.getTime()) : '—'),
      now,
    );
  };
  const policyChoices = () => deps.policies.list().map((p) => ({ id: p.id, name: p.name }));

  r.get('/dashboard', auth, async (req, res) => {
    const failed = await failedFacts();
    const wl = await worklist(deps, failed, { pageSize: 50 });
    const found = await searchConferences(deps, { pageSize: '50' });
    send(
      res,
      200,
      'Today’s work',
      'Today’s work',
      html`<p class="hint">${whenRelative(wl.now, deps.clock.now())}. <a href="/dashboard/new">Create a conference</a> · <a href="/dashboard/print-queue">Print queue</a> · <a href="/dashboard/figures">Figures</a> · <a href="/dashboard/census">Children in need census return</a></p>${worklistSection(wl)}
<h2 id="find">Find a conference</h2>${searchForm(emptyForm({ sort: 'date' }), policyChoices())}
<h2>All conferences</h2>${found.results.length ? html`${await listing(found, failed)}${pager(found, { pageSize: 50 }, '/dashboard/find')}` : html`<p>No conferences yet.</p>`}`,
      signOut(req, res),
    );
  });

  r.get('/dashboard/find', auth, ...(searchLimit ? [searchLimit] : []), async (req, res) => {
    const raw = Object.fromEntries(Object.entries(req.query).filter(([, v]) => v !== ''));
    const values = Object.fromEntries(
      Object.entries(req.query).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]),
    );
    try {
      const found = await searchConferences(deps, raw);
      const query = raw as SearchQuery;
      const title = query.q ? `Conferences matching your search` : 'Conferences';
      send(
        res,
        200,
        'Find a conference',
        title,
        html`<p><a href="/dashboard">Today’s work</a></p>${searchForm(emptyForm(values), policyChoices())}
${found.results.length ? html`${await listing(found, await failedFacts())}${pager(found, query, '/dashboard/find')}` : html`<p role="status">No conference matches. Check the spelling, or search with fewer words.</p>`}`,
        signOut(req, res),
      );
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      send(
        res,
        400,
        'Find a conference',
        'Find a conference',
        searchForm(
          { values, errors: err.issues.map((i) => ({ ...i, message: searchFieldError(i.field, i.message) })) },
          policyChoices(),
        ),
        signOut(req, res),
      );
    }
  });

  r.get('/dashboard/print-queue', auth, async (req, res) => {
    const queue = await printQueue(deps);
    const named = await Promise.all(
      queue.map(async (h) => {
        const a = (await deps.store.get(h.conferenceId))?.attendees.find((x) => x.id === h.attendeeId);
        return { ...h, addressee: a ? attendeeWithName(a) : h.attendeeId };
      }),
    );
    const done =
      req.query['done'] === 'printed'
        ? html`<div class="notice notice-success" role="status"><strong>${DESK_DONE['printed']}</strong></div>`
        : '';
    send(
      res,
      200,
      'Print queue',
      'Letters to print and post',
      html`${done}<p><a href="/dashboard">Today’s work</a></p><p class="hint">Letters for family members who asked for post, the most urgent first. Each counts as sent only once you mark it printed.</p>${printQueueSection(named, csrfToken(req, res), deps.clock.now())}`,
      signOut(req, res),
    );
  });

  r.get('/dashboard/figures', auth, async (req, res) => {
    const values = Object.fromEntries(
      Object.entries(req.query).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]),
    );
    try {
      const { period, figures } = await figuresFor(deps, req.query);
      const query = new URLSearchParams({
        from: period.from,
        to: period.to,
        ...(period.policy ? { policy: period.policy } : {}),
      }).toString();
      send(
        res,
        200,
        'Figures',
        'Figures',
        html`<p><a href="/dashboard">Today’s work</a></p>${figuresForm(emptyForm({ from: period.from, to: period.to, policy: period.policy ?? '' }), policyChoices())}${figuresBody(figures, query, period.policy ? deps.policies.get(period.policy).shortName : undefined)}`,
        signOut(req, res),
      );
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      send(
        res,
        400,
        'Error: Figures',
        'Figures',
        html`<p><a href="/dashboard">Today’s work</a></p>${figuresForm({ values, errors: err.issues }, policyChoices())}`,
        signOut(req, res),
      );
    }
  });
  r.get('/dashboard/figures.csv', auth, async (req, res) => {
    const { period, figures } = await figuresFor(deps, req.query);
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="figures-${period.from}-to-${period.to}.csv"`)
      .send(figuresAsCsv(figures));
  });
}
