/** `/dashboard`: sign-in, the list of conferences, one conference, retry a failed job, revoke an attendee's links. */
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { conferenceView } from '../../../../app/conference-view.ts';
import type { AppDeps } from '../../../../app/deps.ts';
import { revokeLinks } from '../../../../app/links.ts';
import { NotFoundError } from '../../../../domain/errors.ts';
import type { Logger } from '../../../../infra/logger.ts';
import { button, emptyForm, errorSummary, hidden, html, notice, page, textInput, when, type FormState, type Html } from '../html.ts';
import { STATE_LABEL } from '../labels.ts';
import type { Csrf } from '../security.ts';
import { conferencePage, TIMETABLE_LABELS } from './conference-page.ts';
import { jobAdmin } from './jobs.ts';
import type { Session, Sessions } from './session.ts';

export interface DashboardOptions {
  sessions: Sessions;
  csrf: Csrf;
  signInLimit: RequestHandler;
  oidcConfigured: boolean;
  logger: Logger;
}

const DONE: Record<string, string> = { retried: 'The job has been queued again.', revoked: 'That attendee’s personal links no longer work.', 'not-retried': 'That job is no longer failed: nothing to retry.' };

function send(res: Response, status: number, title: string, heading: string, body: Html, signedIn: Html | undefined): void {
  res.status(status).type('html').send(page({ title, heading, body, service: 'Child protection conferences: coordinator dashboard', ...(signedIn ? { nav: signedIn } : {}) }));
}

/** The next deadline still ahead of now, from the timetable. */
function nextDeadline(t: Record<string, string | undefined>, now: number): string {
  const next = TIMETABLE_LABELS.map(([k, label]) => ({ label, at: t[k] })).filter((x) => x.at && Date.parse(x.at) > now).sort((a, b) => Date.parse(a.at!) - Date.parse(b.at!))[0];
  return next ? `${next.label}: ${when(next.at)}` : '—';
}

