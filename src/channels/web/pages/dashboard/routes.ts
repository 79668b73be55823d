/** `/dashboard`: sign-in, the list of conferences, one conference, retry a failed job, mark a letter printed, confirm a parent was told in person, revoke an attendee's links. */
import { completeTask } from '../../../../app/tasks.ts';
import { confirmToldInPerson } from '../../../../app/circulation-actions.ts';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { conferenceView } from '../../../../app/conference-view.ts';
import type { AppDeps } from '../../../../app/deps.ts';
import { hardCopyPdf, markHardCopyPrinted, printQueue } from '../../../../app/hard-copies.ts';
import { searchConferences, type SearchPage, type SearchQuery } from '../../../../app/search.ts';
import { linesFor, worklist, type Worklist, type WorklistLine } from '../../../../app/worklist.ts';
import { whenRelative } from '../../../../content/worklist.ts';
import { attendeeWithName } from '../../../../content/labels.ts';
import { changeRoutes, CHANGE_DONE } from './change-routes.ts';
import { isBeforeMeeting } from '../../../../domain/state-machine.ts';
import {
  conferenceTable,
  conferenceWorkSection,
  pager,
  printQueueSection,
  searchForm,
  worklistSection,
} from './desk.ts';
import { revokeLinks } from '../../../../app/links.ts';
import { stopTextsFor } from '../../../../app/texts.ts';
import { setTexts } from '../../../../app/text-consent.ts';
import { decideQueued, readQueued, readQueuedAttachment } from '../../../../app/inbound-queue.ts';
import { sendDownload } from '../../routes/inbound.ts';
import { NotFoundError, ValidationError } from '../../../../domain/errors.ts';
import type { Logger } from '../../../../infra/logger.ts';
import {
  button,
  emptyForm,
  errorSummary,
  hidden,
  html,
  notice,
  page,
  textInput,
  when,
  type FormState,
  type Html,
} from '../html.ts';
import type { Csrf } from '../security.ts';
import { conferencePage, TIMETABLE_LABELS } from './conference-page.ts';
import { figuresBody, figuresForm } from './figures-page.ts';
import { figuresFor } from '../../../../app/figures/figures-query.ts';
import { figuresAsCsv } from '../../../../app/figures/figures-csv.ts';
import type { TextsFormError } from './texts-section.ts';
import { jobAdmin } from './jobs.ts';
import { censusPages } from './census-page.ts';
import { OidcError, type OidcClient, type OidcFailure } from './oidc.ts';
import { actorOf, type Session, type Sessions } from './session.ts';

export interface DashboardOptions {
  sessions: Sessions;
  csrf: Csrf;
  signInLimit: RequestHandler;
  /** Rate limit on searching (a name guessed over and over). */
  searchLimit?: RequestHandler;
  /** The authority's OpenID Connect provider, when configured. */
  oidc?: OidcClient | undefined;
  logger: Logger;
}

const DONE: Record<string, string> = {
  ...CHANGE_DONE,
  task: 'Recorded as done: the person’s invitation now says it is arranged.',
  told: 'Recorded as told in person: the letter goes now.',
  printed: 'The letter is marked printed: it now counts as sent.',
  retried: 'The job has been queued again.',
  revoked: 'That attendee’s personal links no longer work.',
  'texts-stopped': 'No more text reminders go to that person.',
  'texts-saved': 'Saved: their text reminders are as the form shows.',
  'not-retried': 'That job is no longer failed: nothing to retry.',
  confirmed: 'Filed as the attendee’s report.',
  rejected: 'The message was rejected: nothing was filed.',
};

export const DASHBOARD_FOOTER = 'If something on this page is wrong or hard to use, tell the service’s administrator.';

function send(
  res: Response,
  status: number,
  title: string,
  heading: string,
  body: Html,
  signedIn: Html | undefined,
  refreshTo?: string,
): void {
  res
    .status(status)
    .type('html')
    .send(
      page({
        title,
        heading,
        body,
        service: 'Child protection conferences: coordinator dashboard',
        wide: true,
        footer: DASHBOARD_FOOTER,
        ...(signedIn ? { nav: signedIn } : {}),
        ...(refreshTo ? { refreshTo } : {}),
      }),
    );
}

