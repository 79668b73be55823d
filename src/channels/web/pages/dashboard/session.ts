/**
 * Dashboard sign-in: the coordinator key (compared in constant time) starts a session kept on the
 * server: the HttpOnly, SameSite=Strict cookie holds only a random session id, and the session
 * record (who, until when) lives in Redis with a TTL. Signing out deletes the record, so a copy of
 * the cookie is refused from then on. Records are stored under an HMAC of the id keyed by
 * LINK_SECRET and the API key, so rotating either ends every session (and Redis never holds a
 * usable cookie). Signing in with the authority's OpenID Connect provider (oidc.ts) starts the same
 * session, naming who signed in as its actor.
 *
 * What a form wants to tell the coordinator after its redirect (a use-case's warnings) is kept here
 * too, never in the URL: the redirect carries only a random note id, the note is stored under an
 * HMAC of the session id and that id (so another session, or a made-up id, finds nothing), expires
 * in minutes and is read once.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod/v4';
import type { Clock } from '../../../../ports.ts';
import { readCookies, setCookie } from '../security.ts';

export const SESSION_COOKIE = 'cpc_session';
const digest = (s: string) => createHash('sha256').update(s).digest();

export interface Session {
  sid: string;
  exp: number;
  /** Who signed in, for the audit trail: `coordinator` (the key) or `oidc:<email or subject>`. */
  actor?: string;
  /** The provider's verified email, lower-cased (OpenID Connect only): which attendee, if any, the person signed in is. */
  email?: string;
}

/** Where session records live (Redis in the service): each expires by itself after `ttlMs`. */
export interface SessionRecords {
  put(id: string, record: string, ttlMs: number): Promise<void>;
  get(id: string): Promise<string | undefined>;
  /** Reads and deletes at once: what a one-view note needs. */
  take(id: string): Promise<string | undefined>;
  delete(id: string): Promise<void>;
}

/** The audit actor for a session. */
export const actorOf = (s: Session): string => s.actor ?? 'coordinator';

/** The session as a use-case's actor: who signed in, and their verified email where the provider gave one. */
export const sessionActor = (s: Session): { via: 'session'; name: string; email?: string } => ({
  via: 'session',
  name: actorOf(s),
  ...(s.email ? { email: s.email } : {}),
});

const SID = /^[A-Za-z0-9_-]{43}$/;
const NOTE_ID = /^[A-Za-z0-9_-]{22}$/;
/** A note outlives its redirect by a little: long enough for a slow page load, not for a link to be passed on. */
const NOTE_TTL_MS = 10 * 60_000;
const NoteRecord = z.array(z.string().max(2000)).max(50);

export class Sessions {
  readonly #key: Buffer;
  readonly #apiKey: Buffer;

  constructor(
    linkSecret: string,
    apiKey: string,
    private readonly o: { clock: Clock; hours: number; secure: boolean; records: SessionRecords },
  ) {
    this.#key = createHmac('sha256', linkSecret)
      .update(`dashboard-session.${digest(apiKey).toString('hex')}`)
      .digest();
    this.#apiKey = digest(apiKey);
  }

  keyMatches(given: string): boolean {
    return timingSafeEqual(digest(given.trim()), this.#apiKey);
  }

  /** The record's id: an HMAC of the cookie's session id. */
  #id(sid: string): string {
    return createHmac('sha256', this.#key).update(sid).digest('base64url');
  }

  #noteKey(s: Session, noteId: string): string {
    return createHmac('sha256', this.#key).update(`note.${s.sid}.${noteId}`).digest('base64url');
  }

  /** Keeps `lines` for the session's next view; returns the note's id for the redirect (none when there is nothing to say). */
  async keepNote(s: Session, lines: readonly string[]): Promise<string | undefined> {
    if (!lines.length) return undefined;
    const noteId = randomBytes(16).toString('base64url');
    await this.o.records.put(this.#noteKey(s, noteId), JSON.stringify(lines.slice(0, 50)), NOTE_TTL_MS);
    return noteId;
  }

  /** The note `noteId` of this session, once: a second read, another session's id or a made-up one gives nothing. */
  async takeNote(s: Session, noteId: unknown): Promise<string[]> {
    if (typeof noteId !== 'string' || !NOTE_ID.test(noteId)) return [];
    const stored = await this.o.records.take(this.#noteKey(s, noteId));
    if (!stored) return [];
    try {
      const parsed = NoteRecord.safeParse(JSON.parse(stored));
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  }

  async start(res: Response, actor?: string, email?: string): Promise<Session> {
    // Sessions use wall time, not the (possibly simulated) workflow clock, so they do expire.
    const ttlMs = this.o.hours * 3600_000;
    const s: Session = {
      sid: randomBytes(32).toString('base64url'),
      exp: Date.now() + ttlMs,
      ...(actor ? { actor: actor.slice(0, 200) } : {}),
      ...(email && email.length <= 254 ? { email } : {}),
    };
    await this.o.records.put(
      this.#id(s.sid),
      JSON.stringify({ exp: s.exp, ...(s.actor ? { actor: s.actor } : {}), ...(s.email ? { email: s.email } : {}) }),
      ttlMs,
    );
    setCookie(res, SESSION_COOKIE, s.sid, {
      secure: this.o.secure,
      sameSite: 'Strict',
      maxAgeSeconds: this.o.hours * 3600,
    });
    return s;
  }

  /** Signs out: the record is deleted (every copy of the cookie stops working) and the cookie cleared. */
  async end(res: Response, s: Session): Promise<void> {
    await this.o.records.delete(this.#id(s.sid));
    setCookie(res, SESSION_COOKIE, '', { secure: this.o.secure, sameSite: 'Strict', maxAgeSeconds: 0 });
  }

  async read(req: Request): Promise<Session | undefined> {
    const sid = readCookies(req)[SESSION_COOKIE];
    if (!sid || !SID.test(sid)) return undefined;
    const stored = await this.o.records.get(this.#id(sid));
    if (!stored) return undefined;
    try {
      const r = JSON.parse(stored) as { exp?: unknown; actor?: unknown; email?: unknown };
      if (typeof r.exp !== 'number' || r.exp <= Date.now()) return undefined;
      if (r.actor !== undefined && typeof r.actor !== 'string') return undefined;
      if (r.email !== undefined && typeof r.email !== 'string') return undefined;
      return { sid, exp: r.exp, ...(r.actor ? { actor: r.actor } : {}), ...(r.email ? { email: r.email } : {}) };
    } catch {
      return undefined;
    }
  }

  /** Pages behind sign-in: without a session, go to the sign-in form (GET) or refuse (POST). */
  required(): RequestHandler {
    return async (req, res, next) => {
      const s = await this.read(req);
      if (s) {
        res.locals['session'] = s;
        return next();
      }
      if (req.method === 'GET') return void res.redirect(303, '/dashboard/sign-in');
      res.status(401).type('text').send('Sign in first.');
    };
  }
}
