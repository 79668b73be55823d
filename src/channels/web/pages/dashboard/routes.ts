/** `/dashboard`: the coordinator's pages, one route group a file: sign-in, the desk (today's work, find, print queue, figures), the census return, changing a conference, and one conference. */
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { AppDeps } from '../../../../app/deps.ts';
import { button, hidden, html } from '../html.ts';
import { censusPages } from './census-page.ts';
import { changeRoutes, type ChangeHelpers } from './change-routes.ts';
import { newConferenceRoutes } from './new-conference.ts';
import { peopleRoutes } from './people-routes.ts';
import { conferenceRoutes } from './conference-routes.ts';
import { inboundQueueRoutes } from './inbound-queue-routes.ts';
import { minutesDeskRoutes } from './minutes-routes.ts';
import { coreGroupBookingRoutes } from './core-group-booking.ts';
import { deskRoutes } from './desk-routes.ts';
import { actorOf, type Session } from './session.ts';
import { send, type DashboardKit, type DashboardOptions } from './shell.ts';
import { signInRoutes } from './sign-in-routes.ts';

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

  signInRoutes(r, o, form);

  const auth = o.sessions.required();
  r.post('/dashboard/sign-out', auth, form, csrfOk, async (_req, res) => {
    await o.sessions.end(res, session(res));
    res.redirect(303, '/dashboard/sign-in');
  });
  const kit: DashboardKit = {
    auth,
    form,
    csrfOk,
    csrfToken: (req, res) => o.csrf.token(req, res, session(res).sid),
    session,
    actor: (res) => actorOf(session(res)),
    signOut,
    keepNote: (res, lines) => o.sessions.keepNote(session(res), lines),
    takeNote: (req, res) => o.sessions.takeNote(session(res), req.query['note']),
  };

  r.use(censusPages(deps, { auth, send, signOut }));

  const helpers: ChangeHelpers = {
    auth,
    form,
    csrfOk,
    csrfToken: kit.csrfToken,
    actor: kit.actor,
    keepNote: kit.keepNote,
    send: (req, res, status, title, heading, body) => send(res, status, title, heading, body, signOut(req, res)),
  };
  changeRoutes(r, deps, helpers);
  newConferenceRoutes(r, deps, helpers);
  peopleRoutes(r, deps, helpers);

  deskRoutes(r, deps, kit, o.searchLimit);
  conferenceRoutes(r, deps, kit);
  inboundQueueRoutes(r, deps, kit);
  minutesDeskRoutes(r, deps, kit);
  coreGroupBookingRoutes(r, deps, kit);

  return r;
}
