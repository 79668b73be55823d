/**
 * A small Microsoft Graph + Entra token endpoint: onlineMeetings createOrGet / GET / PATCH / DELETE
 * under `/v1.0/users/:user/onlineMeetings`, Exchange Online mailboxes (see fake-graph-mail.ts) under
 * `/v1.0/users/:mailbox/{mailFolders,messages}`, and `/:tenant/oauth2/v2.0/token` for client credentials.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFakeGraphMail, type FakeGraphMail } from './fake-graph-mail.ts';

export interface FakeAudioConferencing {
  conferenceId?: string;
  tollNumber?: string;
  tollNumbers?: string[];
  tollFreeNumber?: string;
  tollFreeNumbers?: string[];
  dialinUrl?: string;
}

export interface FakeGraphOptions {
  /** What meetings report for audio conferencing: null models a tenant without the licence. */
  audioConferencing?: FakeAudioConferencing | null;
  /** Answer the first meetings request with 429 and `Retry-After: 0`. @defaultValue false */
  throttleOnce?: boolean;
  clientId?: string;
  clientSecret?: string;
  /** Lifetime of issued tokens in seconds. @defaultValue 3600 */
  tokenLifetimeSeconds?: number;
}

export interface RecordedGraphRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  status: number;
  /** Date.now() when the request arrived. */
  at: number;
}

export interface FakeGraphFault {
  method?: string;
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  /** How many matching requests get this answer. @defaultValue 1 */
  times?: number;
}

export interface FakeGraph {
  /** e.g. `http://127.0.0.1:1234` — the token authority base. */
  url: string;
  /** `${url}/v1.0` — the Graph base. */
  graphBaseUrl: string;
  requests: RecordedGraphRequest[];
  tokenRequests: Record<string, string>[];
  meetings: Map<string, Record<string, any>>;
  mail: FakeGraphMail;
  options: FakeGraphOptions;
  /** Answer the next matching Graph request(s) with this status (429 / 503 with Retry-After, a 500 on move…). */
  failNext(fault: FakeGraphFault): void;
  /** Every token issued so far is now refused with 401, as after a revocation. */
  revokeTokens(): void;
  close(): Promise<void>;
}

export const DEFAULT_AUDIO: FakeAudioConferencing = {
  conferenceId: '987654321',
  tollNumber: '+44 20 3443 9999',
  tollNumbers: ['+44 20 3443 9999'],
  tollFreeNumber: '+44 800 000 1111',
  tollFreeNumbers: ['+44 800 000 1111'],
  dialinUrl: 'https://dialin.teams.microsoft.com/fake?id=987654321',
};

