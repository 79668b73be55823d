/**
 * What the JSON API and the bot endpoint get on every response: security headers (a
 * Content-Security-Policy that allows nothing, since JSON is never rendered; HSTS when the service
 * is public over https) and a token bucket per client IP that answers 429 with Retry-After.
 * The bucket lives in this process's memory: enough to blunt guessing and floods at one instance;
 * a fleet behind a load balancer would limit there as well.
 */
import type { RequestHandler, Response } from 'express';

export function apiSecurityHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.set({
      'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    next();
  };
}

/** Strict-Transport-Security on every response when PUBLIC_BASE_URL is https. */
export function hsts(options: { https: boolean }): RequestHandler {
  return (_req, res, next) => {
    if (options.https) res.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
}

/** 429 for the API: JSON saying when to try again. */
export function refuseApi(res: Response, retryAfterS: number): void {
  res.json({ error: 'rate-limited', message: `Too many requests from this address: try again in ${retryAfterS} s` });
}

/**
 * The bot endpoint's first line: a Bot Framework activity is a JSON object with a string `type`
 * (and, when present, object `from`/`conversation` and a string `serviceUrl`). Anything else is a
 * 400 naming the field, before the adapter (which answers malformed input with a 500) sees it.
 */
export const activityShape: RequestHandler = (req, res, next) => {
  const body = req.body as unknown;
  const issue = (field: string, message: string): void => {
    res
      .status(400)
      .json({ error: 'validation', message: `Invalid activity: ${field}: ${message}`, issues: [{ field, message }] });
  };
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return issue('(body)', 'expected a JSON object (a Bot Framework activity)');
  const a = body as Record<string, unknown>;
  if (typeof a.type !== 'string' || a.type === '') return issue('type', 'expected the activity type');
  for (const f of ['from', 'conversation', 'recipient'] as const) {
    if (
      a[f] !== undefined &&
      (typeof a[f] !== 'object' || a[f] === null || typeof (a[f] as Record<string, unknown>).id !== 'string')
    )
      return issue(`${f}.id`, 'expected an object with a string id');
  }
  if (a.serviceUrl !== undefined && (typeof a.serviceUrl !== 'string' || !URL.canParse(a.serviceUrl)))
    return issue('serviceUrl', 'expected a URL');
  if (a.channelId !== undefined && typeof a.channelId !== 'string') return issue('channelId', 'expected a string');
  next();
};
