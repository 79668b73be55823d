/** The web side of the shared rate limiter (src/infra/rate-limit.ts): a token bucket per client IP. */
import type { Request, RequestHandler, Response } from 'express';
import type { RateLimiter } from '../../infra/rate-limit.ts';
import type { Logger } from '../../infra/logger.ts';

/** Express middleware over a limiter: `refuse` writes the 429 (JSON for the API, a page for people). */
export function limitRequests(
  limiter: RateLimiter,
  refuse: (res: Response, retryAfterS: number) => void,
  logger?: Logger,
): RequestHandler {
  return (req: Request, res, next) => {
    const client = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    limiter.take(client).then(
      (r) => {
        if (r.ok) return next();
        res.status(429).set('Retry-After', String(r.retryAfterS));
        refuse(res, r.retryAfterS);
      },
      (err: unknown) => {
        logger?.warn('rate limiter unavailable: request let through', { err });
        next();
      },
    );
  };
}

/**
 * Searching by name, per client (API and dashboard share the bucket): enough for a person at work,
 * far too few to try a list of names against the index.
 */
export const SEARCH_BUCKET = { burst: 30, perMinute: 60 } as const;