export function dashboardRoutes(deps: AppDeps, o: DashboardOptions): Router {
  const r = Router();
  const form = express.urlencoded({ extended: false, limit: '20kb', parameterLimit: 20 });
  const session = (res: Response) => res.locals['session'] as Session;
  const signOut = (req: Request, res: Response) => html`<form method="post" action="/dashboard/sign-out" class="nav-form">${hidden('_csrf', o.csrf.token(req, res, session(res).sid))}${button('Sign out', 'button button-small button-secondary')}</form>`;
  const csrfOk: RequestHandler = (req, res, next) => (o.csrf.check(req, session(res).sid) ? next() : void send(res, 403, 'Form expired', 'This form has expired', html`<p>Go back, reload the page and try again. Nothing has been changed.</p>`, undefined));

  const signInPage = (req: Request, res: Response, status: number, f: FormState) =>
    send(res, status, 'Sign in', 'Sign in to the coordinator dashboard', html`${errorSummary(f, { key: 'key' })}
<form method="post" action="/dashboard/sign-in" novalidate>${hidden('_csrf', o.csrf.token(req, res, 'sign-in'))}
${textInput(f, { id: 'key', name: 'key', type: 'password', label: 'Coordinator key', autocomplete: 'current-password', hint: 'The COORDINATOR_API_KEY the service was started with.', ...(f.errors[0] ? { error: f.errors[0].message } : {}) })}
${button('Sign in')}</form>
<h2>Your organisation’s account</h2>${o.oidcConfigured ? html`<p><a href="/dashboard/oidc">Sign in with your organisation’s account</a></p>` : html`<p>Signing in with your organisation’s account is not set up on this service. Use the coordinator key.</p>`}`, undefined);

  r.get('/dashboard/sign-in', (req, res) => signInPage(req, res, 200, emptyForm()));
  r.post('/dashboard/sign-in', o.signInLimit, form, (req, res) => {
    if (!o.csrf.check(req, 'sign-in')) return signInPage(req, res, 403, { values: {}, errors: [{ field: 'key', message: 'The form expired. Enter the key again.' }] });
    const key = typeof req.body?.key === 'string' ? req.body.key : '';
    if (!key || !o.sessions.keyMatches(key)) {
      o.logger.warn('dashboard sign-in refused', { ip: req.ip });
      return signInPage(req, res, 401, { values: {}, errors: [{ field: 'key', message: key ? 'That key is not right' : 'Enter the coordinator key' }] });
    }
    o.sessions.start(res);
    res.redirect(303, '/dashboard');
  });
  r.get('/dashboard/oidc', (_req, res) =>
    send(res, o.oidcConfigured ? 501 : 404, 'Sign in', o.oidcConfigured ? 'Not available yet' : 'Not set up', html`<p>${o.oidcConfigured ? 'Signing in with your organisation’s account is configured but not yet available in this version.' : 'Signing in with your organisation’s account is not set up on this service.'} <a href="/dashboard/sign-in">Use the coordinator key</a>.</p>`, undefined),
  );

  const auth = o.sessions.required();
  r.post('/dashboard/sign-out', auth, form, csrfOk, (_req, res) => {
    o.sessions.end(res);
    res.redirect(303, '/dashboard/sign-in');
  });

  r.get('/dashboard', auth, async (req, res) => {
    const list = await deps.store.list();
    const now = deps.clock.now().getTime();
    const rows = await Promise.all(list.map(async (s) => ({ s, c: await deps.store.get(s.id) })));
    send(res, 200, 'Conferences', 'Conferences', html`${rows.length ? html`<div class="table-wrap" role="region" aria-label="Conferences" tabindex="0"><table><thead><tr><th scope="col">Reference</th><th scope="col">Kind</th><th scope="col">State</th><th scope="col">Conference (London time)</th><th scope="col">Next deadline</th></tr></thead><tbody>${rows.map(({ s, c }) => html`<tr><th scope="row"><a href="/dashboard/c/${s.id}">${s.reference}</a></th><td>${s.kind}</td><td>${STATE_LABEL[s.state] ?? s.state}</td><td>${when(c?.timetable.professionalsJoinAt ?? s.startsAt)}</td><td>${c ? nextDeadline(c.timetable as unknown as Record<string, string>, now) : '—'}</td></tr>`)}</tbody></table></div>` : html`<p>No conferences yet.</p>`}`, signOut(req, res));
  });

  r.get('/dashboard/c/:id', auth, async (req, res) => {
    const id = req.params['id'] as string;
    let v;
    try {
      v = await conferenceView(deps, id);
    } catch (err) {
      if (err instanceof NotFoundError) return send(res, 404, 'Not found', 'No such conference', html`<p><a href="/dashboard">All conferences</a></p>`, signOut(req, res));
      throw err;
    }
    const admin = jobAdmin(deps.jobs);
    const failed = admin ? (await admin.failed()).filter((j) => j.conferenceId === id) : [];
    const done = typeof req.query['done'] === 'string' ? DONE[req.query['done']] : undefined;
    const p = conferencePage(v, { failed, csrf: o.csrf.token(req, res, session(res).sid), now: deps.clock.now(), ...(done ? { done } : {}) });
    send(res, 200, p.title, p.heading, html`${admin ? '' : notice('Failed jobs cannot be listed with this job scheduler.')}${p.body}`, signOut(req, res));
  });

  r.post('/dashboard/c/:id/jobs/:jobId/retry', auth, form, csrfOk, async (req, res) => {
    const id = req.params['id'] as string;
    const jobId = req.params['jobId'] as string;
    const admin = jobAdmin(deps.jobs);
    const mine = admin ? (await admin.failed()).some((j) => j.id === jobId && j.conferenceId === id) : false;
    const ok = mine && admin ? await admin.retry(jobId) : false;
    if (ok) await deps.store.audit(id, { actor: 'coordinator', action: 'job.retried', detail: { jobId } });
    res.redirect(303, `/dashboard/c/${encodeURIComponent(id)}?done=${ok ? 'retried' : 'not-retried'}`);
  });

  r.post('/dashboard/c/:id/attendees/:attendeeId/revoke-links', auth, form, csrfOk, async (req, res) => {
    const id = req.params['id'] as string;
    await revokeLinks(deps, id, req.params['attendeeId'] as string, 'coordinator');
    res.redirect(303, `/dashboard/c/${encodeURIComponent(id)}?done=revoked`);
  });

  return r;
}
