/** Enough of the Gmail API v1 for the inbound poller, reached through the real @googleapis/gmail client. */
import http from 'node:http';

export interface FakeGmail {
  rootUrl: string;
  /** Adds a raw RFC 822 message to the inbox; returns its id. */
  deliver(raw: string | Buffer): string;
  labelsOf(id: string): string[];
  requests: string[];
  close(): Promise<void>;
}

export async function startFakeGmail(): Promise<FakeGmail> {
  const messages = new Map<string, { raw: Buffer; labels: Set<string> }>();
  const labels = new Map<string, string>(); // id -> name
  const requests: string[] = [];
  let seq = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`${req.method} ${url.pathname}`);
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const send = (status: number, json: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (req.headers.authorization !== 'Bearer test') return send(401, { error: { code: 401, message: 'no token' } });
      const p = url.pathname.replace(/^\/gmail\/v1\/users\/me/, '');
      if (req.method === 'GET' && p === '/labels')
        return send(200, { labels: [...labels].map(([id, name]) => ({ id, name })) });
      if (req.method === 'POST' && p === '/labels') {
        const id = `Label_${labels.size + 1}`;
        labels.set(id, JSON.parse(body).name);
        return send(200, { id, name: labels.get(id) });
      }
      if (req.method === 'GET' && p === '/messages') {
        const excluded = /-label:(\S+)/.exec(url.searchParams.get('q') ?? '')?.[1];
        const ids = [...messages]
          .filter(([, m]) => ![...m.labels].some((l) => labels.get(l) === excluded))
          .map(([id]) => ({ id, threadId: id }));
        return send(200, ids.length ? { messages: ids } : {});
      }
      const one = /^\/messages\/([^/]+)(\/modify)?$/.exec(p);
      const m = one ? messages.get(one[1]!) : undefined;
      if (one && !m) return send(404, { error: { code: 404, message: 'not found' } });
      if (req.method === 'GET' && m && !one![2]) return send(200, { id: one![1], raw: m.raw.toString('base64url') });
      if (req.method === 'POST' && m && one![2]) {
        const r = JSON.parse(body) as { addLabelIds?: string[]; removeLabelIds?: string[] };
        for (const l of r.addLabelIds ?? []) m.labels.add(l);
        for (const l of r.removeLabelIds ?? []) m.labels.delete(l);
        return send(200, { id: one![1], labelIds: [...m.labels] });
      }
      return send(404, { error: { code: 404, message: `no route ${req.method} ${url.pathname}` } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    rootUrl: `http://127.0.0.1:${port}/`,
    deliver(raw) {
      const id = `m${++seq}`;
      messages.set(id, { raw: Buffer.from(raw), labels: new Set(['INBOX', 'UNREAD']) });
      return id;
    },
    labelsOf: (id) => [...(messages.get(id)?.labels ?? [])].map((l) => labels.get(l) ?? l),
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
