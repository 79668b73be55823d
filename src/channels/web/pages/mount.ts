import { createRequire } from 'node:module';
/**
 * The web face of the service: personal-link pages (`/l/:token`), the Teams side panel (`/tab`),
 * the coordinator dashboard (`/dashboard`) and the one stylesheet they share. Server-rendered HTML
 * with no script at all, so the Content-Security-Policy can forbid every script.
 */
import { readFileSync } from 'node:fs';
import type { Express } from 'express';
import type { AppDeps } from '../../../app/deps.ts';
import type { Logger } from '../../../infra/logger.ts';
import { dashboardRoutes } from './dashboard/routes.ts';
import { OidcClient } from './dashboard/oidc.ts';
import { Sessions, type SessionRecords } from './dashboard/session.ts';
import { html } from './html.ts';
import { dialInTelUri } from '../../../content/dial-in.ts';
import { legalRoutes } from './legal-routes.ts';
import { linkRoutes } from './link-routes.ts';
import { sendPage } from './link-refused.ts';
import { replyCodeRoutes } from './reply-code-page.ts';
import { REPLY_CODE_PATH } from '../../../app/credentials/reply-codes.ts';
import { limitRequests, SEARCH_BUCKET } from '../rate-limit.ts';
import { memoryRateLimiters, type RateLimiterFactory } from '../../../infra/rate-limit.ts';
import { Csrf, pageHeaders, refusePage } from './security.ts';
import { coordinatorAddress } from '../../../app/shared/sender.ts';

const CSS = readFileSync(new URL('./static/pages.css', import.meta.url), 'utf8');
const TAB_CONFIG_JS = readFileSync(new URL('./static/tab-config.js', import.meta.url), 'utf8');
const TEAMS_JS = readFileSync(createRequire(import.meta.url).resolve('@microsoft/teams-js'), 'utf8');

/** The settings the pages read (the service passes its validated Config). */
export interface WebPagesConfig {
  PUBLIC_BASE_URL: string;
  COORDINATOR_API_KEY: string;
  LINK_RATE_LIMIT_BURST: number;
  LINK_RATE_LIMIT_PER_MINUTE: number;
  DASHBOARD_SESSION_HOURS: number;
  /** Who the privacy and terms pages name, and where their notices are. */
  DATA_CONTROLLER?: string | undefined;
  PRIVACY_URL?: string | undefined;
  PRIVACY_TEXT?: string | undefined;
  TERMS_URL?: string | undefined;
  TERMS_TEXT?: string | undefined;
  /** The dashboard's OpenID Connect sign-in (all three, or none). */
  OIDC_ISSUER?: string | undefined;
  OIDC_CLIENT_ID?: string | undefined;
  OIDC_CLIENT_SECRET?: string | undefined;
  OIDC_ALLOWED_EMAILS: string[];
  OIDC_ALLOWED_DOMAIN?: string | undefined;
}

