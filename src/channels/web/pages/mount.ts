import { createRequire } from 'node:module';
/**
 * The web face of the service: personal-link pages (`/l/:token`), the Teams side panel (`/tab`),
 * the coordinator dashboard (`/dashboard`) and the one stylesheet they share. Server-rendered HTML
 * with no script at all, so the Content-Security-Policy can forbid every script.
 */
import { readFileSync } from 'node:fs';
import type { Express } from 'express';
import type { AppDeps } from '../../../app/deps.ts';
import type { Config } from '../../../config.ts';
import type { Logger } from '../../../infra/logger.ts';
import { dashboardRoutes } from './dashboard/routes.ts';
import { OidcClient } from './dashboard/oidc.ts';
import { Sessions } from './dashboard/session.ts';
import { linkRoutes } from './link-routes.ts';
import { limitRequests, memoryRateLimiters, type RateLimiterFactory } from '../rate-limit.ts';
import { Csrf, pageHeaders, refusePage } from './security.ts';

const CSS = readFileSync(new URL('./static/pages.css', import.meta.url), 'utf8');
const TAB_CONFIG_JS = readFileSync(new URL('./static/tab-config.js', import.meta.url), 'utf8');
const TEAMS_JS = readFileSync(createRequire(import.meta.url).resolve('@microsoft/teams-js'), 'utf8');

export function mountWebPages(app: Express, deps: AppDeps, config: Config, logger: Logger, limiters: RateLimiterFactory = memoryRateLimiters): void {
  const secure = config.PUBLIC_BASE_URL.startsWith('https://');
  const csrf = new Csrf(deps.settings.linkSecret, secure);
  const limit = limitRequests(limiters('links', { burst: config.LINK_RATE_LIMIT_BURST, perMinute: config.LINK_RATE_LIMIT_PER_MINUTE }), refusePage, logger);
  const signInLimit = limitRequests(
    limiters('sign-in', { burst: Math.min(10, config.LINK_RATE_LIMIT_BURST), perMinute: Math.min(10, config.LINK_RATE_LIMIT_PER_MINUTE) }),
    refusePage,
    logger,
  );

  app.get('/static/pages.css', (_req, res) => {
    res.set({ 'Cache-Control': 'public, max-age=3600', 'X-Content-Type-Options': 'nosniff' }).type('text/css').send(CSS);
  });
  // The Teams JS SDK, served from our own origin so the tab configuration page needs no third-party script.
  app.get('/static/teams-js.min.js', (_req, res) => {
    res.set({ 'Cache-Control': 'public, max-age=86400', 'X-Content-Type-Options': 'nosniff' }).type('application/javascript').send(TEAMS_JS);
  });
  app.get('/static/tab-config.js', (_req, res) => {
    res.set({ 'Cache-Control': 'public, max-age=3600', 'X-Content-Type-Options': 'nosniff' }).type('application/javascript').send(TAB_CONFIG_JS);
  });
  app.use(['/l', '/tab'], limit, pageHeaders({ framable: true }));
  app.use(linkRoutes(deps, csrf, logger));
  app.use('/dashboard', pageHeaders({ framable: false }));
  app.use(
    dashboardRoutes(deps, {
      sessions: new Sessions(deps.settings.linkSecret, config.COORDINATOR_API_KEY, { clock: deps.clock, hours: config.DASHBOARD_SESSION_HOURS, secure }),
      csrf,
      signInLimit,
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
