/**
 * `/l/:token` (personal links) and `/tab` (the Teams meeting side panel). A GET only ever shows
 * a page: mail scanners and link previews open links, so nothing changes until a person submits
 * a form (POST, with a CSRF token bound to the link). Refused links change nothing.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { AppDeps } from '../../../app/deps.ts';
import { LinkError, openLink, type LinkPurpose, type OpenedLink } from '../../../app/credentials/links.ts';
import type { Logger } from '../../../infra/logger.ts';
import { chairPage } from './chair-actions.ts';
import { renderChair } from './chair-page.ts';
import { checklistPage } from './checklist-page.ts';
import { minutesPage } from './minutes-page.ts';
import { html, page, textInput, emptyForm, button } from './html.ts';
import type { LinkCtx, LinkPage } from './link-page.ts';
import type { UploadedFile } from './multipart.ts';
import { formBody, MAX_FILE_BYTES } from './link-form-body.ts';
import { plainError, refused, sendPage } from './link-refused.ts';
import { reportPage } from './report-page.ts';
import { renderReports } from './reports-page.ts';
import { openReportFile, readableReports } from '../../../app/reports/report-access.ts';
import { ForbiddenError, NotFoundError } from '../../../domain/errors.ts';
import { rsvpPage } from './rsvp-page.ts';
import { coreGroupRsvpPage } from './core-group-rsvp-page.ts';
import type { Csrf } from './security.ts';
import { viewsPage } from './views-page.ts';
import { ID_PATTERN } from '../../../domain/ids.ts';

const REPORT_FILE_ID = new RegExp(`^report-${ID_PATTERN.attendee}-[a-z0-9-]{1,40}$`);

const PAGES: Record<LinkPurpose, LinkPage> = {
  report: reportPage,
  rsvp: rsvpPage,
  views: viewsPage,
  chair: chairPage,
  checklist: checklistPage,
  minutes: minutesPage,
  'core-group': coreGroupRsvpPage,
};
/** The links that also open the reports their holder may read (the checklist is for one task only). */
const READS_REPORTS: ReadonlySet<LinkPurpose> = new Set<LinkPurpose>(['rsvp', 'report', 'views', 'chair']);
/** Types a browser is given as they are; anything else downloads as bytes (and never runs: nosniff, attachment). */
const SAFE_TYPES =
  /^(application\/pdf|application\/msword|application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.document|application\/vnd\.oasis\.opendocument\.text|application\/rtf|text\/plain)$/;

