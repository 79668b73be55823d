/**
 * Personal signed links: `/l/<token>` where the token is base64url(JSON payload) + "." + HMAC.
 * The payload binds one attendee of one conference to one purpose, an expiry and the attendee's
 * link version; bumping the version (revokeLinks) refuses every link they were sent. Ids only:
 * a token carries no names, and nothing in it is secret except that it cannot be forged.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod/v4';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference, ConferenceState } from '../../domain/conference.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import { loadConference } from '../shared/load.ts';
import { toLondonIso } from '../shared/time.ts';
import { ATTENDEE_ID, CONFERENCE_ID } from '../../domain/ids.ts';

const CORE_GROUP_ID = /^cg\d{1,3}$/;
import { isEnded } from '../../domain/state-machine.ts';

export const LINK_PURPOSES = ['report', 'rsvp', 'views', 'chair', 'checklist', 'minutes', 'core-group'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

const Payload = z
  .object({
    c: z.string().regex(CONFERENCE_ID),
    a: z.string().regex(ATTENDEE_ID),
    p: z.enum(LINK_PURPOSES),
    e: z.number().int().positive(),
    v: z.number().int().positive(),
    /** The core group a `core-group` link answers (`cg2`). */
    g: z.string().regex(CORE_GROUP_ID).optional(),
  })
  .strict();

export interface LinkPayload {
  conferenceId: string;
  attendeeId: string;
  purpose: LinkPurpose;
  /** Expiry, epoch seconds. */
  exp: number;
  version: number;
  /** For a `core-group` link: the core group it answers. */
  coreGroupId?: string;
}

/**
 * `closed`: the conference was cancelled or closed; `not-open`: the conference is in a state this
 * purpose does not open in (a report link once the meeting has started, say).
 */
export type LinkRefusal = 'tampered' | 'expired' | 'revoked' | 'unknown' | 'not-allowed' | 'closed' | 'not-open';

/** Thrown when a link cannot be used; pages turn the reason into a plain explanation. */
export class LinkError extends Error {
  override name = 'LinkError';
  constructor(
    readonly reason: LinkRefusal,
    /** For `closed` and `not-open`: what the refusal page may say (the reference, never a name). */
    readonly context?: { reference: string; state: ConferenceState; purpose: LinkPurpose },
  ) {
    super(`personal link refused: ${reason}`);
  }
}

const BEFORE_MEETING: ConferenceState[] = ['scheduled', 'invited', 'collecting-reports', 'pre-meeting', 'rescheduled'];

export interface LinkRule {
  /** The conference states a link for this purpose opens in; in any other it shows a plain page and takes no action. */
  opensIn: ReadonlySet<ConferenceState>;
  /** The token expires this many days after the meeting's scheduled end (and never less than a day after it is issued). */
  daysAfterMeeting: number;
}

/**
 * Where each kind of link works. A link follows the conference's life: answers and report uploads
 * stop when the meeting starts (or is stopped as inquorate), views when the decision is approved,
 * the checklist when the meeting has started, the chair's page when the conference is closed; and
 * after a cancellation or closure every link shows the reference only. README "Personal links".
 */
export const LINK_RULES: Record<LinkPurpose, LinkRule> = {
  rsvp: { opensIn: new Set(BEFORE_MEETING), daysAfterMeeting: 0 },
  report: { opensIn: new Set(BEFORE_MEETING), daysAfterMeeting: 0 },
  views: { opensIn: new Set([...BEFORE_MEETING, 'in-session', 'decided']), daysAfterMeeting: 1 },
  checklist: { opensIn: new Set([...BEFORE_MEETING, 'in-session']), daysAfterMeeting: 1 },
  chair: {
    opensIn: new Set([...BEFORE_MEETING, 'in-session', 'inquorate', 'decided', 'approved', 'circulated', 'follow-up']),
    daysAfterMeeting: 30,
  },
  // Like the chair's page: before the decision it says the minutes come after it and takes nothing.
  // They are approved within the policy's window (Hackney 15 working days), so it lives longer.
  minutes: {
    opensIn: new Set([...BEFORE_MEETING, 'in-session', 'inquorate', 'decided', 'approved', 'circulated', 'follow-up']),
    daysAfterMeeting: 35,
  },
  // A core group's own answer page: core groups are booked once the decision is approved. It counts
  // from that core group's end, not the conference's (coreGroupLink), with room for a reschedule:
  // answers close when the core group starts in any case.
  'core-group': { opensIn: new Set(['approved', 'circulated', 'follow-up']), daysAfterMeeting: 60 },
};

