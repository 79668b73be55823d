/**
 * A fake GOV.UK Notify API for tests: the real `notifications-node-client` is pointed at it. It
 * checks each request's JWT as Notify does (HS256 with the key's secret, `iss` = the service id,
 * `iat` within 30 seconds), takes precompiled letters (`reference`, base64 `content`, `postage`) and
 * texts (`template_id` it knows, a UK mobile, `personalisation`, `reference`), answers status and
 * reference look-ups, and sends delivery receipts and received texts to the service's callback URLs
 * with the bearer token, as Notify does. Faults on demand: answer 429/500 before taking a request,
 * or take it and then answer 500 (the answer lost on the way back).
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeNotification {
  id: string;
  type: 'letter' | 'sms';
  reference: string;
  status: string;
  createdAt: string;
  completedAt?: string;
  /** Letters: the PDF as received. */
  pdf?: Buffer;
  postage?: string;
  /** Texts. */
  phoneNumber?: string;
  templateId?: string;
  personalisation?: Record<string, string>;
}

export interface FakeNotify {
  url: string;
  serviceId: string;
  /** An API key for this fake: `{name}-{service id}-{secret}`. */
  apiKey: string;
  notifications: FakeNotification[];
  letters(): FakeNotification[];
  texts(): FakeNotification[];
  /** Every request: method, path, and whether its JWT was good. */
  requests: { method: string; path: string; authorised: boolean }[];
  /** SMS templates Notify knows. */
  templates: Set<string>;
  /** Other templates Notify knows (id → `email` or `letter`). */
  otherTemplates: Map<string, string>;
  /** Where delivery receipts and received texts go, and the bearer token sent with them. */
  callbacks: { deliveryUrl?: string; receivedTextUrl?: string; token?: string };
  /** The next `n` requests to `path` (e.g. `/v2/notifications/letter`) answer `status` before doing anything. */
  failNext(path: string, n: number, status: 429 | 500 | 503): void;
  /** The next request to `path` is taken, then answered 500 (the client never learns the id). */
  loseNextAnswer(path: string): void;
  /** Letters whose PDF fails this check are refused at once (400) with its reason. */
  refuseLetter?: (pdf: Buffer) => string | undefined;
  /** Moves a notification on and, unless `quietly`, posts the delivery receipt. */
  setStatus(id: string, status: string, opts?: { quietly?: boolean }): Promise<number | undefined>;
  /** Someone texted back from `from`. */
  receiveText(from: string, message: string): Promise<number>;
  close(): Promise<void>;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** Checks `Authorization: Bearer <jwt>` as Notify does. */
function checkJwt(header: string | undefined, serviceId: string, secret: string): boolean {
  const m = /^Bearer (.+)$/.exec(header ?? '');
  const parts = m?.[1]!.split('.');
  if (!parts || parts.length !== 3) return false;
  const [h, p, sig] = parts as [string, string, string];
  const expected = b64url(createHmac('sha256', secret).update(`${h}.${p}`).digest());
  if (sig.length !== expected.length || !timingSafeEqual(Buffer.from(sig), Buffer.from(expected))) return false;
  try {
    const head = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg?: string };
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as { iss?: string; iat?: number };
    return (
      head.alg === 'HS256' &&
      claims.iss === serviceId &&
      typeof claims.iat === 'number' &&
      Math.abs(Date.now() / 1000 - claims.iat) <= 30
    );
  } catch {
    return false;
  }
}

