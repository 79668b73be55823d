import { readFile } from 'node:fs/promises';
import { auth as googleAuth } from '@googleapis/gmail';
import { startGmailPoller } from '../channels/email/gmail-poller.ts';
import { startGraphMailPoller } from '../channels/email/graph-mail-poller.ts';
import { createClientCredentialsTokenProvider } from '../channels/graph-client.ts';
import { startInboundSmtp } from '../channels/email/inbound-server.ts';
import { parseItipReply } from '../channels/email/itip.ts';
import type { ParsedInbound } from '../channels/email/inbound-server.ts';
import type { AppDeps } from '../app/deps.ts';
import { recordReport } from '../app/record-report.ts';
import { recordRsvp } from '../app/record-rsvp.ts';
import { findReplyToken } from '../app/reply-token.ts';
import type { Config } from '../config.ts';
import { PRE_MEETING_STATES } from '../domain/state-machine.ts';
import type { Logger } from '../infra/logger.ts';

export interface InboundHandle {
  port: number;
  /** Mailbox pollers (gmail, graph): one poll now, resolving to the number of messages filed. */
  pollOnce?(): Promise<number>;
  close(): Promise<void>;
}

/** The sender's address as the fallback match: one conference with an outstanding report from it. */
async function matchBySender(deps: AppDeps, from: string): Promise<{ conferenceId: string; attendeeId: string } | undefined> {
  const address = from.toLowerCase();
  const matches: { conferenceId: string; attendeeId: string }[] = [];
  for (const s of await deps.store.list()) {
    if (!PRE_MEETING_STATES.has(s.state as never)) continue;
    const c = await deps.store.get(s.id);
    const a = c?.attendees.find((x) => x.email?.toLowerCase() === address && c.reports[x.id] && c.reports[x.id]!.status !== 'received');
    if (c && a) matches.push({ conferenceId: c.id, attendeeId: a.id });
  }
  return matches.length === 1 ? matches[0] : undefined;
}

/** Nothing is dropped: an unmatched or unusable message goes to the coordinator, original attached. */
async function toCoordinator(deps: AppDeps, msg: ParsedInbound, raw: { reason: string }): Promise<void> {
  const to = deps.settings.coordinatorEmail ?? deps.policies.get(undefined).sender.address;
  const text = `A message reached the reports mailbox but could not be filed automatically (${raw.reason}). It is attached: please file it by hand.\nFrom: ${msg.from ?? 'unknown'}\nAttachments: ${msg.attachments.length}`;
  await deps.mailer.send({
    to,
    subject: 'Reports mailbox: a message needs filing by hand',
    text,
    html: `<p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\n/g, '<br>')}</p>`,
    attachments: [
      ...(msg.text ? [{ filename: 'message.txt', content: msg.text, contentType: 'text/plain' }] : []),
      ...msg.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
    ],
  });
  deps.logger.warn('inbound message sent to the coordinator', { reason: raw.reason, attachments: msg.attachments.length });
}

/** A message the mailbox poller could not read at all was moved aside: the coordinator is told where, and nothing about it. */
export function alertUnreadable(deps: AppDeps) {
  return async (event: { reason: string; folder: string }): Promise<void> => {
    const text = `A message in the reports mailbox could not be read automatically (${event.reason}). It has been moved to the mailbox folder "${event.folder}": please look at it there and file it by hand.`;
    await deps.mailer.send({
      to: deps.settings.coordinatorEmail ?? deps.policies.get(undefined).sender.address,
      subject: 'Reports mailbox: a message could not be read',
      text,
      html: `<p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')}</p>`,
    });
  };
}

export function handleInbound(deps: AppDeps) {
  return async (msg: ParsedInbound): Promise<void> => {
    if (msg.calendar && /^REPLY$/i.test(msg.calendar.method)) {
      try {
        await recordRsvp(deps, parseItipReply(msg.calendar.ics));
      } catch (err) {
        deps.logger.warn('calendar reply not applied', { reason: err instanceof Error ? err.message : String(err) });
      }
      return;
    }
    const match = findReplyToken(deps.settings.linkSecret, msg.to) ?? (msg.from ? await matchBySender(deps, msg.from) : undefined);
    if (!match) return toCoordinator(deps, msg, { reason: 'no conference or attendee matched' });
    try {
      await recordReport(deps, { ...match, channel: 'email', ...(msg.text ? { text: msg.text } : {}), attachments: msg.attachments, ...(msg.messageId ? { sourceId: msg.messageId } : {}) });
    } catch (err) {
      await toCoordinator(deps, msg, { reason: err instanceof Error ? err.message : String(err) });
    }
  };
}

export async function startInbound(deps: AppDeps, config: Config, logger: Logger): Promise<InboundHandle> {
  if (config.INBOUND_MODE === 'gmail') {
    // Domain-wide delegation: the service account reads the reports mailbox as that mailbox.
    const auth = new googleAuth.JWT({ keyFile: config.GOOGLE_SERVICE_ACCOUNT_KEY_FILE!, scopes: ['https://www.googleapis.com/auth/gmail.modify'], subject: config.GMAIL_MAILBOX! });
    const poller = startGmailPoller({
      auth,
      ...(config.GOOGLE_API_BASE_URL ? { baseUrl: config.GOOGLE_API_BASE_URL } : {}),
      intervalMs: config.GMAIL_POLL_SECONDS * 1000,
      onMessage: handleInbound(deps),
      logger,
    });
    return { port: 0, pollOnce: () => poller.pollOnce(), close: () => poller.close() };
  }
  if (config.INBOUND_MODE === 'graph') {
    // App-only (client credentials) with Mail.ReadWrite, which the tenant restricts to the reports mailbox.
    const getToken = createClientCredentialsTokenProvider({
      tenantId: config.GRAPH_TENANT_ID!,
      clientId: config.GRAPH_CLIENT_ID!,
      clientSecret: config.GRAPH_CLIENT_SECRET!,
      ...(config.GRAPH_AUTHORITY_URL ? { authorityBaseUrl: config.GRAPH_AUTHORITY_URL } : {}),
    });
    const poller = startGraphMailPoller({
      mailbox: config.GRAPH_INBOUND_MAILBOX!,
      getToken,
      ...(config.GRAPH_BASE_URL ? { baseUrl: config.GRAPH_BASE_URL } : {}),
      maxBytes: 25 * 1024 * 1024,
      intervalMs: config.GRAPH_INBOUND_POLL_SECONDS * 1000,
      onMessage: handleInbound(deps),
      onUnreadable: alertUnreadable(deps),
      logger,
    });
    return { port: 0, pollOnce: () => poller.pollOnce(), close: () => poller.close() };
  }
  const tls =
    config.INBOUND_SMTP_TLS_KEY_FILE && config.INBOUND_SMTP_TLS_CERT_FILE
      ? { key: await readFile(config.INBOUND_SMTP_TLS_KEY_FILE), cert: await readFile(config.INBOUND_SMTP_TLS_CERT_FILE) }
      : undefined;
  return startInboundSmtp({
    port: config.INBOUND_SMTP_PORT,
    host: config.INBOUND_SMTP_HOST,
    maxBytes: 25 * 1024 * 1024,
    onMessage: handleInbound(deps),
    logger,
    ...(tls ? { tls, requireTls: config.NODE_ENV === 'production' } : {}),
  });
}
