/**
 * A local Bot Framework connector service: the `serviceUrl` the bot writes to. It records every
 * activity the bot posts (proactive messages, replies, card updates), creates one-to-one
 * conversations for members who have the app, answers member look-ups (email/UPN) and serves
 * uploaded files. `failNext` injects throttling (429) and gateway errors to exercise retries.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PostedActivity {
  method: 'POST' | 'PUT';
  conversationId: string;
  /** Set for replies (POST …/activities/:id) and updates (PUT …/activities/:id). */
  activityId?: string;
  activity: any;
}

export interface FakeMember {
  id: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
  /** 'user', 'guest' or 'anonymous', as Teams reports it (absent: not said). */
  userRole?: string;
  /** Members with the app installed can be sent a new one-to-one conversation. */
  installed?: boolean;
}

export interface FakeConnector {
  url: string;
  posted: PostedActivity[];
  created: { members: string[]; conversationId: string }[];
  members: Map<string, FakeMember>;
  files: Map<string, { contentType: string; body: Buffer }>;
  /** The next `count` activity posts answer `status` (e.g. 429) instead of succeeding. */
  failNext(status: number, count?: number): void;
  /** Cards (attachment contents) posted to a conversation. */
  cardsIn(conversationId: string): any[];
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const posted: PostedActivity[] = [];
  const created: FakeConnector['created'] = [];
  const members = new Map<string, FakeMember>();
  const files = new Map<string, { contentType: string; body: Buffer }>();
  let failures: number[] = [];
  let seq = 0;

  const send = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };

  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://x');
      const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      if (req.method === 'GET' && parts[0] === 'files' && parts[1]) {
        const f = files.get(parts[1]);
        if (!f) return send(res, 404);
        res.writeHead(200, { 'content-type': f.contentType });
        return res.end(f.body);
      }
      if (parts[0] !== 'v3' || parts[1] !== 'conversations') return send(res, 404, { error: { code: 'NotFound' } });
      if (req.method === 'POST' && parts.length === 2) {
        const body = await readJson(req);
        const ids: string[] = (body.members ?? []).map((m: { id: string }) => m.id);
        const member = ids.length === 1 ? members.get(ids[0]!) : undefined;
        if (!member?.installed)
          return send(res, 403, { error: { code: 'Forbidden', message: 'The bot is not installed for this user' } });
        const conversationId = `a:personal-${member.id}`;
        created.push({ members: ids, conversationId });
        return send(res, 201, { id: conversationId });
      }
      const conversationId = parts[2]!;
      if (req.method === 'GET' && parts[3] === 'members' && parts[4]) {
        const m = members.get(parts[4]);
        return m
          ? send(res, 200, {
              id: m.id,
              aadObjectId: m.aadObjectId,
              email: m.email,
              userPrincipalName: m.userPrincipalName ?? m.email,
              ...(m.userRole ? { userRole: m.userRole } : {}),
            })
          : send(res, 404, { error: { code: 'MemberNotFound' } });
      }
      if (parts[3] === 'activities' && (req.method === 'POST' || req.method === 'PUT')) {
        const activity = await readJson(req);
        const fail = failures.shift();
        if (fail !== undefined) return send(res, fail, { error: { code: 'Throttled' } });
        posted.push({ method: req.method, conversationId, ...(parts[4] ? { activityId: parts[4] } : {}), activity });
        return send(res, 200, { id: parts[4] && req.method === 'PUT' ? parts[4] : `m-${++seq}` });
      }
      return send(res, 404, { error: { code: 'NotFound' } });
    } catch (err) {
      send(res, 500, { error: { message: String(err) } });
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    posted,
    created,
    members,
    files,
    failNext: (status, count = 1) => {
      failures = [...failures, ...Array.from({ length: count }, () => status)];
    },
    cardsIn: (id) =>
      posted
        .filter((p) => p.conversationId === id)
        .flatMap((p) => (p.activity.attachments ?? []).map((a: { content: unknown }) => a.content)),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
