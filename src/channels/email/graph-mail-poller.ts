/**
 * Production inbound mail from an Exchange Online reports mailbox, through Microsoft Graph: polls
 * the inbox, hands each message (its raw MIME, parsed exactly like inbound SMTP mail) to the same
 * handler, and moves it to a filed folder only after the handler succeeded, so a failure stays in
 * the inbox and is retried next poll. A message that cannot be read as email at all (or is over the
 * size limit inbound SMTP also refuses) goes to a separate folder for a person, not round again.
 *
 * Needs the application permission `Mail.ReadWrite`, which an administrator should restrict to the
 * reports mailbox (Exchange Online application access policy or RBAC for Applications).
 * Logs carry Graph message ids only: never addresses, names or subjects.
 */
import type { Logger } from '../../infra/logger.ts';
import { createGraphClient, GraphBodyTooLargeError, GraphError, type GraphClientOptions } from '../graph-client.ts';
import type { ParsedInbound } from './inbound-server.ts';
import { parseMailboxMessage, startPolling, UnreadableMessageError, type MailboxPoller } from './mailbox-message.ts';

export interface GraphMailPollerOptions extends Omit<GraphClientOptions, 'baseUrl'> {
  /** GRAPH_BASE_URL; tests point it at a fake server. @defaultValue `https://graph.microsoft.com/v1.0` */
  baseUrl?: string;
  /** GRAPH_INBOUND_MAILBOX: the reports mailbox's user principal name or object id. */
  mailbox: string;
  /** Folder (top level, created on first use) that filed messages are moved to. @defaultValue `cpc-filed` */
  filedFolder?: string;
  /** Folder for messages that cannot be read as email or are too large. @defaultValue `cpc-unreadable` */
  unreadableFolder?: string;
  /** Messages per page of the inbox listing. @defaultValue 50 */
  pageSize?: number;
  /** Most messages one poll takes on; the rest wait for the next. @defaultValue 500 */
  maxPerPoll?: number;
  /** Largest message read, as for inbound SMTP. @defaultValue 25 MiB */
  maxBytes?: number;
  intervalMs: number;
  onMessage: (msg: ParsedInbound) => Promise<void>;
  /** Told (before the move) about a message put in the unreadable folder; if it throws, the message stays and is tried again. */
  onUnreadable?: (event: { messageId: string; reason: string; folder: string }) => Promise<void>;
  logger: Logger;
}

/** `pollOnce` resolves to the number of messages filed; concurrent calls share the poll in progress. */
export type GraphMailPoller = MailboxPoller;

interface Page<T> {
  value?: T[];
  '@odata.nextLink'?: string;
}

export function startGraphMailPoller(options: GraphMailPollerOptions): GraphMailPoller {
  const client = createGraphClient(options);
  const user = `${client.base}/users/${encodeURIComponent(options.mailbox)}`;
  const filedName = options.filedFolder ?? 'cpc-filed';
  const unreadableName = options.unreadableFolder ?? 'cpc-unreadable';
  const pageSize = options.pageSize ?? 50;
  const maxPerPoll = options.maxPerPoll ?? 500;
  const maxBytes = options.maxBytes ?? 25 * 1024 * 1024;
  const log = options.logger.child({ component: 'graph-inbound' });
  const folderIds = new Map<string, string>();

  async function findFolder(name: string): Promise<string | undefined> {
    const filter = encodeURIComponent(`displayName eq '${name.replace(/'/g, "''")}'`);
    const { data } = await client.json<Page<{ id: string; displayName: string }>>({
      method: 'GET',
      url: `${user}/mailFolders?$filter=${filter}&$select=id,displayName`,
      operation: 'list mail folders',
    });
    return data?.value?.find((f) => f.displayName === name)?.id;
  }

  async function folderId(name: string): Promise<string> {
    const known = folderIds.get(name);
    if (known) return known;
    let id = await findFolder(name);
    if (!id) {
      try {
        id = (
          await client.json<{ id: string }>({
            method: 'POST',
            url: `${user}/mailFolders`,
            body: { displayName: name },
            operation: 'create mail folder',
          })
        ).data?.id;
      } catch (err) {
        // Another process created it in between.
        if (!(err instanceof GraphError && err.status === 409)) throw err;
        id = await findFolder(name);
      }
    }
    if (!id) throw new Error(`could not find or create the mail folder ${name}`);
    folderIds.set(name, id);
    return id;
  }

  /** Every inbox message id first, then the work: moving messages out while paging would shift `$skip` and miss some. */
  async function inboxIds(): Promise<string[]> {
    const ids = new Set<string>();
    let url: string | undefined =
      `${user}/mailFolders/inbox/messages?$select=id&$top=${pageSize}&$orderby=receivedDateTime%20asc`;
    while (url && ids.size < maxPerPoll) {
      const { data }: { data: Page<{ id?: string }> | undefined } = await client.json<Page<{ id?: string }>>({
        method: 'GET',
        url,
        operation: 'list inbox messages',
      });
      for (const m of data?.value ?? []) if (m.id && ids.size < maxPerPoll) ids.add(m.id);
      url = data?.['@odata.nextLink'];
      // The bearer token goes only to the configured Graph host.
      if (url && new URL(url).origin !== new URL(client.base).origin)
        throw new Error('Graph returned a next page link on another host');
    }
    return [...ids];
  }

  async function moveTo(id: string, folder: string): Promise<void> {
    try {
      await client.json({
        method: 'POST',
        url: `${user}/messages/${encodeURIComponent(id)}/move`,
        body: { destinationId: await folderId(folder) },
        operation: 'move message',
      });
    } catch (err) {
      // The folder may have been deleted by hand: look it up afresh next time.
      if (err instanceof GraphError && err.status === 404) folderIds.delete(folder);
      throw err;
    }
  }

  async function readMessage(id: string): Promise<ParsedInbound> {
    let raw: Buffer;
    try {
      raw = await client.bytes({
        method: 'GET',
        url: `${user}/messages/${encodeURIComponent(id)}/$value`,
        operation: 'get message MIME',
        maxBytes,
      });
    } catch (err) {
      if (err instanceof GraphBodyTooLargeError)
        throw new UnreadableMessageError(
          `over the ${maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${maxBytes} byte`} limit`,
        );
      throw err;
    }
    return parseMailboxMessage(raw);
  }

  async function poll(): Promise<number> {
    let filed = 0;
    for (const id of await inboxIds()) {
      try {
        let msg: ParsedInbound;
        try {
          msg = await readMessage(id);
        } catch (err) {
          if (!(err instanceof UnreadableMessageError)) throw err;
          await options.onUnreadable?.({ messageId: id, reason: err.message, folder: unreadableName });
          await moveTo(id, unreadableName);
          log.warn('graph message unreadable: moved aside', {
            messageId: id,
            reason: err.message,
            folder: unreadableName,
          });
          continue;
        }
        await options.onMessage(msg);
        await client.json({
          method: 'PATCH',
          url: `${user}/messages/${encodeURIComponent(id)}`,
          body: { isRead: true },
          operation: 'mark message read',
        });
        await moveTo(id, filedName);
        log.info('graph message filed', {
          messageId: id,
          attachments: msg.attachments.length,
          calendar: msg.calendar?.method ?? null,
        });
        filed++;
      } catch (err) {
        // Left in the inbox: the next poll tries again. Nothing about the message's content is logged.
        log.warn('graph message not filed yet', { messageId: id, err });
      }
    }
    return filed;
  }

  return startPolling(poll, options.intervalMs, (err) => log.error('graph poll failed', { err }));
}