/** Throws the refusal a link for `purpose` gets in the conference's current state, if any. */
export function assertLinkOpen(c: Pick<Conference, 'reference' | 'state'>, purpose: LinkPurpose): void {
  if (LINK_RULES[purpose].opensIn.has(c.state)) return;
  const context = { reference: c.reference, state: c.state, purpose };
  throw new LinkError(isEnded(c.state) ? 'closed' : 'not-open', context);
}

const DAY = 86_400;
const mac = (secret: string, body: string) =>
  createHmac('sha256', secret).update(`cpc-link.v1.${body}`).digest('base64url');

export function signLink(secret: string, p: LinkPayload): string {
  const body = Buffer.from(
    JSON.stringify({
      c: p.conferenceId,
      a: p.attendeeId,
      p: p.purpose,
      e: p.exp,
      v: p.version,
      ...(p.coreGroupId ? { g: p.coreGroupId } : {}),
    }),
  ).toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

/**
 * Whether a link (or a reply address) has expired: past its own expiry and, for a conference that
 * has been moved (a new version), past the one its timetable gives it now. Moved to a later date,
 * it keeps the links already sent (the report request's upload link and reply address) working
 * until the new meeting. A link is never issued to expire before its conference's timetable says,
 * so only a move can leave one behind; a core group's link has only its own expiry.
 */
export function linkExpired(c: Conference | undefined, purpose: LinkPurpose, exp: number, now: Date): boolean {
  const t = Math.floor(now.getTime() / 1000);
  if (exp > t) return false;
  const moved = c && movedExpiry(c, purpose);
  return moved === undefined || moved <= t;
}

/** The later expiry a moved conference (a new version) gives links already sent (linkExpired); undefined when never moved. */
export function movedExpiry(c: Conference, purpose: LinkPurpose): number | undefined {
  if (c.version <= 1 || purpose === 'core-group') return undefined;
  return Math.floor(Date.parse(c.timetable.endsAt) / 1000) + LINK_RULES[purpose].daysAfterMeeting * DAY;
}

/** Checks the signature only (no store): throws LinkError. Expiry needs the conference: linkExpired. */
export function verifyLinkToken(secret: string, token: string): LinkPayload {
  const m = /^([A-Za-z0-9_-]{10,400})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) throw new LinkError('tampered');
  const expected = Buffer.from(mac(secret, m[1]!));
  if (!timingSafeEqual(expected, Buffer.from(m[2]!))) throw new LinkError('tampered');
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8'));
  } catch {
    throw new LinkError('tampered');
  }
  const parsed = Payload.safeParse(raw);
  if (!parsed.success) throw new LinkError('tampered');
  const p = parsed.data;
  return {
    conferenceId: p.c,
    attendeeId: p.a,
    purpose: p.p,
    exp: p.e,
    version: p.v,
    ...(p.g ? { coreGroupId: p.g } : {}),
  };
}

export const linkVersion = (c: Pick<Conference, 'linkVersions'>, attendeeId: string): number =>
  c.linkVersions?.[attendeeId] ?? 1;

/** Who may hold a link for a purpose: the chair's page and checklist are the chair's alone; a core group's, its members. */
export function mayHold(purpose: LinkPurpose, a: Attendee, c: Conference, coreGroupId?: string): boolean {
  if (a.role === 'child') return false;
  if (purpose === 'core-group')
    return Boolean(c.coreGroups?.some((g) => g.id === coreGroupId && g.members.includes(a.id)));
  if (purpose === 'chair' || purpose === 'checklist') return a.role === 'chair';
  if (purpose === 'minutes') return a.role === 'chair' || a.role === 'minute-taker';
  if (purpose === 'report') return Boolean(c.reports[a.id]);
  return true;
}

