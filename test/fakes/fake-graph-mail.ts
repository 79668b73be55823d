/**
 * The mail part of the fake Graph: Exchange Online mailboxes under `/v1.0/users/:mailbox`, enough
 * for the inbound poller. Inbox listing pages with `$top`/`$skip` and `@odata.nextLink` as Graph
 * does, `$value` returns the raw MIME, `move` gives the message a new id (Exchange ids change on a
 * move), top-level folders are found with `$filter=displayName eq '…'` and created with POST.
 */
import { randomUUID } from 'node:crypto';

export type FakeResult = [number, any, Record<string, string>?];

export interface FakeGraphMail {
  /** Puts a raw RFC 822 message in the mailbox's inbox, unread; returns its id there. */
  deliver(mailbox: string, raw: string | Buffer): string;
  /** Display name of the folder now holding the message delivered with this id (`Inbox`, `cpc-filed`, …). */
  folderOf(deliveredId: string): string | undefined;
  isRead(deliveredId: string): boolean | undefined;
  /** Display names of a mailbox's folders. */
  folders(mailbox: string): string[];
}

interface StoredMessage {
  id: string;
  raw: Buffer;
  folderId: string;
  isRead: boolean;
}

interface Mailbox {
  folders: Map<string, string>; // id -> display name
  messages: StoredMessage[]; // in delivery order
}

const INBOX = 'inbox-folder-id';
const graphError = (status: number, code: string, message: string): FakeResult => [
  status,
  { error: { code, message } },
];

export function createFakeGraphMail(graphBaseUrl: () => string): FakeGraphMail & {
  handle(method: string, mailbox: string, rest: string[], query: URLSearchParams, body: any): FakeResult;
} {
  const mailboxes = new Map<string, Mailbox>();
  const byDeliveredId = new Map<string, StoredMessage>();
  const newId = () => `AAMkAG${randomUUID().replace(/-/g, '')}AAA=`;

  function box(name: string): Mailbox {
    const key = name.toLowerCase();
    let b = mailboxes.get(key);
    if (!b) {
      b = { folders: new Map([[INBOX, 'Inbox']]), messages: [] };
      mailboxes.set(key, b);
    }
    return b;
  }
  const folderKey = (b: Mailbox, ref: string) =>
    ref.toLowerCase() === 'inbox' ? INBOX : b.folders.has(ref) ? ref : undefined;
  const findMessage = (b: Mailbox, id: string) => b.messages.find((m) => m.id === id);

  function handle(method: string, mailbox: string, rest: string[], query: URLSearchParams, body: any): FakeResult {
    const b = box(mailbox);
    const [first, ref, sub] = rest;
    if (first === 'mailFolders' && rest.length === 1) {
      if (method === 'GET') {
        const wanted = /^displayName eq '((?:[^']|'')*)'$/.exec(query.get('$filter') ?? '')?.[1]?.replace(/''/g, "'");
        const value = [...b.folders]
          .filter(([id, name]) => id !== INBOX && (wanted === undefined || name === wanted))
          .map(([id, displayName]) => ({ id, displayName }));
        return [200, { value }];
      }
      if (method === 'POST') {
        const name = body?.displayName;
        if (typeof name !== 'string' || !name) return graphError(400, 'ErrorInvalidRequest', 'displayName is required');
        if ([...b.folders.values()].includes(name))
          return graphError(409, 'ErrorFolderExists', 'A folder with the specified name already exists.');
        const id = `AQMkAD${randomUUID().replace(/-/g, '')}`;
        b.folders.set(id, name);
        return [201, { id, displayName: name }];
      }
    }
    if (first === 'mailFolders' && ref && sub === 'messages' && rest.length === 3 && method === 'GET') {
      const folder = folderKey(b, ref);
      if (!folder) return graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      const top = Number(query.get('$top') ?? 10);
      const skip = Number(query.get('$skip') ?? 0);
      const all = b.messages.filter((m) => m.folderId === folder);
      const value = all.slice(skip, skip + top).map((m) => ({ id: m.id }));
      const next =
        skip + top < all.length
          ? `${graphBaseUrl()}/users/${encodeURIComponent(mailbox)}/mailFolders/${ref}/messages?$select=id&$top=${top}&$skip=${skip + top}`
          : undefined;
      return [200, { value, ...(next ? { '@odata.nextLink': next } : {}) }];
    }
    if (first === 'messages' && ref) {
      const m = findMessage(b, ref);
      if (!m) return graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      if (rest.length === 2 && method === 'PATCH') {
        if (typeof body?.isRead === 'boolean') m.isRead = body.isRead;
        return [200, { id: m.id, isRead: m.isRead }];
      }
      if (rest.length === 3 && sub === '$value' && method === 'GET')
        return [200, m.raw, { 'content-type': 'text/plain' }];
      if (rest.length === 3 && sub === 'move' && method === 'POST') {
        const dest = typeof body?.destinationId === 'string' ? folderKey(b, body.destinationId) : undefined;
        if (!dest) return graphError(404, 'ErrorItemNotFound', 'The destination folder was not found.');
        m.folderId = dest;
        m.id = newId();
        return [201, { id: m.id, parentFolderId: dest }];
      }
    }
    return graphError(400, 'BadRequest', `Unsupported mail request ${method} ${rest.join('/')}`);
  }

  return {
    handle,
    deliver(mailbox, raw) {
      const m: StoredMessage = { id: newId(), raw: Buffer.from(raw), folderId: INBOX, isRead: false };
      box(mailbox).messages.push(m);
      byDeliveredId.set(m.id, m);
      return m.id;
    },
    folderOf(deliveredId) {
      const m = byDeliveredId.get(deliveredId);
      if (!m) return undefined;
      for (const b of mailboxes.values()) if (b.messages.includes(m)) return b.folders.get(m.folderId);
      return undefined;
    },
    isRead: (deliveredId) => byDeliveredId.get(deliveredId)?.isRead,
    folders: (mailbox) => [...box(mailbox).folders.values()],
  };
}
