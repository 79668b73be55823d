/**
 * Dashboard sign-in: the coordinator key (compared in constant time) starts a session held in a
 * signed, HttpOnly, SameSite=Strict cookie. The signing key is derived from LINK_SECRET and the
 * API key, so rotating either ends every session. Signing in with the authority's OpenID Connect
 * provider (oidc.ts) starts the same session, naming who signed in as its actor.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Clock } from '../../../../ports.ts';
import { readCookies, setCookie } from '../security.ts';

export const SESSION_COOKIE = 'cpc_session';
const digest = (s: string) => createHash('sha256').update(s).digest();

export interface Session {
  sid: string;
  exp: number;
  /** Who signed in, for the audit trail: `coordinator` (the key) or `oidc:<email or subject>`. */
  actor?: string;
}

/** The audit actor for a session (older cookies carry none). */
export const actorOf = (s: Session): string => s.actor ?? 'coordinator';

export class Sessions {
  readonly #key: Buffer;
  readonly #apiKey: Buffer;

  constructor(
    linkSecret: string,
    apiKey: string,
    private readonly o: { clock: Clock; hours: number; secure: boolean },
  ) {
    this.#key = createHmac('sha256', linkSecret).update(`dashboard-session.${digest(apiKey).toString('hex')}`).digest();
    this.#apiKey = digest(apiKey);
  }

  keyMatches(given: string): boolean {
    return timingSafeEqual(digest(given.trim()), this.#apiKey);
  }

  #mac(body: string): string {
    return createHmac('sha256', this.#key).update(body).digest('base64url');
  }

  start(res: Response, actor?: string): Session {
    // Sessions use wall time, not the (possibly simulated) workflow clock, so they do expire.
    const s: Session = { sid: randomBytes(16).toString('base64url'), exp: Date.now() + this.o.hours * 3600_000, ...(actor ? { actor: actor.slice(0, 200) } : {}) };
    const body = Buffer.from(JSON.stringify(s)).toString('base64url');
    setCookie(res, SESSION_COOKIE, `${body}.${this.#mac(body)}`, { secure: this.o.secure, sameSite: 'Strict', maxAgeSeconds: this.o.hours * 3600 });
    return s;
  }

  end(res: Response): void {
    setCookie(res, SESSION_COOKIE, '', { secure: this.o.secure, sameSite: 'Strict', maxAgeSeconds: 0 });
  }

  read(req: Request): Session | undefined {
    const raw = readCookies(req)[SESSION_COOKIE];
    const m = raw ? /^([A-Za-z0-9_-]{10,600})\.([A-Za-z0-9_-]{43})$/.exec(raw) : null;
    if (!m) return undefined;
    const expected = Buffer.from(this.#mac(m[1]!));
    if (!timingSafeEqual(expected, Buffer.from(m[2]!))) return undefined;
    try {
      const s = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8')) as Session;
      if (typeof s.sid !== 'string' || typeof s.exp !== 'number' || s.exp <= Date.now()) return undefined;
      if (s.actor !== undefined && typeof s.actor !== 'string') return undefined;
      return s;
    } catch {
      return undefined;
    }
  }

  /** Pages behind sign-in: without a session, go to the sign-in form (GET) or refuse (POST). */
  required(): RequestHandler {
    return (req, res, next) => {
      const s = this.read(req);
      if (s) {
        res.locals['session'] = s;
        return next();
      }
      if (req.method === 'GET') return void res.redirect(303, '/dashboard/sign-in');
      res.status(401).type('text').send('Sign in first.');
    };
  }
}