export function mountWebPages(
  app: Express,
  deps: AppDeps,
  config: WebPagesConfig,
  logger: Logger,
  o: { sessionRecords: SessionRecords; limiters?: RateLimiterFactory },
): void {
  const limiters = o.limiters ?? memoryRateLimiters;
  const secure = config.PUBLIC_BASE_URL.startsWith('https://');
  const csrf = new Csrf(deps.settings.linkSecret, secure);
  const limit = limitRequests(
    limiters('links', { burst: config.LINK_RATE_LIMIT_BURST, perMinute: config.LINK_RATE_LIMIT_PER_MINUTE }),
    refusePage,
    logger,
  );
  const signInLimit = limitRequests(
    limiters('sign-in', {
      burst: Math.min(10, config.LINK_RATE_LIMIT_BURST),
      perMinute: Math.min(10, config.LINK_RATE_LIMIT_PER_MINUTE),
    }),
    refusePage,
    logger,
  );

  // Reply codes from letters: a few guesses a minute per client, far below what could find a code.
  const guessLimit = limitRequests(
    limiters('reply-codes', {
      burst: Math.min(10, config.LINK_RATE_LIMIT_BURST),
      perMinute: Math.min(10, config.LINK_RATE_LIMIT_PER_MINUTE),
    }),
    refusePage,
    logger,
  );

  app.get('/static/pages.css', (_req, res) => {
    res
      .set({ 'Cache-Control': 'public, max-age=3600', 'X-Content-Type-Options': 'nosniff' })
      .type('text/css')
      .send(CSS);
  });
  // The Teams JS SDK, served from our own origin so the tab configuration page needs no third-party script.
  app.get('/static/teams-js.min.js', (_req, res) => {
    res
      .set({ 'Cache-Control': 'public, max-age=86400', 'X-Content-Type-Options': 'nosniff' })
      .type('application/javascript')
      .send(TEAMS_JS);
  });
  app.get('/static/tab-config.js', (_req, res) => {
    res
      .set({ 'Cache-Control': 'public, max-age=3600', 'X-Content-Type-Options': 'nosniff' })
      .type('application/javascript')
      .send(TAB_CONFIG_JS);
  });
  app.use(['/l', '/tab'], limit, pageHeaders({ framable: true }));
  // The local (development) provider's join link: says plainly there is no video here, and how to dial in.
  app.get('/meet/:id', limit, pageHeaders({ framable: false }), async (req, res) => {
    const key = String(req.params['id'] ?? '');
    // `<conference>-cg2` is one of its core groups (ports.ts meetingKey).
    const [id = '', occasion] = key.split('-');
    const found = /^[A-Za-z0-9_]{6,64}(-cg\d{1,3})?$/.test(key) ? await deps.store.get(id) : undefined;
    const group = occasion ? found?.coreGroups?.find((g) => g.id === occasion && g.state === 'booked') : undefined;
    const c =
      found &&
      (occasion
        ? group && {
            ...found,
            meeting: group.meeting,
            mode: group.mode,
            ...(group.venue ? { venue: group.venue } : {}),
          }
        : found);
    if (!c || !c.meeting || c.meeting.provider !== 'local') {
      sendPage(res, 404, {
        title: 'Meeting not found',
        heading: 'This meeting link does not work',
        body: html`<p>Use the whole link from your invitation, or ask the conference coordinator.</p>`,
      });
      return;
    }
    const dial = c.meeting.dialIn[0];
    sendPage(res, 200, {
      title: `Meeting ${c.reference}`,
      heading: `Meeting ${c.reference}`,
      body: html`<div class="notice"><strong>${c.meeting.label}.</strong> This service is set up without Teams or Google Meet, so there is no video on this page.</div>
<p>${dial ? html`Join by phone: call <strong>${dial.number}</strong> and enter PIN <strong>${dial.pin ?? ''}</strong>.${dialInTelUri(dial) ? html` <a href="${dialInTelUri(dial)!}">Tap to dial with the PIN</a>.` : ''}` : 'Ask the conference coordinator how to join.'}</p>
<p>${c.mode === 'virtual' ? '' : html`Or come in person: ${c.venue ?? ''}.`}</p>`,
    });
  });
  const defaultPolicy = deps.policies.get(undefined);
  app.use(
    legalRoutes({
      // The national preset names no council, so it names no data controller.
      controller: config.DATA_CONTROLLER ?? (defaultPolicy.id === 'statutory' ? undefined : defaultPolicy.authority),
      contact: coordinatorAddress(deps, defaultPolicy),
      privacy: config.PRIVACY_URL
        ? { url: config.PRIVACY_URL }
        : config.PRIVACY_TEXT
          ? { text: config.PRIVACY_TEXT }
          : undefined,
      terms: config.TERMS_URL ? { url: config.TERMS_URL } : config.TERMS_TEXT ? { text: config.TERMS_TEXT } : undefined,
    }),
  );
  app.use(linkRoutes(deps, csrf, logger));
  app.use(REPLY_CODE_PATH, limit, pageHeaders({ framable: false }));
  app.use(replyCodeRoutes(deps, csrf, logger, guessLimit));
  app.use('/dashboard', pageHeaders({ framable: false }));
  app.use(
    dashboardRoutes(deps, {
      sessions: new Sessions(deps.settings.linkSecret, config.COORDINATOR_API_KEY, {
        clock: deps.clock,
        hours: config.DASHBOARD_SESSION_HOURS,
        secure,
        records: o.sessionRecords,
      }),
      csrf,
      signInLimit,
      searchLimit: limitRequests(limiters('search', SEARCH_BUCKET), refusePage, logger),
      oidc:
        config.OIDC_ISSUER && config.OIDC_CLIENT_ID && config.OIDC_CLIENT_SECRET
          ? new OidcClient({
              issuer: config.OIDC_ISSUER,
              clientId: config.OIDC_CLIENT_ID,
              clientSecret: config.OIDC_CLIENT_SECRET,
              redirectUri: `${config.PUBLIC_BASE_URL}/dashboard/oidc/callback`,
              linkSecret: deps.settings.linkSecret,
              secure,
              allowedEmails: config.OIDC_ALLOWED_EMAILS,
              allowedDomain: config.OIDC_ALLOWED_DOMAIN,
            })
          : undefined,
      logger,
    }),
  );
}
