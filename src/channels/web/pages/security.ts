/**
 * What every page response needs: a strict Content-Security-Policy (no script at all, styles from
 * one static file), no caching, CSRF tokens (signed double-submit: a random cookie plus a form
 * field that is an HMAC of that cookie and what the form is bound to) and a per-IP token bucket.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';

/** Where Teams may frame the meeting side panel (and the link pages it opens). */
const TEAMS_FRAME_ANCESTORS =
  'https://teams.microsoft.com https://*.teams.microsoft.com https://*.teams.microsoft.us https://*.skype.com https://*.office.com https://*.cloud.microsoft';

export function pageHeaders(options: { framable: boolean }): RequestHandler {
  const csp = [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    `frame-ancestors ${options.framable ? TEAMS_FRAME_ANCESTORS : "'none'"}`,
  ].join('; ');
  return (_req, res, next) => {
    res.set({
      'Content-Security-Policy': csp,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
    });
    if (options.framable) res.removeHeader('X-Frame-Options');
    next();
  };
}

export function readCookies(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 1) continue;
    const k = part.slice(0, i).trim();
    try {
      out[k] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      /* ignore a malformed cookie */
    }
  }
  return out;
}

export interface CookieOptions {
  secure: boolean;
  sameSite: 'Strict' | 'Lax' | 'None';
  maxAgeSeconds?: number;
  path?: string;
}

export function setCookie(res: Response, name: string, value: string, o: CookieOptions): void {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${o.path ?? '/'}`, 'HttpOnly', `SameSite=${o.sameSite}`];
  if (o.secure) parts.push('Secure');
  if (o.sameSite === 'None') parts.push('Partitioned');
  if (o.maxAgeSeconds !== undefined) parts.push(`Max-Age=${o.maxAgeSeconds}`);
  res.append('Set-Cookie', parts.join('; '));
}

const CSRF_COOKIE = 'cpc_csrf';

export class Csrf {
  constructor(
    private readonly secret: string,
    private readonly secure: boolean,
  ) {}

  #mac(cookie: string, binding: string): string {
    return createHmac('sha256', this.secret).update(`csrf.${binding}.${cookie}`).digest('base64url');
  }

  /**
   * The form token for this request, setting the cookie when absent. Over https the cookie is
   * SameSite=None (Partitioned) so forms also work inside the Teams side panel's iframe; the
   * token, not the cookie's SameSite, is what stops a forged POST.
   */
  token(req: Request, res: Response, binding: string): string {
    let cookie = readCookies(req)[CSRF_COOKIE];
    if (!cookie || !/^[A-Za-z0-9_-]{22,64}$/.test(cookie)) {
      cookie = randomBytes(18).toString('base64url');
      setCookie(res, CSRF_COOKIE, cookie, { secure: this.secure, sameSite: this.secure ? 'None' : 'Lax' });
      // Later helpers in this same response must see the new cookie.
      req.headers.cookie = `${req.get('cookie') ? `${req.get('cookie')}; ` : ''}${CSRF_COOKIE}=${cookie}`;
    }
    return this.#mac(cookie, binding);
  }

  /** True when the posted `_csrf` field matches the cookie and the binding. */
  check(req: Request, binding: string): boolean {
    const cookie = readCookies(req)[CSRF_COOKIE];
    const sent = (req.body as Record<string, unknown> | undefined)?.['_csrf'];
    if (!cookie || typeof sent !== 'string') return false;
    const expected = Buffer.from(this.#mac(cookie, binding));
    const given = Buffer.from(sent);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

/** 429 for people: a page saying when to try again. */
export function refusePage(res: Response, wait: number): void {
  res
    .type('html')
    .send(
      `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Too many requests – Child protection conference</title><link rel="stylesheet" href="/static/pages.css"></head><body><main id="main"><h1>Please wait a moment</h1><p>There have been too many requests from your connection. Try again in ${wait} seconds.</p></main></body></html>`,
    );
}