export function linkRoutes(deps: AppDeps, csrf: Csrf, logger: Logger): Router {
  const r = Router();

  const ctxFor = async (req: Request, res: Response, token: string, opened?: OpenedLink): Promise<LinkCtx> => {
    const link = opened ?? (await openLink(deps, token));
    const done =
      typeof req.query['done'] === 'string' && /^[a-z0-9-]{1,40}$/.test(req.query['done'])
        ? req.query['done']
        : undefined;
    return {
      deps,
      link,
      action: `/l/${token}`,
      csrf: csrf.token(req, res, token),
      now: deps.clock.now(),
      ...(done ? { done } : {}),
    };
  };

  const guard =
    (fn: (req: Request, res: Response) => Promise<void>): RequestHandler =>
    async (req, res, next) => {
      try {
        await fn(req, res);
      } catch (err) {
        if (err instanceof LinkError) return refused(res, err);
        // The link is theirs, the action is not (e.g. booking a core group from a parent's page).
        if (err instanceof ForbiddenError) return plainError(res, 403, 'This is not yours to do', err.message);
        logger.error('page failed', { path: req.path.slice(0, 3), err });
        if (!res.headersSent)
          plainError(
            res,
            500,
            'Something went wrong',
            'Please try again in a few minutes. If it keeps happening, tell the conference coordinator.',
          );
        else next(err);
      }
    };

  r.get(
    '/l/:token',
    guard(async (req, res) => {
      const ctx = await ctxFor(req, res, req.params['token'] as string);
      sendPage(res, 200, await PAGES[ctx.link.purpose].render(ctx));
    }),
  );

  // Reports, on the same link: opened and checked against the table again on every request.
  const reportsLink = async (req: Request, res: Response): Promise<LinkCtx> => {
    const ctx = await ctxFor(req, res, req.params['token'] as string);
    if (!READS_REPORTS.has(ctx.link.purpose)) throw new LinkError('not-allowed');
    return ctx;
  };

  r.get(
    '/l/:token/reports',
    guard(async (req, res) => {
      const ctx = await reportsLink(req, res);
      const view = await readableReports(deps, ctx.link.conference, ctx.link.attendee);
      if (view.kind === 'none') throw new LinkError('not-allowed');
      sendPage(res, 200, renderReports(ctx, view));
    }),
  );

  r.get(
    '/l/:token/reports/:file',
    guard(async (req, res) => {
      const ctx = await reportsLink(req, res);
      const id = String(req.params['file'] ?? '');
      try {
        if (!REPORT_FILE_ID.test(id)) throw new NotFoundError('No such report file');
        const file = await openReportFile(deps, ctx.link.conference, ctx.link.attendee, id);
        const type = SAFE_TYPES.test(file.contentType.toLowerCase())
          ? file.contentType.toLowerCase()
          : 'application/octet-stream';
        res
          .status(200)
          .set({
            'Content-Type': type,
            'Content-Disposition': `attachment; filename="${file.name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
            'X-Content-Type-Options': 'nosniff',
            'Cache-Control': 'no-store',
          })
          .send(file.data);
      } catch (err) {
        if (err instanceof NotFoundError)
          return plainError(
            res,
            404,
            'This file is not available',
            'It may have been replaced by a newer version, or it is not one you can open. Go back to your page.',
          );
        throw err;
      }
    }),
  );

  r.post(
    '/l/:token',
    formBody(),
    guard(async (req, res) => {
      const token = req.params['token'] as string;
      const link = await openLink(deps, token);
      // Checked before anything can set a fresh CSRF cookie on this request.
      if (!csrf.check(req, token))
        return plainError(
          res,
          403,
          'This form has expired',
          'For your security the form could not be sent. Go back, reload the page and try again.',
        );
      const ctx = await ctxFor(req, res, token, link);
      const files = (req as Request & { files?: UploadedFile[] }).files ?? [];
      const pageFor = PAGES[ctx.link.purpose];
      if (files.some((f) => f.content.length > MAX_FILE_BYTES))
        return plainError(res, 413, 'The file is too large', 'Send a file of up to 10 MB, or paste the text instead.');
      const result = await pageFor.post(ctx, (req.body ?? {}) as Record<string, unknown>, files);
      if (result.kind === 'done') return void res.redirect(303, `/l/${token}?done=${result.done}`);
      const fresh = await ctxFor(req, res, token);
      sendPage(
        res,
        400,
        await pageFor.render(fresh, { form: result.form, ...(result.section ? { section: result.section } : {}) }),
      );
    }),
  );

  // ---- Teams meeting side panel ----
  r.get('/tab/config', (_req, res) => {
    // The one page with script: Teams needs its SDK to save the tab. Same-origin files only.
    const csp = String(res.get('Content-Security-Policy') ?? '').replace(
      "default-src 'none'",
      "default-src 'none'; script-src 'self'",
    );
    res
      .set('Content-Security-Policy', csp)
      .status(200)
      .type('html')
      .send(
        page({
          title: 'Conference panel',
          heading: 'Add the conference panel',
          body: html`<p>This panel is shared by everyone in the meeting, so it shows nothing about the conference by itself. Each person opens their own personal link from their email in it: the chair sees the chair’s page, everyone else their own page.</p><p>Select <strong>Save</strong> to add the panel.</p><form method="get" action="/tab">${textInput(emptyForm(), { id: 'link', name: 'link', label: 'Or try it now: paste your personal link', type: 'url', autocomplete: 'off' })}${button('Open my page')}</form>`,
          scripts: ['/static/teams-js.min.js', '/static/tab-config.js'],
        }),
      );
  });

  r.get(
    '/tab',
    guard(async (req, res) => {
      const given = typeof req.query['link'] === 'string' ? req.query['link'].trim() : '';
      const token = /(?:\/l\/)?([A-Za-z0-9_-]{10,400}\.[A-Za-z0-9_-]{43})\/?$/.exec(given)?.[1];
      if (!token) {
        return sendPage(res, given ? 404 : 200, {
          title: 'Conference panel',
          heading: 'Open your personal link',
          body: html`<p>${given ? 'That is not a personal link from us. ' : ''}To give your view or see the chair’s page, open the personal link in the email we sent you. It opens in your browser.</p>`,
        });
      }
      const ctx = await ctxFor(req, res, token);
      if (ctx.link.purpose !== 'chair') {
        return sendPage(res, 200, {
          title: 'Conference panel',
          heading: 'Open your personal link',
          body: html`<p>This panel shows the chair’s page. To give your view, <a href="${ctx.action}" target="_blank" rel="noopener">open your personal link in the browser</a>.</p>`,
        });
      }
      sendPage(res, 200, renderChair(ctx));
    }),
  );

  return r;
}
