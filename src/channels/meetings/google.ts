/**
 * Google Meet through the Calendar API: a Meet conference only exists attached to an event, so
 * we create a private event on the sending account's calendar and ask for a conference on it.
 *
 * Auth: a JWT with `subject` (domain-wide delegation, impersonating the sending account, scope
 * `https://www.googleapis.com/auth/calendar.events`) or an OAuth2Client for that account.
 */
import { createHash, randomUUID } from 'node:crypto';
import { calendar, type calendar_v3 } from '@googleapis/calendar';
import type { MeetingDetails } from '../../domain/conference-parts.ts';
import { meetingKey, meetingTitle, type MeetingProvider } from '../../ports.ts';
import { LONDON } from '../../domain/calendar/zone.ts';

export interface GoogleMeetProviderOptions {
  /** Calendar holding the events, usually `primary` of the impersonated sending account. */
  calendarId: string;
  auth: NonNullable<calendar_v3.Options['auth']>;
  /** GOOGLE_API_BASE_URL; tests point it at a fake server. @defaultValue `https://www.googleapis.com/` */
  baseUrl?: string;
  /** @defaultValue 1000 */
  pollIntervalMs?: number;
  /** How many `events.get` polls to wait for a pending conference. @defaultValue 30 */
  maxPolls?: number;
  /** How many conference create requests to make before giving up on `failure`. @defaultValue 3 */
  maxCreateAttempts?: number;
  /** @defaultValue `Europe/London` */
  timeZone?: typeof LONDON;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Meet REST API base (v2 spaces). @defaultValue GOOGLE_API_BASE_URL when set, else `https://meet.googleapis.com/` */
  meetApiBaseUrl?: string;
  /** Told when something optional could not be done (e.g. the Meet REST API is not enabled). */
  onWarning?: (message: string) => void;
}

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

/**
 * Client-chosen event id (base32hex, a–v and 0–9, 5–1024 chars), deterministic for a conference
 * and schedule version, so a retried create hits 409 instead of making a second event.
 */
