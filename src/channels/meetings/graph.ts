/**
 * Microsoft Teams meetings through Microsoft Graph, over plain fetch.
 *
 * Application permission `OnlineMeetings.ReadWrite.All` only works for users an administrator has
 * granted an application access policy (`New-CsApplicationAccessPolicy` + `Grant-CsApplicationAccessPolicy`)
 * covering `organizerUserId`; without it Graph answers 403.
 */
import type { MeetingDetails } from '../../domain/conference.ts';
import type { MeetingProvider, MeetingRequest } from '../../ports.ts';

type FetchLike = typeof fetch;

export interface GraphTeamsProviderOptions {
  /** GRAPH_BASE_URL. @defaultValue `https://graph.microsoft.com/v1.0` */
  baseUrl?: string;
  /** Object id (or UPN) of the account that organises every meeting. */
  organizerUserId: string;
  getToken: () => Promise<string>;
  fetch?: FetchLike;
  /** Retries for 429/502/503/504. @defaultValue 4 */
  maxRetries?: number;
  /** First backoff step; doubles each retry. @defaultValue 500 */
  baseDelayMs?: number;
  /** Upper bound on any single wait, including a server's Retry-After. @defaultValue 30000 */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** A Graph call that failed, with Graph's own error code and message. */
export class GraphError extends Error {
  override name = 'GraphError';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly graphMessage: string,
    readonly operation: string,
  ) {
    super(`Microsoft Graph ${operation} failed with HTTP ${status} (${code}): ${graphMessage}`);
  }
}

interface AudioConferencing {
  conferenceId?: string | null;
  tollNumber?: string | null;
  tollNumbers?: string[] | null;
  tollFreeNumber?: string | null;
  tollFreeNumbers?: string[] | null;
  dialinUrl?: string | null;
}

interface OnlineMeeting {
  id: string;
  joinWebUrl?: string | null;
  externalId?: string | null;
  audioConferencing?: AudioConferencing | null;
}

const RETRYABLE = new Set([429, 502, 503, 504]);

/** Deterministic per conference and schedule version, so createOrGet makes one meeting however often it is retried. */
export function graphExternalId(conferenceId: string, version: number): string {
  return `cpc-${conferenceId}-v${version}`;
}

export function mapTeamsMeeting(meeting: OnlineMeeting, externalId?: string): MeetingDetails {
  const audio = meeting.audioConferencing;
  const dialIn: MeetingDetails['dialIn'] = [];
  if (audio) {
    const pin = audio.conferenceId ?? '';
    const toll = audio.tollNumbers?.length ? audio.tollNumbers : audio.tollNumber ? [audio.tollNumber] : [];
    const tollFree = audio.tollFreeNumbers?.length ? audio.tollFreeNumbers : audio.tollFreeNumber ? [audio.tollFreeNumber] : [];
    for (const number of [...new Set([...toll, ...tollFree])]) {
      if (number.trim()) dialIn.push({ number: number.trim(), pin, fallback: false });
    }
  }
  const providerIds: Record<string, string> = { onlineMeetingId: meeting.id };
  const ext = meeting.externalId ?? externalId;
  if (ext) providerIds.externalId = ext;
  if (audio?.dialinUrl) providerIds.dialinUrl = audio.dialinUrl;
  return {
    provider: 'teams',
    label: 'Microsoft Teams meeting',
    ...(meeting.joinWebUrl ? { joinUrl: meeting.joinWebUrl } : {}),
    dialIn,
    providerIds,
  };
}

function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