async function readJson(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

const error = (status: number, name: string, message: string) =>
  [status, { status_code: status, errors: [{ error: name, message }] }] as const;
const isUkMobile = (n: string) => /^(?:\+44|0044|44|0)7\d{9}$/.test(n.replace(/[\s()-]/g, ''));

function view(n: FakeNotification) {
  return {
    id: n.id,
    reference: n.reference,
    type: n.type,
    status: n.status,
    created_at: n.createdAt,
    completed_at: n.completedAt ?? null,
    ...(n.type === 'sms'
      ? { phone_number: n.phoneNumber, template: { id: n.templateId, version: 1, uri: '' } }
      : { postage: n.postage }),
  };
}

async function post(url: string, token: string | undefined, body: unknown): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

export async function startFakeNotify(): Promise<FakeNotify> {
  const serviceId = randomUUID();
  const secret = randomUUID();
  const faults = new Map<string, { n: number; status: number }>();
  const lose = new Set<string>();
  const fake = {
    serviceId,
    apiKey: `cpc_test-${serviceId}-${secret}`,
    notifications: [] as FakeNotification[],
    requests: [] as FakeNotify['requests'],
    templates: new Set<string>(),
    otherTemplates: new Map<string, string>(),
    callbacks: {} as FakeNotify['callbacks'],
  } as FakeNotify;

  async function handle(req: IncomingMessage): Promise<readonly [number, unknown]> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const authorised = checkJwt(req.headers.authorization, serviceId, secret);
    fake.requests.push({ method: req.method ?? '', path: url.pathname, authorised });
    if (!authorised) return error(403, 'AuthError', 'Invalid token: signature, API token not found');
    const fault = faults.get(url.pathname);
    if (fault && fault.n > 0) {
      fault.n--;
      return fault.status === 429
        ? error(429, 'RateLimitError', 'Exceeded rate limit for key type live of 3000 requests per 60 seconds')
        : error(fault.status, 'Exception', 'Internal server error');
    }
    const now = new Date().toISOString();
    if (req.method === 'POST' && url.pathname === '/v2/notifications/letter') {
      const body = await readJson(req);
      if (!body.reference) return error(400, 'ValidationError', 'reference is a required property');
      if (body.postage && !['first', 'second', 'economy'].includes(body.postage))
        return error(400, 'ValidationError', 'postage invalid. It must be either first, second or economy.');
      const pdf = Buffer.from(String(body.content ?? ''), 'base64');
      if (!pdf.subarray(0, 5).equals(Buffer.from('%PDF-')))
        return error(400, 'BadRequestError', 'Letter content is not a valid PDF');
      const refused = fake.refuseLetter?.(pdf);
      if (refused) return error(400, 'BadRequestError', refused);
      const n: FakeNotification = {
        id: randomUUID(),
        type: 'letter',
        reference: body.reference,
        status: 'pending-virus-check',
        createdAt: now,
        pdf,
        postage: body.postage ?? 'second',
      };
      fake.notifications.push(n);
      if (lose.delete(url.pathname)) return error(500, 'Exception', 'Internal server error');
      return [201, { id: n.id, reference: n.reference, postage: n.postage }];
    }
    if (req.method === 'POST' && url.pathname === '/v2/notifications/sms') {
      const body = await readJson(req);
      if (!fake.templates.has(body.template_id)) return error(400, 'BadRequestError', 'Template not found');
      if (!isUkMobile(String(body.phone_number ?? '')))
        return error(400, 'ValidationError', 'phone_number Not a UK mobile number');
      const n: FakeNotification = {
        id: randomUUID(),
        type: 'sms',
        reference: body.reference,
        status: 'created',
        createdAt: now,
        phoneNumber: body.phone_number,
        templateId: body.template_id,
        personalisation: body.personalisation ?? {},
      };
      fake.notifications.push(n);
      if (lose.delete(url.pathname)) return error(500, 'Exception', 'Internal server error');
      return [
        201,
        {
          id: n.id,
          reference: n.reference,
          content: { body: 'text', from_number: 'GOVUK' },
          uri: '',
          template: { id: n.templateId, version: 1, uri: '' },
        },
      ];
    }
    if (req.method === 'GET' && url.pathname === '/v2/notifications') {
      const type = url.searchParams.get('template_type');
      const ref = url.searchParams.get('reference');
      const list = fake.notifications
        .filter((n) => (!type || n.type === type) && (!ref || n.reference === ref))
        .reverse();
      return [200, { notifications: list.map(view), links: { current: url.pathname } }];
    }
    const template = /^\/v2\/template\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && template) {
      const id = template[1]!;
      if (!/^[0-9a-f-]{36}$/.test(id)) return error(400, 'ValidationError', 'id is not a valid UUID');
      const type = fake.templates.has(id) ? 'sms' : fake.otherTemplates.get(id);
      return type
        ? [
            200,
            {
              id,
              type,
              name: `template ${id.slice(0, 8)}`,
              version: 1,
              body: '((reference))',
              subject: null,
              created_at: now,
              updated_at: null,
              created_by: 'someone@example.gov.uk',
            },
          ]
        : error(404, 'NoResultFound', 'No Result Found');
    }
    const one = /^\/v2\/notifications\/([0-9a-f-]{36})$/.exec(url.pathname);
    if (req.method === 'GET' && one) {
      const n = fake.notifications.find((x) => x.id === one[1]);
      return n ? [200, view(n)] : error(404, 'NoResultFound', 'No result found');
    }
    return error(404, 'NotFound', `no route ${req.method} ${url.pathname}`);
  }

  const server: Server = createServer((req, res) => {
    handle(req)
      .then(([status, body]) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      })
      .catch((err) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status_code: 500, errors: [{ error: 'Exception', message: String(err) }] }));
      });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.letters = () => fake.notifications.filter((n) => n.type === 'letter');
  fake.texts = () => fake.notifications.filter((n) => n.type === 'sms');
  fake.failNext = (path, n, status) => faults.set(path, { n, status });
  fake.loseNextAnswer = (path) => lose.add(path);
  fake.setStatus = async (id, status, opts = {}) => {
    const n = fake.notifications.find((x) => x.id === id);
    if (!n) throw new Error(`no notification ${id}`);
    n.status = status;
    if (
      [
        'received',
        'delivered',
        'validation-failed',
        'permanent-failure',
        'technical-failure',
        'temporary-failure',
      ].includes(status)
    )
      n.completedAt = new Date().toISOString();
    if (opts.quietly || !fake.callbacks.deliveryUrl) return undefined;
    return post(fake.callbacks.deliveryUrl, fake.callbacks.token, {
      id: n.id,
      reference: n.reference,
      to: n.type === 'sms' ? n.phoneNumber : 'address line 1',
      status: n.status,
      created_at: n.createdAt,
      completed_at: n.completedAt ?? null,
      sent_at: n.createdAt,
      notification_type: n.type,
      template_id: n.templateId ?? randomUUID(),
      template_version: 1,
    });
  };
  fake.receiveText = async (from, message) => {
    if (!fake.callbacks.receivedTextUrl) throw new Error('no received-text callback URL');
    return post(fake.callbacks.receivedTextUrl, fake.callbacks.token, {
      id: randomUUID(),
      source_number: from,
      destination_number: '07700900000',
      message,
      date_received: new Date().toISOString(),
    });
  };
  fake.close = () => new Promise<void>((r) => server.close(() => r()));
  return fake;
}
