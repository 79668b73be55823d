/**
 * Enough of Google Calendar v3 for the real @googleapis/calendar client: events insert/get/patch/delete
 * with Meet conference creation that stays `pending` for a few polls. Point the client's `rootUrl`
 * at `rootUrl` and authenticate with an OAuth2Client holding access token `test`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeGoogleCalendarOptions {
  /** How many `events.get` calls see `pending` before the conference resolves. @defaultValue 1 */
  pendingGets?: number;
  /** Include a `phone` entry point (Meet telephony enabled for the domain). @defaultValue true */
  withPhone?: boolean;
  /** The first conference create request resolves to `failure`. @defaultValue false */
  failFirst?: boolean;
  /** Bearer token the server accepts. @defaultValue `test` */
  accessToken?: string;
  /** The Meet REST API (v2 spaces) answers; false = not enabled for the project (404). @defaultValue true */
  meetApi?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: any;
  status: number;
}

interface ConferenceState {
  requestId: string;
  getsLeft: number;
  outcome: 'success' | 'failure';
}

interface StoredEvent {
  resource: Record<string, any>;
  conference?: ConferenceState;
  deleted: boolean;
}

export interface FakeGoogleCalendar {
  /** `http://127.0.0.1:<port>/` */
  rootUrl: string;
  requests: RecordedRequest[];
  events: Map<string, StoredEvent>;
  options: Required<FakeGoogleCalendarOptions>;
  /** Request ids of every conference create request seen, in order. */
  createRequestIds: string[];
  close(): Promise<void>;
}

const BASE32HEX_ID = /^[a-v0-9]{5,1024}$/;