export function createGraphTeamsProvider(options: GraphTeamsProviderOptions): MeetingProvider {
  const base = (options.baseUrl ?? 'https://graph.microsoft.com/v1.0').replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const maxRetries = options.maxRetries ?? 4;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const meetings = `${base}/users/${encodeURIComponent(options.organizerUserId)}/onlineMeetings`;

  async function call<T>(method: string, url: string, body?: unknown): Promise<{ status: number; data: T | undefined }> {
    const operation = `${method} ${url.slice(base.length)}`;
    for (let attempt = 0; ; attempt++) {
      const token = await options.getToken();
      const res = await doFetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (res.ok) return { status: res.status, data: text ? (JSON.parse(text) as T) : undefined };
      if (RETRYABLE.has(res.status) && attempt < maxRetries) {
        const wait = retryAfterMs(res.headers.get('retry-after'), Date.now()) ?? baseDelayMs * 2 ** attempt;
        await sleep(Math.min(wait, maxDelayMs));
        continue;
      }
      let code = 'unknown';
      let message = text.slice(0, 500) || res.statusText;
      try {
        const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
        code = parsed.error?.code ?? code;
        message = parsed.error?.message ?? message;
      } catch {
        // not JSON: keep the raw text
      }
      throw new GraphError(res.status, code, message, operation);
    }
  }

  async function lockDown(id: string, times?: { startDateTime: string; endDateTime: string }) {
    // Only the organiser skips the lobby: the chair admits each person (and each phone caller),
    // so nobody hears the conference before they are meant to. No recording or transcript is made.
    const { data } = await call<OnlineMeeting>('PATCH', `${meetings}/${encodeURIComponent(id)}`, {
      ...times,
      lobbyBypassSettings: { scope: 'organizer', isDialInBypassEnabled: false },
      allowRecording: false,
      allowTranscription: false,
    });
    return data;
  }

  const utc = (iso: string) => new Date(iso).toISOString();

  return {
    name: 'teams',
    async create(request: MeetingRequest) {
      const externalId = graphExternalId(request.conferenceId, request.version);
      const { data: created } = await call<OnlineMeeting>('POST', `${meetings}/createOrGet`, {
        externalId,
        startDateTime: utc(request.startsAt),
        endDateTime: utc(request.endsAt),
        // Reference only: no child or family names in a subject.
        subject: `Child protection conference ${request.reference}`,
      });
      if (!created?.id) throw new GraphError(500, 'noMeetingId', 'createOrGet returned no meeting id', 'POST createOrGet');
      const patched = await lockDown(created.id);
      return mapTeamsMeeting({ ...created, ...patched, id: created.id }, externalId);
    },

    async update(request, current) {
      const id = current.providerIds.onlineMeetingId;
      if (!id) throw new Error(`Teams meeting for conference ${request.conferenceId} has no onlineMeetingId to update`);
      const patched = await lockDown(id, { startDateTime: utc(request.startsAt), endDateTime: utc(request.endsAt) });
      if (!patched) return current;
      const mapped = mapTeamsMeeting({ ...patched, id });
      return { ...mapped, providerIds: { ...current.providerIds, ...mapped.providerIds } };
    },

    async cancel(request, current) {
      const id = current.providerIds.onlineMeetingId;
      if (!id) return;
      try {
        await call('DELETE', `${meetings}/${encodeURIComponent(id)}`);
      } catch (err) {
        if (!(err instanceof GraphError && err.status === 404)) throw err;
      }
    },
  };
}

export interface ClientCredentialsOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** @defaultValue `https://login.microsoftonline.com` */
  authorityBaseUrl?: string;
  /** @defaultValue `https://graph.microsoft.com/.default` */
  scope?: string;
  fetch?: FetchLike;
  /** Milliseconds since the epoch; injected so tests can move time. @defaultValue `Date.now` */
  now?: () => number;
  /** Renew this long before the token expires. @defaultValue 60000 */
  refreshMarginMs?: number;
}

/** App-only token for Graph (client credentials grant), cached until shortly before it expires. */
export function createClientCredentialsTokenProvider(options: ClientCredentialsOptions): () => Promise<string> {
  const authority = (options.authorityBaseUrl ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
  const url = `${authority}/${encodeURIComponent(options.tenantId)}/oauth2/v2.0/token`;
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginMs ?? 60_000;
  let cached: { token: string; expiresAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const res = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: options.clientId,
        client_secret: options.clientSecret,
        scope: options.scope ?? 'https://graph.microsoft.com/.default',
      }).toString(),
    });
    const body = (await res.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number | string;
      error?: string;
      error_description?: string;
    };
    if (!res.ok || !body.access_token) {
      throw new Error(
        `Token request to ${url} failed with HTTP ${res.status} (${body.error ?? 'unknown'}): ${body.error_description ?? 'no access_token'}`,
      );
    }
    const expiresIn = Number(body.expires_in ?? 3600) * 1000;
    cached = { token: body.access_token, expiresAt: now() + expiresIn };
    return body.access_token;
  }

  return async () => {
    if (cached && now() < cached.expiresAt - margin) return cached.token;
    // One request at a time: concurrent callers share it.
    inFlight ??= fetchToken().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}
