/** The frame every dashboard page shares: the page shell, the done-messages, and the helpers each route group is given. */
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../../../infra/logger.ts';
import { page, type Html } from '../html.ts';
import type { Csrf } from '../security.ts';
import { CHANGE_DONE } from './change-routes.ts';
import { PEOPLE_DONE } from './people-routes.ts';
import type { OidcClient } from './oidc.ts';
import type { Session, Sessions } from './session.ts';

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

export const DONE: Record<string, string> = {
  ...CHANGE_DONE,
  ...PEOPLE_DONE,
  task: 'Recorded as done: the person’s invitation now says it is arranged.',
  told: 'Recorded that the parent was told the decision: a held letter goes now.',
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

export function send(
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

/** What the dashboard's route groups share: built once in routes.ts from the session and CSRF protection. */
export interface DashboardKit {
  /** The signed-in session is required. */
  auth: RequestHandler;
  /** A urlencoded form body, small. */
  form: RequestHandler;
  /** The form's CSRF token matches the session's (403 page otherwise, nothing changed). */
  csrfOk: RequestHandler;
  csrfToken: (req: Request, res: Response) => string;
  session: (res: Response) => Session;
  /** Who the audit names for this session. */
  actor: (res: Response) => string;
  /** The sign-out button for the page's navigation. */
  signOut: (req: Request, res: Response) => Html;
}