/**
 * How long a link lives (LINK_RULES): until the meeting's scheduled end for answers and reports, a
 * day after it for views and the checklist, 30 days for the chair's approval; and always at least
 * a day from when it is sent.
 */
export function linkExpiry(c: Conference, purpose: LinkPurpose, now: Date): number {
  const ends = Math.floor(Date.parse(c.timetable.endsAt) / 1000);
  return Math.max(ends + LINK_RULES[purpose].daysAfterMeeting * DAY, Math.floor(now.getTime() / 1000) + DAY);
}

/** The absolute URL of an attendee's personal link for a purpose. */
export function personalLink(
  deps: Pick<AppDeps, 'clock' | 'settings'>,
  c: Conference,
  attendeeId: string,
  purpose: LinkPurpose,
  exp?: number,
): string {
  const token = signLink(deps.settings.linkSecret, {
    conferenceId: c.id,
    attendeeId,
    purpose,
    exp: exp ?? linkExpiry(c, purpose, deps.clock.now()),
    version: linkVersion(c, attendeeId),
  });
  return `${deps.settings.publicBaseUrl}/l/${token}`;
}

/**
 * A core group member's own answer page (`/l/<token>`), bound to that core group; it expires 60 days
 * after the core group ends (and never less than a day after it is sent), and follows the member's link version.
 */
export function coreGroupLink(
  deps: Pick<AppDeps, 'clock' | 'settings'>,
  c: Conference,
  attendeeId: string,
  g: { id: string; endsAt: string },
): string {
  const exp = Math.max(
    Math.floor(Date.parse(g.endsAt) / 1000) + LINK_RULES['core-group'].daysAfterMeeting * DAY,
    Math.floor(deps.clock.now().getTime() / 1000) + DAY,
  );
  const token = signLink(deps.settings.linkSecret, {
    conferenceId: c.id,
    attendeeId,
    purpose: 'core-group',
    exp,
    version: linkVersion(c, attendeeId),
    coreGroupId: g.id,
  });
  return `${deps.settings.publicBaseUrl}/l/${token}`;
}

export interface OpenedLink {
  conference: Conference;
  attendee: Attendee;
  purpose: LinkPurpose;
  token: string;
  /** For a `core-group` link: the core group it answers. */
  coreGroupId?: string;
}

/**
 * Verifies a token against the store: signature, expiry, revocation, that the holder may use it,
 * and that the conference is in a state the link opens in (GET and POST alike).
 */
export async function openLink(deps: AppDeps, token: string): Promise<OpenedLink> {
  const p = verifyLinkToken(deps.settings.linkSecret, token);
  const conference = await deps.store.get(p.conferenceId);
  if (linkExpired(conference, p.purpose, p.exp, deps.clock.now())) throw new LinkError('expired');
  const attendee = conference?.attendees.find((a) => a.id === p.attendeeId);
  if (!conference || !attendee) throw new LinkError('unknown');
  if (linkVersion(conference, attendee.id) !== p.version) throw new LinkError('revoked');
  if (!mayHold(p.purpose, attendee, conference, p.coreGroupId)) throw new LinkError('not-allowed');
  assertLinkOpen(conference, p.purpose);
  return { conference, attendee, purpose: p.purpose, token, ...(p.coreGroupId ? { coreGroupId: p.coreGroupId } : {}) };
}

/** Revokes every personal link an attendee holds (a new link can be sent afterwards). */
export async function revokeLinks(
  deps: AppDeps,
  conferenceId: string,
  attendeeId: string,
  by = 'coordinator',
): Promise<Conference> {
  const current = await loadConference(deps.store, conferenceId);
  if (!current.attendees.some((a) => a.id === attendeeId))
    throw new NotFoundError(`No attendee ${attendeeId} in ${current.reference}`);
  const at = toLondonIso(deps.clock.now());
  const c = await deps.store.update(conferenceId, (cur) => ({
    ...cur,
    linkVersions: { ...(cur.linkVersions ?? {}), [attendeeId]: linkVersion(cur, attendeeId) + 1 },
  }));
  await deps.store.audit(conferenceId, {
    at,
    actor: by,
    action: 'links.revoked',
    detail: { attendeeId, version: linkVersion(c, attendeeId) },
  });
  return c;
}
