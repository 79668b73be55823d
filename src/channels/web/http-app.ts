import express, { type Express, type Request, type RequestHandler } from 'express';
import type { AppDeps } from '../../app/deps.ts';
import type { Logger } from '../../infra/logger.ts';
import { activityShape, apiSecurityHeaders, hsts, refuseApi } from './api-guard.ts';
import { limitRequests, SEARCH_BUCKET } from './rate-limit.ts';
import { deskRoutes } from './routes/desk.ts';
import { memoryRateLimiters, type BucketOptions, type RateLimiterFactory } from '../../infra/rate-limit.ts';
import { requireApiKey } from './auth.ts';
import { errorHandler } from './errors.ts';
import { circulationRoutes } from './routes/circulation.ts';
import { conferenceRoutes } from './routes/conferences.ts';
import { attendeeRoutes } from './routes/attendees.ts';
import { inboundRoutes } from './routes/inbound.ts';
import { familyRoutes } from './routes/family.ts';
import { escalationRoutes } from './routes/escalations.ts';
import { meetingRoutes } from './routes/meeting.ts';
import { coreGroupRoutes } from './routes/core-groups.ts';
import { minutesRoutes } from './routes/minutes.ts';
import { recordRoutes } from './routes/records.ts';
import { childRoutes } from './routes/children.ts';
import { figuresRoutes } from './routes/figures.ts';
import { API_VERSION, openApiDocument } from './api/openapi.ts';
import { notifyCallbackRoutes } from './routes/notify.ts';

export interface HttpOptions {
  apiKey: string;
  /** True when Redis answers. */
  healthy: () => Promise<boolean>;
  /** Extra routers mounted by the composition root (dev clock, jobs, bot, web pages). */
  mount?: (app: Express, auth: RequestHandler) => void;
  /** HSTS is sent when this is https. */
  publicBaseUrl?: string;
  /** Token bucket per client IP on /api (including /api/messages). @defaultValue 300 at once, 1200 a minute */
  rateLimit?: BucketOptions;
  /** Where the buckets live (Redis in the service, so the limit holds across processes). @defaultValue in memory */
  rateLimiters?: RateLimiterFactory;
  /** Told when the rate limiter cannot be asked (the request then goes through). */
  logger?: Logger;
  /** RETENTION_DAYS: 0 keeps everything. @defaultValue 0 */
  retentionDays?: number;
  /**
   * TRUST_PROXY: the proxies whose `X-Forwarded-For` gives the client address (for rate limits and
   * logs). @defaultValue none: the connecting address is the client, even on loopback
   */
  trustProxy?: readonly string[];
  /** NOTIFY_CALLBACK_TOKEN: GOV.UK Notify's delivery receipts and received texts are accepted with it. @defaultValue none: no callbacks */
  notifyCallbackToken?: string;
}

/** The one /api route the coordinator key does not guard: the bot endpoint, which the Bot Framework's token protects. */
const isBotEndpoint = (req: Request) => req.method === 'POST' && req.path === '/messages';

const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'no-store',
  });
  next();
};

export function createHttpApp(deps: AppDeps, options: HttpOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy?.length ? [...options.trustProxy] : false);
  app.use(securityHeaders);
  const https = options.publicBaseUrl?.startsWith('https://') ?? false;
  app.use(hsts({ https }));
  // Before the body parser: a flood is refused before it is read.
  const limiters = options.rateLimiters ?? memoryRateLimiters;
  app.use(
    '/api',
    limitRequests(limiters('api', options.rateLimit ?? { burst: 300, perMinute: 1200 }), refuseApi, options.logger),
  );
  app.use(
    '/notify',
    limitRequests(limiters('notify', options.rateLimit ?? { burst: 300, perMinute: 1200 }), refuseApi, options.logger),
  );
  app.use(['/api', '/healthz', '/notify'], apiSecurityHeaders());
  app.use(express.json({ limit: '1mb', strict: true }));

  app.get('/healthz', async (_req, res) => {
    const ok = await options.healthy().catch(() => false);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', redis: ok ? 'up' : 'down' });
  });

  // The API's description is public (it holds no data): tools can read it without the key.
  // Built on first request, not at start-up (every service and test process starts an app; few ask).
  let openapi: string | undefined;
  app.get('/api/openapi.json', (_req, res) => {
    openapi ??= JSON.stringify(openApiDocument(API_VERSION), null, 2);
    res.type('application/json').send(openapi);
  });

  const auth = requireApiKey(options.apiKey);
  // Exactly POST /api/messages, not a prefix: /api/messages-x or /api/messages/anything still needs the key.
  app.use('/api', (req, res, next) => (isBotEndpoint(req) ? next() : auth(req, res, next)));
  app.use(
    '/api',
    deskRoutes(deps, { searchLimit: limitRequests(limiters('search', SEARCH_BUCKET), refuseApi, options.logger) }),
  );
  app.use('/api', conferenceRoutes(deps));
  app.use('/api', meetingRoutes(deps));
  app.use('/api', coreGroupRoutes(deps));
  app.use('/api', familyRoutes(deps));
  app.use('/api', attendeeRoutes(deps));
  app.use('/api', inboundRoutes(deps));
  app.use('/api', circulationRoutes(deps));
  app.use('/api', escalationRoutes(deps));
  app.use('/api', minutesRoutes(deps));
  app.use('/api', recordRoutes(deps, { retentionDays: options.retentionDays ?? 0 }));
  app.use('/api', childRoutes(deps));
  app.use('/api', figuresRoutes(deps));
  app.post('/api/messages', activityShape);
  if (options.notifyCallbackToken) app.use('/notify', notifyCallbackRoutes(deps, options.notifyCallbackToken));
  options.mount?.(app, auth);

  app.use((req, res) => {
    res.status(404).json({ error: 'not-found', message: `No route ${req.method} ${req.path}` });
  });
  app.use(errorHandler(deps.logger));
  return app;
}
