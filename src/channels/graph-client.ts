/**
 * Microsoft Graph over plain fetch, shared by Teams meetings and the Exchange Online reports
 * mailbox: an app-only token (client credentials), retries on 429/502/503/504 honouring
 * Retry-After, and one fresh token when Graph says the one it was given is no longer good.
 */

type FetchLike = typeof fetch;

/** Where a call gets its bearer token; `forceRefresh` skips any cached token. */
export type GraphTokenSource = (options?: { forceRefresh?: boolean }) => Promise<string>;

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

/** A response body larger than the caller allows; the rest is not read. */
export class GraphBodyTooLargeError extends Error {
  override name = 'GraphBodyTooLargeError';
  constructor(
    readonly maxBytes: number,
    readonly operation: string,
  ) {
    super(`Microsoft Graph ${operation}: the response is over the ${maxBytes} byte limit`);
  }
}

export interface GraphClientOptions {
  /** GRAPH_BASE_URL. @defaultValue `https://graph.microsoft.com/v1.0` */
  baseUrl?: string;
  getToken: GraphTokenSource;
  fetch?: FetchLike;
  /** Retries for 429/502/503/504. @defaultValue 4 */
  maxRetries?: number;
  /** First backoff step; doubles each retry. @defaultValue 500 */
  baseDelayMs?: number;
  /** Upper bound on any single wait, including a server's Retry-After. @defaultValue 30000 */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface GraphCall {
  method: string;
  /** Absolute URL (under the base URL). */
  url: string;
  body?: unknown;
  /**
   * What the call is called in errors. @defaultValue the method and the path after the base URL;
   * callers whose path carries something personal (a mailbox's address) pass a label instead.
   */
  operation?: string;
}

export interface GraphClient {
  /** The base URL without a trailing slash. */
  readonly base: string;
  json<T>(call: GraphCall): Promise<{ status: number; data: T | undefined }>;
  /** The raw body (a message's MIME from `$value`); past `maxBytes` it stops reading and throws GraphBodyTooLargeError. */
  bytes(call: GraphCall & { maxBytes: number }): Promise<Buffer>;
}

const RETRYABLE = new Set([429, 502, 503, 504]);

export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const base = (options.baseUrl ?? 'https://graph.microsoft.com/v1.0').replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const maxRetries = options.maxRetries ?? 4;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  const operationOf = (call: GraphCall) =>
    call.operation ??
    `${call.method} ${call.url.startsWith(base) ? call.url.slice(base.length) : new URL(call.url).pathname}`;

  /** The first successful response, body unread; anything else becomes a GraphError. */
  async function send(call: GraphCall, accept: string): Promise<Response> {
    const operation = operationOf(call);
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      const token = await options.getToken(refreshed ? { forceRefresh: true } : undefined);
      const res = await doFetch(call.url, {
        method: call.method,
        headers: {
          authorization: `Bearer ${token}`,
          accept,
          ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
      });
      if (res.ok) return res;
      const text = await res.text();
      if (RETRYABLE.has(res.status) && attempt < maxRetries) {
        const wait = retryAfterMs(res.headers.get('retry-after'), Date.now()) ?? baseDelayMs * 2 ** attempt;
        await sleep(Math.min(wait, maxDelayMs));
        continue;
      }
      // A cached token Graph no longer accepts (revoked, or the clock drifted): one fresh token, once.
      if (res.status === 401 && !refreshed) {
        refreshed = true;
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

  return {
    base,
    async json<T>(call: GraphCall) {
      const res = await send(call, 'application/json');
      const text = await res.text();
      return { status: res.status, data: text ? (JSON.parse(text) as T) : undefined };
    },
    async bytes(call) {
      const operation = operationOf(call);
      const res = await send(call, '*/*');
      const declared = Number(res.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > call.maxBytes) {
        await res.body?.cancel().catch(() => undefined);
        throw new GraphBodyTooLargeError(call.maxBytes, operation);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      if (res.body) {
        const reader = res.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          size += value.byteLength;
          if (size > call.maxBytes) {
            await reader.cancel().catch(() => undefined);
            throw new GraphBodyTooLargeError(call.maxBytes, operation);
          }
          chunks.push(Buffer.from(value));
        }
      }
      return Buffer.concat(chunks);
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
export function createClientCredentialsTokenProvider(options: ClientCredentialsOptions): GraphTokenSource {
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

  return async (request) => {
    if (request?.forceRefresh && !inFlight) cached = undefined;
    if (cached && now() < cached.expiresAt - margin) return cached.token;
    // One request at a time: concurrent callers share it.
    inFlight ??= fetchToken().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}
