/**
 * Production inbound mail from a Google Workspace reports mailbox, through the Gmail API: polls the
 * inbox for messages not yet filed, hands each (parsed exactly like inbound SMTP mail) to the same
 * handler, and labels it filed only after the handler succeeded, so a failure is retried next poll.
 */
import { gmail, type gmail_v1 } from '@googleapis/gmail';
import type { Logger } from '../../infra/logger.ts';
import type { ParsedInbound } from './inbound-server.ts';
import { parseMailboxMessage, startPolling, type MailboxPoller } from './mailbox-message.ts';

export interface GmailPollerOptions {
  auth: NonNullable<gmail_v1.Options['auth']>;
  /** GOOGLE_API_BASE_URL; tests point it at a fake server. */
  baseUrl?: string;
  userId?: string;
  /** Label put on each filed message. @defaultValue `cpc-filed` */
  filedLabel?: string;
  intervalMs: number;
  onMessage: (msg: ParsedInbound) => Promise<void>;
  logger: Logger;
}

export type GmailPoller = MailboxPoller;

export function startGmailPoller(options: GmailPollerOptions): GmailPoller {
  const client = gmail({ version: 'v1', auth: options.auth, ...(options.baseUrl ? { rootUrl: options.baseUrl } : {}) });
  const userId = options.userId ?? 'me';
  const labelName = options.filedLabel ?? 'cpc-filed';
  const log = options.logger.child({ component: 'gmail-inbound' });
  let labelId: string | undefined;

  async function filedLabelId(): Promise<string> {
    if (labelId) return labelId;
    const labels = (await client.users.labels.list({ userId })).data.labels ?? [];
    labelId =
      labels.find((l) => l.name === labelName)?.id ??
      (await client.users.labels.create({ userId, requestBody: { name: labelName } })).data.id ??
      undefined;
    if (!labelId) throw new Error(`could not create the Gmail label ${labelName}`);
    return labelId;
  }

  async function poll(): Promise<number> {
    const label = await filedLabelId();
    const list = await client.users.messages.list({ userId, q: `in:inbox -label:${labelName}`, maxResults: 50 });
    let filed = 0;
    for (const { id } of list.data.messages ?? []) {
      if (!id) continue;
      try {
        const raw = (await client.users.messages.get({ userId, id, format: 'raw' })).data.raw ?? '';
        await options.onMessage(await parseMailboxMessage(Buffer.from(raw, 'base64url')));
        await client.users.messages.modify({
          userId,
          id,
          requestBody: { addLabelIds: [label], removeLabelIds: ['UNREAD'] },
        });
        filed++;
      } catch (err) {
        // Left unlabelled: the next poll tries again. Nothing about the message's content is logged.
        log.warn('gmail message not filed yet', { messageId: id, err });
      }
    }
    return filed;
  }

  return startPolling(poll, options.intervalMs, (err) => log.error('gmail poll failed', { err }));
}