/** What each OIDC failure tells the person: status, heading, explanation. Nothing is changed by any of them. */
const OIDC_FAILED: Record<OidcFailure, [number, string, string]> = {
  'bad-state': [
    400,
    'This sign-in link is not valid',
    'The answer from your authority’s sign-in page did not match a sign-in started here. Start again.',
  ],
  expired: [400, 'This sign-in has expired', 'Signing in took longer than 10 minutes. Start again.'],
  'provider-refused': [
    401,
    'Your authority’s sign-in page refused',
    'Your account was not signed in, or you cancelled. Start again, or use the coordinator key.',
  ],
  'provider-unavailable': [
    502,
    'Your authority’s sign-in service is not answering',
    'Try again in a few minutes, or use the coordinator key.',
  ],
  'token-endpoint': [
    502,
    'Your authority’s sign-in service refused the sign-in',
    'The service could not complete the sign-in with your authority. Start again.',
  ],
  'bad-token': [
    401,
    'The sign-in could not be checked',
    'The answer from your authority could not be read. Start again.',
  ],
  'bad-signature': [
    401,
    'The sign-in could not be checked',
    'The answer from your authority was not signed by it. Start again.',
  ],
  'wrong-issuer': [
    401,
    'The sign-in could not be checked',
    'The answer came from a different sign-in service. Start again.',
  ],
  'wrong-audience': [
    401,
    'The sign-in could not be checked',
    'The answer was meant for a different service. Start again.',
  ],
  'token-expired': [
    401,
    'The sign-in could not be checked',
    'The answer from your authority has expired. Check this computer’s clock and start again.',
  ],
  'wrong-nonce': [
    401,
    'The sign-in could not be checked',
    'The answer from your authority did not belong to this sign-in. Start again.',
  ],
  'not-allowed': [
    403,
    'This account may not use the dashboard',
    'You signed in, but your account is not one of those allowed to use the coordinator dashboard. Ask the service’s administrator.',
  ],
};

/** The next deadline still ahead of now, from the timetable. */
function nextDeadline(t: Record<string, string | undefined>, now: number): string {
  const next = TIMETABLE_LABELS.map(([k, label]) => ({ label, at: t[k] }))
    .filter((x) => x.at && Date.parse(x.at) > now)
    .sort((a, b) => Date.parse(a.at!) - Date.parse(b.at!))[0];
  return next ? `${next.label}: ${when(next.at)}` : '—';
}