export async function startFakeGoogleCalendar(opts: FakeGoogleCalendarOptions = {}): Promise<FakeGoogleCalendar> {
  const options: Required<FakeGoogleCalendarOptions> = {
    pendingGets: 1,
    withPhone: true,
    meetApi: true,
    failFirst: false,
    accessToken: 'test',
    ...opts,
  };
  const requests: RecordedRequest[] = [];
  const events = new Map<string, StoredEvent>();
  const createRequestIds: string[] = [];
  let failuresLeft = options.failFirst ? 1 : 0;

  function startConference(stored: StoredEvent, createRequest: any) {
    if (!createRequest?.requestId) return;
    if (stored.conference?.requestId === createRequest.requestId) return; // repeated id: ignored, as Google does
    createRequestIds.push(createRequest.requestId);
    const outcome = failuresLeft > 0 ? 'failure' : 'success';
    if (failuresLeft > 0) failuresLeft -= 1;
    stored.conference = { requestId: createRequest.requestId, getsLeft: options.pendingGets, outcome };
  }

  function render(stored: StoredEvent): Record<string, any> {
    const c = stored.conference;
    const out: Record<string, any> = { kind: 'calendar#event', ...stored.resource };
    delete out.conferenceData;
    if (!c) return out;
    const statusCode = c.getsLeft > 0 ? 'pending' : c.outcome;
    const createRequest = {
      requestId: c.requestId,
      conferenceSolutionKey: { type: 'hangoutsMeet' },
      status: { statusCode },
    };
    if (statusCode !== 'success') {
      out.conferenceData = { createRequest };
      return out;
    }
    const code = `abc-${stored.resource.id.slice(3, 7)}-xyz`;
    out.conferenceData = {
      createRequest,
      conferenceId: code,
      conferenceSolution: { key: { type: 'hangoutsMeet' }, name: 'Google Meet' },
      entryPoints: [
        { entryPointType: 'video', uri: `https://meet.google.com/${code}`, label: `meet.google.com/${code}` },
        ...(options.withPhone
          ? [
              {
                entryPointType: 'phone',
                uri: 'tel:+44-20-3873-7654',
                label: '+44 20 3873 7654',
                pin: '123456789',
                regionCode: 'GB',
              },
            ]
          : []),
        { entryPointType: 'more', uri: `https://tel.meet/${code}?pin=123456789` },
      ],
    };
    return out;
  }

  async function readBody(req: IncomingMessage): Promise<any> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    return text ? JSON.parse(text) : undefined;
  }

  function handle(method: string, parts: string[], query: Record<string, string>, body: any): [number, any] {
    // Meet REST API: v2/spaces/:meetingCode (GET), v2/spaces/:id (PATCH ?updateMask=config.accessType)
    if (parts[0] === 'v2' && parts[1] === 'spaces') {
      if (options.meetApi === false) return [404, { error: { code: 404, message: 'Meet API not enabled' } }];
      if (method === 'GET')
        return [200, { name: `spaces/space-${parts[2]}`, meetingCode: parts[2], config: { accessType: 'OPEN' } }];
      if (method === 'PATCH') return [200, { name: `spaces/${parts[2]}`, config: body?.config }];
    }
    // parts: calendar, v3, calendars, :cal, events[, :id]
    if (parts[0] !== 'calendar' || parts[1] !== 'v3' || parts[2] !== 'calendars' || parts[4] !== 'events') {
      return [404, { error: { code: 404, message: 'Not Found' } }];
    }
    const withConference = query.conferenceDataVersion === '1';
    const id = parts[5];
    if (id === undefined && method === 'POST') {
      const eventId = body?.id ?? randomUUID().replace(/-/g, '').slice(0, 26);
      if (!BASE32HEX_ID.test(eventId)) return [400, { error: { code: 400, message: 'Invalid resource id value.' } }];
      if (events.has(eventId)) {
        return [
          409,
          {
            error: {
              code: 409,
              message: 'The requested identifier already exists.',
              errors: [{ domain: 'global', reason: 'duplicate' }],
            },
          },
        ];
      }
      const stored: StoredEvent = { resource: { ...body, id: eventId, status: 'confirmed' }, deleted: false };
      if (withConference) startConference(stored, body?.conferenceData?.createRequest);
      events.set(eventId, stored);
      return [200, render(stored)];
    }
    const stored = id === undefined ? undefined : events.get(id);
    if (!stored)
      return [404, { error: { code: 404, message: 'Not Found', errors: [{ domain: 'global', reason: 'notFound' }] } }];
    if (method === 'GET') {
      const rendered = render(stored);
      if (stored.conference && stored.conference.getsLeft > 0) stored.conference.getsLeft -= 1;
      return [200, rendered];
    }
    if (method === 'PATCH') {
      if (stored.deleted) return [410, { error: { code: 410, message: 'Resource has been deleted' } }];
      const { conferenceData, ...rest } = body ?? {};
      stored.resource = { ...stored.resource, ...rest, id: stored.resource.id };
      if (withConference) startConference(stored, conferenceData?.createRequest);
      return [200, render(stored)];
    }
    if (method === 'DELETE') {
      if (stored.deleted) return [410, { error: { code: 410, message: 'Resource has been deleted' } }];
      stored.deleted = true;
      stored.resource.status = 'cancelled';
      return [204, undefined];
    }
    return [405, { error: { code: 405, message: 'Method not allowed' } }];
  }

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    const method = req.method ?? 'GET';
    let status: number;
    let payload: any;
    let body: any;
    try {
      body = await readBody(req);
      if (req.headers.authorization !== `Bearer ${options.accessToken}`) {
        [status, payload] = [401, { error: { code: 401, message: 'Request had invalid authentication credentials.' } }];
      } else {
        [status, payload] = handle(
          method,
          url.pathname.split('/').filter(Boolean).map(decodeURIComponent),
          query,
          body,
        );
      }
    } catch (err) {
      [status, payload] = [400, { error: { code: 400, message: String(err) } }];
    }
    requests.push({ method, path: url.pathname, query, body, status });
    res.statusCode = status;
    if (payload === undefined) return void res.end();
    res.setHeader('content-type', 'application/json; charset=UTF-8');
    res.end(JSON.stringify(payload));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    rootUrl: `http://127.0.0.1:${port}/`,
    requests,
    events,
    options,
    createRequestIds,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
