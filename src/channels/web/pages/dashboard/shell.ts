/** The frame every dashboard page shares: the page shell, the done-messages, and the helpers each route group is given. */
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../../../infra/logger.ts';
import { page, type Html } from '../html.ts';
import type { Csrf } from '../security.ts';
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
  /** Keeps a use-case's warnings for the session's next view, never in the URL (session.ts); the note's id, if any. */
  keepNote: (res: Response, lines: readonly string[]) => Promise<string | undefined>;
  /** The warnings kept for this view (the `note` query's id), read once; nothing for a made-up id. */
  takeNote: (req: Request, res: Response) => Promise<string[]>;
}

/** Where a form goes once it is done: the conference's page with its done-message and, if any, the note of its warnings. */
export const conferenceDone = (id: string, done: string, noteId?: string): string =>
  `/dashboard/c/${encodeURIComponent(id)}?done=${encodeURIComponent(done)}${noteId ? `&note=${noteId}` : ''}`;