export function dashboardRoutes(deps: AppDeps, o: DashboardOptions): Router {
  const r = Router();
  const form = express.urlencoded({ extended: false, limit: '20kb', parameterLimit: 20 });
  const session = (res: Response) => res.locals['session'] as Session;
  const signOut = (req: Request, res: Response) =>
    html`<form method="post" action="/dashboard/sign-out" class="nav-form">${hidden('_csrf', o.csrf.token(req, res, session(res).sid))}${button('Sign out', 'button button-small button-secondary')}</form>`;
  const csrfOk: RequestHandler = (req, res, next) =>
    o.csrf.check(req, session(res).sid)
      ? next()
      : void send(
          res,
          403,
          'Form expired',
          'This form has expired',
          html`<p>Go back, reload the page and try again. Nothing has been changed.</p>`,
          undefined,
        );

  const signInPage = (req: Request, res: Response, status: number, f: FormState) =>
    send(
      res,
      status,
      'Sign in',
      'Sign in to the coordinator dashboard',
      html`${errorSummary(f, { key: 'key' })}
<form method="post" action="/dashboard/sign-in" novalidate>${hidden('_csrf', o.csrf.token(req, res, 'sign-in'))}
${textInput(f, { id: 'key', name: 'key', type: 'password', label: 'Coordinator key', autocomplete: 'current-password', hint: 'The COORDINATOR_API_KEY the service was started with.', ...(f.errors[0] ? { error: f.errors[0].message } : {}) })}
${button('Sign in')}</form>
<h2>Your authority account</h2>${o.oidc ? html`<p><a class="button button-secondary" href="/dashboard/oidc">Sign in with your authority account</a></p>` : html`<p>Signing in with your authority account is not set up on this service. Use the coordinator key.</p>`}`,
      undefined,
    );

  r.get('/dashboard/sign-in', (req, res) => signInPage(req, res, 200, emptyForm()));
  r.post('/dashboard/sign-in', o.signInLimit, form, async (req, res) => {
    if (!o.csrf.check(req, 'sign-in'))
      return signInPage(req, res, 403, {
        values: {},
        errors: [{ field: 'key', message: 'The form expired. Enter the key again.' }],
      });
    const key = typeof req.body?.key === 'string' ? req.body.key : '';
    if (!key || !o.sessions.keyMatches(key)) {
      o.logger.warn('dashboard sign-in refused', { ip: req.ip });
      return signInPage(req, res, 401, {
        values: {},
        errors: [{ field: 'key', message: key ? 'That key is not right' : 'Enter the coordinator key' }],
      });
    }
    await o.sessions.start(res);
    res.redirect(303, '/dashboard');
  });
  const oidcFailed = (req: Request, res: Response, err: unknown) => {
    const code: OidcFailure = err instanceof OidcError ? err.code : 'provider-unavailable';
    // The reason code and IP only: never the person's name, address or subject.
    o.logger.warn('dashboard oidc sign-in refused', {
      reason: code,
      ip: req.ip,
      ...(err instanceof OidcError ? {} : { error: (err as Error)?.message }),
    });
    const [status, heading, text] = OIDC_FAILED[code];
    send(
      res,
      status,
      'Sign in',
      heading,
      html`<p>${text} Nothing has been changed.</p><p><a href="/dashboard/oidc">Start again</a> or <a href="/dashboard/sign-in">use the coordinator key</a>.</p>`,
      undefined,
    );
  };
  r.get('/dashboard/oidc', async (req, res) => {
    if (!o.oidc)
      return send(
        res,
        404,
        'Sign in',
        'Not set up',
        html`<p>Signing in with your authority account is not set up on this service. <a href="/dashboard/sign-in">Use the coordinator key</a>.</p>`,
        undefined,
      );
    try {
      res.redirect(303, await o.oidc.begin(res));
    } catch (err) {
      res.removeHeader('Set-Cookie');
      oidcFailed(req, res, err);
    }
  });
  r.get('/dashboard/oidc/callback', async (req, res) => {
    if (!o.oidc)
      return send(
        res,
        404,
        'Sign in',
        'Not set up',
        html`<p><a href="/dashboard/sign-in">Use the coordinator key</a>.</p>`,
        undefined,
      );
    o.oidc.clearFlow(res);
    try {
      const who = await o.oidc.complete(req);
      await o.sessions.start(res, `oidc:${who.email ?? who.sub}`);
      o.logger.info('dashboard oidc sign-in', { ip: req.ip });
      // A 200 page that moves on by itself, not a redirect: the SameSite=Strict session cookie is not
      // sent on a redirect chain that began on the provider's site, so a 303 would land on sign-in.
      send(
        res,
        200,
        'Signed in',
        'You are signed in',
        html`<p><a href="/dashboard">Continue to the coordinator dashboard</a>.</p>`,
        undefined,
        '/dashboard',
      );
    } catch (err) {
      oidcFailed(req, res, err);
    }
  });

  const auth = o.sessions.required();
  r.post('/dashboard/sign-out', auth, form, csrfOk, async (_req, res) => {
    await o.sessions.end(res, session(res));
    res.redirect(303, '/dashboard/sign-in');
  });

  const failedFacts = async () => (jobAdmin(deps.jobs) ? await jobAdmin(deps.jobs)!.failed() : []);
  /** Each conference's work (for the list), and the next deadline ahead for those with nothing overdue. */
  const listing = async (found: SearchPage, wl: Worklist) => {
    const work = new Map<string, WorklistLine[]>();
    for (const i of wl.items) work.set(i.conferenceId, [...(work.get(i.conferenceId) ?? []), i]);
    const now = deps.clock.now();
    const timetables = new Map(found.results.map((r) => [r.id, r.timetable] as const));
    return conferenceTable(
      found,
      work,
      (id) => (timetables.get(id) ? nextDeadline(timetables.get(id)!, now.getTime()) : '—'),
      now,
    );
  };
  const policyChoices = () => deps.policies.list().map((p) => ({ id: p.id, name: p.name }));

  r.use(censusPages(deps, { auth, send, signOut }));

  changeRoutes(r, deps, {
    auth,
    form,
    csrfOk,
    csrfToken: (req, res) => o.csrf.token(req, res, session(res).sid),
    actor: (res) => actorOf(session(res)),
    send: (req, res, status, title, heading, body) => send(res, status, title, heading, body, signOut(req, res)),
  });

  r.get('/dashboard', auth, async (req, res) => {
    const wl = await worklist(deps, await failedFacts());
    const found = await searchConferences(deps, { pageSize: '50' });
    send(
      res,
      200,
      'Today’s work',
      'Today’s work',
      html`<p class="hint">${whenRelative(wl.now, deps.clock.now())}. <a href="/dashboard/print-queue">Print queue</a> · <a href="/dashboard/figures">Figures</a> · <a href="/dashboard/census">Children in need census return</a></p>${worklistSection(wl)}
<h2 id="find">Find a conference</h2>${searchForm(emptyForm({ sort: 'date' }), policyChoices())}
<h2>All conferences</h2>${found.results.length ? html`${await listing(found, wl)}${pager(found, { pageSize: 50 }, '/dashboard/find')}` : html`<p>No conferences yet.</p>`}`,
      signOut(req, res),
    );
  });

  r.get('/dashboard/find', auth, ...(o.searchLimit ? [o.searchLimit] : []), async (req, res) => {
    const raw = Object.fromEntries(Object.entries(req.query).filter(([, v]) => v !== ''));
    const values = Object.fromEntries(
      Object.entries(req.query).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]),
    );
    try {
      const found = await searchConferences(deps, raw);
      const wl = await worklist(deps, await failedFacts());
      const query = raw as SearchQuery;
      const title = query.q ? `Conferences matching your search` : 'Conferences';
      send(
        res,
        200,
        'Find a conference',
        title,
        html`<p><a href="/dashboard">Today’s work</a></p>${searchForm(emptyForm(values), policyChoices())}
${found.results.length ? html`${await listing(found, wl)}${pager(found, query, '/dashboard/find')}` : html`<p role="status">No conference matches. Check the spelling, or search with fewer words.</p>`}`,
        signOut(req, res),
      );
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      send(
        res,
        400,
        'Find a conference',
        'Find a conference',
        searchForm({ values, errors: err.issues }, policyChoices()),
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
        ? html`<div class="notice notice-success" role="status"><strong>${DONE['printed']}</strong></div>`
        : '';
    send(
      res,
      200,
      'Print queue',
      'Letters to print and post',
      html`${done}<p><a href="/dashboard">Today’s work</a></p><p class="hint">Letters for family members who asked for post, the most urgent first. Each counts as sent only once you mark it printed.</p>${printQueueSection(named, o.csrf.token(req, res, session(res).sid), deps.clock.now())}`,
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
        html`<p><a href="/dashboard">Today’s work</a></p>${figuresForm(emptyForm({ from: period.from, to: period.to, policy: period.policy ?? '' }), policyChoices())}${figuresBody(figures, query)}`,
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

  /** One conference's page; with `textsError`, the text reminders form sent back with its problem (400). */
  async function showConference(req: Request, res: Response, textsError?: TextsFormError): Promise<void> {
    const id = req.params['id'] as string;
    let v;
    try {
      v = await conferenceView(deps, id);
    } catch (err) {
      if (err instanceof NotFoundError)
        return send(
          res,
          404,
          'Not found',
          'No such conference',
          html`<p><a href="/dashboard">All conferences</a></p>`,
          signOut(req, res),
        );
      throw err;
    }
    const admin = jobAdmin(deps.jobs);
    const failed = admin ? (await admin.failed()).filter((j) => j.conferenceId === id) : [];
    const done = typeof req.query['done'] === 'string' ? DONE[req.query['done']] : undefined;
    const stored = await deps.store.get(id);
    const work = stored
      ? html`${isBeforeMeeting(stored.state) ? html`<p><a href="/dashboard/c/${stored.id}/change">Reschedule, postpone or cancel this conference</a></p>` : ''}${conferenceWorkSection(linesFor(stored, failed, deps.clock.now()))}`
      : undefined;
    const p = conferencePage(v, {
      failed,
      csrf: o.csrf.token(req, res, session(res).sid),
      now: deps.clock.now(),
      ...(done ? { done } : {}),
      ...(textsError ? { textsError } : {}),
      ...(work ? { work } : {}),
    });
    send(
      res,
      textsError ? 400 : 200,
      textsError ? `Error: ${p.title}` : p.title,
      p.heading,
      html`${admin ? '' : notice('Failed jobs cannot be listed with this job scheduler.')}${p.body}`,
      signOut(req, res),
    );
  }
  r.get('/dashboard/c/:id', auth, (req, res) => showConference(req, res));

  r.post('/dashboard/c/:id/jobs/:jobId/retry', auth, form, csrfOk, async (req, res) => {
    const id = req.params['id'] as string;
    const jobId = req.params['jobId'] as string;
    const admin = jobAdmin(deps.jobs);
    const mine = admin ? (await admin.failed()).some((j) => j.id === jobId && j.conferenceId === id) : false;
    const ok = mine && admin ? await admin.retry(jobId) : false;
    if (ok) await deps.store.audit(id, { actor: actorOf(session(res)), action: 'job.retried', detail: { jobId } });
    res.redirect(303, `/dashboard/c/${encodeURIComponent(id)}?done=${ok ? 'retried' : 'not-retried'}`);
  });

  r.get('/dashboard/c/:id/inbound/:itemId', auth, async (req, res) => {
    const id = req.params['id'] as string;
    const { conference: c, item, text } = await readQueued(deps, id, req.params['itemId'] as string);
    const who = c.attendees.find((a) => a.id === item.attendeeId);
    const csrf = o.csrf.token(req, res, session(res).sid);
    const act = (action: string, label: string, cls: string) =>
      html`<form method="post" action="/dashboard/c/${c.id}/inbound/${item.id}/${action}" class="inline">${hidden('_csrf', csrf)}${button(label, cls)}</form>`;
    const body = html`<p><a href="/dashboard/c/${c.id}">Back to ${c.reference}</a></p>
<div class="notice notice-warning" role="status"><strong>Not proven to be from ${who ? who.name : item.attendeeId}.</strong> ${item.reason}. Check with them before you confirm it as their report.</div>
<dl><dt>Sender</dt><dd>${item.from}</dd><dt>Subject</dt><dd>${item.subject}</dd><dt>Arrived</dt><dd>${when(item.at)}</dd><dt>Status</dt><dd>${item.status}</dd></dl>
<h2>Text</h2>${text ? html`<pre class="detail">${text}</pre>` : html`<p>None.</p>`}
<h2>Attachments</h2>${item.attachments.length ? html`<ul>${item.attachments.map((a, i) => html`<li><a href="/dashboard/c/${c.id}/inbound/${item.id}/attachments/${i + 1}">${a.filename}</a> (download)</li>`)}</ul>` : html`<p>None.</p>`}${item.withheld.length ? html`<p class="hint">Not kept (programs, scripts or web pages): ${item.withheld.join(', ')}</p>` : ''}
${item.status === 'pending' ? html`<p>${act('confirm', 'Confirm as their report', 'button')} ${act('reject', 'Reject', 'button button-secondary')}</p>` : ''}`;
    send(
      res,
      200,
      `Mail waiting for confirmation, ${c.reference}`,
      `Mail waiting for confirmation: ${c.reference}`,
      body,
      signOut(req, res),
    );
  });

  r.get('/dashboard/c/:id/inbound/:itemId/attachments/:n', auth, async (req, res) => {
    sendDownload(
      res,
      await readQueuedAttachment(
        deps,
        req.params['id'] as string,
        req.params['itemId'] as string,
        Number(req.params['n']),
      ),
    );
  });

  r.post('/dashboard/c/:id/inbound/:itemId/:action', auth, form, csrfOk, async (req, res) => {
    const id = req.params['id'] as string;
    const action = req.params['action'];
    if (action !== 'confirm' && action !== 'reject')
      return void send(
        res,
        404,
        'Not found',
        'No such action',
        html`<p><a href="/dashboard/c/${id}">Back to the conference</a></p>`,
        signOut(req, res),
      );
    await decideQueued(deps, id, req.params['itemId'] as string, action, { by: actorOf(session(res)) });
    res.redirect(303, `/dashboard/c/${encodeURIComponent(id)}?done=${action === 'confirm' ? 'confirmed' : 'rejected'}`);
  });

  r.get('/dashboard/c/:id/hard-copies/:blobId', auth, async (req, res) => {
    const { data, filename } = await hardCopyPdf(deps, req.params['id'] as string, req.params['blobId'] as string);
    res
      .type('application/pdf')
      .set('Content-Disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
      .send(data);
  });

  r.post('/dashboard/c/:id/hard-copies/:blobId/printed', auth, form, csrfOk, async (req, res) => {
    const id = req.params['id'] as string;
    await markHardCopyPrinted(
      deps,
      id,
      req.params['blobId'] as string,
      {},
      { via: 'session', name: actorOf(session(res)) },
    );
    res.redirect(
      303,
      req.body?.back === 'print-queue'
        ? '/dashboard/print-queue?done=printed'
        : `/dashboard/c/${encodeURIComponent(id)}?done=printed`,
    );
  });

  r.post('/dashboard/c/:id/tasks/:taskId/done', auth, form, csrfOk, async (req, res) => {
    const id = req.params['id'] as string;
    await completeTask(deps, id, req.params['taskId'] as string, {}, { via: 'session', name: actorOf(session(res)) });
    res.redirect(303, `/dashboard/c/${encodeURIComponent(id)}?done=task`);
  });

  r.post('/dashboard/c/:id/circulation/:attendeeId/told', auth, form, csrfOk, async (req, res) => {
    const id = req.params['id'] as string;
    await confirmToldInPerson(deps, id, req.params['attendeeId'] as string, { by: actorOf(session(res)) });
    res.redirect(303, `/dashboard/c/${encodeURIComponent(id)}?done=told`);
  });

  r.post('/dashboard/c/:id/attendees/:attendeeId/stop-texts', auth, form, csrfOk, async (req, res) => {
    const id = req.params['id'] as string;
    await stopTextsFor(
      deps,
      id,
      req.params['attendeeId'] as string,
      {},
      { via: 'session', name: actorOf(session(res)) },
    );
    res.redirect(303, `/dashboard/c/${encodeURIComponent(id)}?done=texts-stopped`);
  });

  r.post('/dashboard/c/:id/attendees/:attendeeId/texts', auth, form, csrfOk, async (req, res) => {
    const id = req.params['id'] as string;
    const attendeeId = req.params['attendeeId'] as string;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const mobile = typeof body['mobile'] === 'string' && body['mobile'].trim() ? body['mobile'] : undefined;
    try {
      await setTexts(
        deps,
        id,
        attendeeId,
        { textReminders: body['textReminders'] === 'yes', ...(mobile ? { mobile } : {}) },
        { via: 'session', name: actorOf(session(res)) },
      );
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const values = {
        mobile: typeof body['mobile'] === 'string' ? body['mobile'] : '',
        textReminders: body['textReminders'] === 'yes' ? 'yes' : '',
      };
      return showConference(req, res, { attendeeId, form: { values, errors: err.issues } });
    }
    res.redirect(303, `/dashboard/c/${encodeURIComponent(id)}?done=texts-saved`);
  });

  r.post('/dashboard/c/:id/attendees/:attendeeId/revoke-links', auth, form, csrfOk, async (req, res) => {
    const id = req.params['id'] as string;
    await revokeLinks(deps, id, req.params['attendeeId'] as string, actorOf(session(res)));
    res.redirect(303, `/dashboard/c/${encodeURIComponent(id)}?done=revoked`);
  });

  return r;
}