export async function startFakeGraph(opts: FakeGraphOptions = {}): Promise<FakeGraph> {
  const options: FakeGraphOptions = {
    audioConferencing: DEFAULT_AUDIO,
    clientId: 'client',
    clientSecret: 'secret',
    ...opts,
  };
  const requests: RecordedGraphRequest[] = [];
  const tokenRequests: Record<string, string>[] = [];
  const meetings = new Map<string, Record<string, any>>();
  const issued = new Set<string>();
  const revoked = new Set<string>();
  const faults: (FakeGraphFault & { times: number })[] = [];
  let graphBaseUrl = '';
  const mail = createFakeGraphMail(() => graphBaseUrl);
  let throttled = false;
  const authorised = (header: string | undefined) => {
    const token = (header ?? '').replace(/^Bearer /, '');
    return (issued.has(token) || header === 'Bearer test') && !revoked.has(token);
  };

  const graphError = (status: number, code: string, message: string): [number, any] => [
    status,
    { error: { code, message } },
  ];

  function token(form: Record<string, string>): [number, any] {
    tokenRequests.push(form);
    if (
      form.grant_type !== 'client_credentials' ||
      form.client_id !== options.clientId ||
      form.client_secret !== options.clientSecret
    ) {
      return [401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' }];
    }
    const accessToken = `graph-token-${tokenRequests.length}`;
    issued.add(accessToken);
    return [200, { token_type: 'Bearer', expires_in: options.tokenLifetimeSeconds ?? 3600, access_token: accessToken }];
  }

  function meetingsApi(method: string, parts: string[], body: any): [number, any, Record<string, string>?] {
    // parts: v1.0, users, :user, onlineMeetings[, :id | createOrGet]
    if (options.throttleOnce && !throttled) {
      throttled = true;
      return [...graphError(429, 'TooManyRequests', 'Too many requests'), { 'retry-after': '0' }];
    }
    const [, , user, , id] = parts;
    if (method === 'POST' && id === 'createOrGet') {
      if (!body?.externalId) return graphError(400, 'BadRequest', 'externalId is required');
      const existing = [...meetings.values()].find((m) => m.externalId === body.externalId && m.organizer === user);
      if (existing) return [200, existing];
      const meetingId = `MSo${randomUUID().replace(/-/g, '')}`;
      const meeting = {
        id: meetingId,
        organizer: user,
        externalId: body.externalId,
        subject: body.subject,
        startDateTime: body.startDateTime,
        endDateTime: body.endDateTime,
        joinWebUrl: `https://teams.microsoft.com/l/meetup-join/${meetingId}`,
        audioConferencing: options.audioConferencing ?? null,
        lobbyBypassSettings: { scope: 'organization', isDialInBypassEnabled: true },
        allowRecording: true,
        allowTranscription: true,
      };
      meetings.set(meetingId, meeting);
      return [201, meeting];
    }
    const meeting = id ? meetings.get(id) : undefined;
    if (!meeting) return graphError(404, 'NotFound', 'The meeting was not found.');
    if (method === 'GET') return [200, meeting];
    if (method === 'PATCH') {
      Object.assign(meeting, body, { id: meeting.id });
      return [200, meeting];
    }
    if (method === 'DELETE') {
      meetings.delete(meeting.id);
      return [204, undefined];
    }
    return graphError(405, 'MethodNotAllowed', method);
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const at = Date.now();
    const text = await readBody(req);
    let result: [number, any, Record<string, string>?];
    let body: any = text;
    const isMail =
      parts[0] === 'v1.0' && parts[1] === 'users' && (parts[3] === 'mailFolders' || parts[3] === 'messages');
    const fault =
      parts[0] === 'v1.0'
        ? faults.find((f) => f.times > 0 && (!f.method || f.method === method) && f.path.test(url.pathname))
        : undefined;
    if (parts[1] === 'oauth2' && parts[3] === 'token' && method === 'POST') {
      body = Object.fromEntries(new URLSearchParams(text));
      result = token(body);
    } else if (parts[0] === 'v1.0' && parts[1] === 'users' && (parts[3] === 'onlineMeetings' || isMail)) {
      body = text ? JSON.parse(text) : undefined;
      if (!authorised(req.headers.authorization))
        result = graphError(401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.');
      else if (fault) {
        fault.times--;
        result = [
          ...graphError(
            fault.status,
            fault.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable',
            'Injected fault',
          ),
          fault.headers ?? {},
        ];
      } else if (isMail) result = mail.handle(method, parts[2]!, parts.slice(3), url.searchParams, body);
      else result = meetingsApi(method, parts, body);
    } else {
      result = graphError(404, 'UnknownPath', url.pathname);
    }
    const [status, payload, headers] = result;
    requests.push({ method, path: url.pathname, headers: req.headers, body, status, at });
    res.statusCode = status;
    for (const [k, v] of Object.entries(headers ?? {})) res.setHeader(k, v);
    if (payload === undefined) return void res.end();
    if (Buffer.isBuffer(payload)) return void res.end(payload);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(payload));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  graphBaseUrl = `${url}/v1.0`;

  return {
    url,
    graphBaseUrl: `${url}/v1.0`,
    requests,
    tokenRequests,
    meetings,
    mail,
    options,
    failNext: (fault) => void faults.push({ ...fault, times: fault.times ?? 1 }),
    revokeTokens: () => issued.forEach((t) => revoked.add(t)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