export function googleEventId(conferenceId: string, version: number): string {
  const digest = createHash('sha256').update(`cpc-meet:${conferenceId}:v${version}`).digest();
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32HEX[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return `cpc${out}`;
}

function httpStatus(err: unknown): number | undefined {
  const e = err as { status?: unknown; code?: unknown; response?: { status?: unknown } };
  for (const candidate of [e?.status, e?.response?.status, e?.code]) {
    const n = Number(candidate);
    if (Number.isInteger(n) && n >= 100 && n < 600) return n;
  }
  return undefined;
}

export function mapGoogleConference(event: calendar_v3.Schema$Event, calendarId: string): MeetingDetails {
  const entryPoints = event.conferenceData?.entryPoints ?? [];
  const video = entryPoints.find((e) => e.entryPointType === 'video' && e.uri);
  const more = entryPoints.find((e) => e.entryPointType === 'more' && e.uri);
  const dialIn: MeetingDetails['dialIn'] = [];
  for (const phone of entryPoints.filter((e) => e.entryPointType === 'phone')) {
    const number = (phone.label || phone.uri?.replace(/^tel:/i, '') || '').trim();
    if (!number) continue;
    dialIn.push({
      number,
      pin: phone.pin ?? phone.accessCode ?? phone.passcode ?? '',
      ...(phone.regionCode ? { region: phone.regionCode } : {}),
      fallback: false,
    });
  }
  const providerIds: Record<string, string> = { calendarId };
  if (event.id) providerIds.eventId = event.id;
  if (event.conferenceData?.conferenceId) providerIds.meetConferenceId = event.conferenceData.conferenceId;
  if (more?.uri) providerIds.moreUrl = more.uri;
  return {
    provider: 'google',
    label: 'Google Meet',
    ...(video?.uri ? { joinUrl: video.uri } : {}),
    dialIn,
    providerIds,
  };
}

export function createGoogleMeetProvider(options: GoogleMeetProviderOptions): MeetingProvider {
  const { calendarId } = options;
  const timeZone = options.timeZone ?? LONDON;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const maxPolls = options.maxPolls ?? 30;
  const maxCreateAttempts = options.maxCreateAttempts ?? 3;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const api = calendar({
    version: 'v3',
    auth: options.auth,
    ...(options.baseUrl ? { rootUrl: options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/` } : {}),
  });

  const createRequest = () => ({
    // Google ignores a repeated requestId, so every attempt needs a fresh one.
    requestId: randomUUID(),
    conferenceSolutionKey: { type: 'hangoutsMeet' },
  });

  /**
   * Where the Meet REST API is available: only invited people join without knocking (everyone else
   * waits for the host, like the Teams lobby). Not fatal where the API is off: logged, and the
   * invitation still goes.
   */
  async function restrictAccess(meetingCode: string): Promise<void> {
    const base = (options.meetApiBaseUrl ?? options.baseUrl ?? 'https://meet.googleapis.com/').replace(/\/?$/, '/');
    try {
      const token = await (
        options.auth as { getAccessToken(): Promise<{ token?: string | null } | string> }
      ).getAccessToken();
      const bearer = typeof token === 'string' ? token : token.token;
      const headers = { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' };
      const space = await fetch(`${base}v2/spaces/${encodeURIComponent(meetingCode)}`, { headers });
      if (!space.ok) throw new Error(`GET space: ${space.status}`);
      const { name } = (await space.json()) as { name: string };
      const patch = await fetch(`${base}v2/${name}?updateMask=config.accessType`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({ config: { accessType: 'RESTRICTED' } }),
      });
      if (!patch.ok) throw new Error(`PATCH space: ${patch.status}`);
    } catch (err) {
      options.onWarning?.(
        `Meet access could not be restricted to invitees (${err instanceof Error ? err.message : String(err)}); people will join as the meeting's defaults allow`,
      );
    }
  }

  async function getEvent(eventId: string): Promise<calendar_v3.Schema$Event> {
    const res = await api.events.get({ calendarId, eventId });
    return res.data;
  }

  async function requestConference(eventId: string): Promise<calendar_v3.Schema$Event> {
    const res = await api.events.patch({
      calendarId,
      eventId,
      conferenceDataVersion: 1,
      sendUpdates: 'none',
      requestBody: { conferenceData: { createRequest: createRequest() } },
    });
    return res.data;
  }

  /** Waits out `pending`, re-requests on `failure`, until entry points arrive or limits run out. */
  async function settleConference(event: calendar_v3.Schema$Event, eventId: string, attempts: number) {
    let polls = 0;
    for (;;) {
      const data = event.conferenceData;
      const status = data?.createRequest?.status?.statusCode;
      if (data?.entryPoints?.length && status !== 'pending' && status !== 'failure') return event;
      if (!data || status === 'failure' || (!status && !data.entryPoints?.length)) {
        if (attempts >= maxCreateAttempts) {
          throw new Error(
            `Google Meet conference for event ${eventId} was not created after ${attempts} attempt(s) (status: ${status ?? 'none'})`,
          );
        }
        attempts += 1;
        polls = 0;
        event = await requestConference(eventId);
        continue;
      }
      if (polls >= maxPolls) {
        throw new Error(
          `Google Meet conference for event ${eventId} not ready after ${maxPolls} polls (status: ${status})`,
        );
      }
      polls += 1;
      await sleep(pollIntervalMs);
      event = await getEvent(eventId);
    }
  }

  return {
    name: 'google',
    async create(request) {
      const eventId = googleEventId(meetingKey(request), request.version);
      let event: calendar_v3.Schema$Event;
      try {
        const res = await api.events.insert({
          calendarId,
          conferenceDataVersion: 1,
          // We send our own one-per-recipient invitations (no attendee sees another's address), so
          // the Google event has no guest list and Google must not email anyone.
          sendUpdates: 'none',
          requestBody: {
            id: eventId,
            // Reference only: no child or family names ever leave us in a title.
            summary: meetingTitle(request),
            visibility: 'private',
            guestsCanSeeOtherGuests: false,
            start: { dateTime: request.startsAt, timeZone },
            end: { dateTime: request.endsAt, timeZone },
            extendedProperties: {
              private: {
                cpcConferenceId: request.conferenceId,
                cpcVersion: String(request.version),
                ...(request.occasion ? { cpcOccasion: request.occasion } : {}),
              },
            },
            conferenceData: { createRequest: createRequest() },
          },
        });
        event = res.data;
      } catch (err) {
        // 409: an earlier attempt already made this event; carry on with it.
        if (httpStatus(err) !== 409) throw err;
        event = await getEvent(eventId);
        if (event.status === 'cancelled') {
          throw new Error(
            `Google event ${eventId} for conference ${request.conferenceId} v${request.version} was deleted; bump the version to recreate it`,
            { cause: err },
          );
        }
      }
      const settled = await settleConference(event, eventId, 1);
      const details = mapGoogleConference(settled, calendarId);
      if (details.providerIds.meetConferenceId) await restrictAccess(details.providerIds.meetConferenceId);
      return details;
    },

    async update(request, current) {
      const eventId = current.providerIds.eventId ?? googleEventId(meetingKey(request), request.version);
      const res = await api.events.patch({
        calendarId,
        eventId,
        conferenceDataVersion: 1,
        sendUpdates: 'none',
        requestBody: {
          start: { dateTime: request.startsAt, timeZone },
          end: { dateTime: request.endsAt, timeZone },
        },
      });
      const mapped = mapGoogleConference(res.data, current.providerIds.calendarId ?? calendarId);
      // The Meet link survives a time change; keep what we had if the response omits it.
      const joinUrl = mapped.joinUrl ?? current.joinUrl;
      return {
        ...mapped,
        ...(joinUrl ? { joinUrl } : {}),
        dialIn: mapped.dialIn.length ? mapped.dialIn : current.dialIn,
        providerIds: { ...current.providerIds, ...mapped.providerIds },
      };
    },

    async cancel(request, current) {
      const eventId = current.providerIds.eventId ?? googleEventId(meetingKey(request), request.version);
      try {
        await api.events.delete({
          calendarId: current.providerIds.calendarId ?? calendarId,
          eventId,
          sendUpdates: 'none',
        });
      } catch (err) {
        const status = httpStatus(err);
        if (status !== 404 && status !== 410) throw err;
      }
    },
  };
}
