import { readFile } from 'node:fs/promises';
import { auth as googleAuth } from '@googleapis/gmail';
import { startGmailPoller } from '../channels/email/gmail-poller.ts';
import { startGraphMailPoller } from '../channels/email/graph-mail-poller.ts';
import { createClientCredentialsTokenProvider } from '../channels/graph-client.ts';
import {
  InboundRefused,
  startInboundSmtp,
  type InboundLimiter,
  type ParsedInbound,
} from '../channels/email/inbound-server.ts';
import { createSenderAuthenticator, type SenderAuthenticator } from '../channels/email/sender-auth.ts';
import type { DNSResolver } from 'mailauth';
import type { AppDeps } from '../app/deps.ts';
import type { Config } from '../config.ts';
import { memoryRateLimiters, type RateLimiterFactory } from '../infra/rate-limit.ts';
import type { Logger } from '../infra/logger.ts';
import { fileInbound } from './file-inbound.ts';
import { summariseToCoordinator, type InboundLimiters } from './inbound-summary.ts';
import { paragraphHtml } from '../content/escape.ts';
import { coordinatorAddress } from '../app/shared/sender.ts';

export interface InboundHandle {
  port: number;
  /** Mailbox pollers (gmail, graph): one poll now, resolving to the number of messages filed. */
  pollOnce?(): Promise<number>;
  close(): Promise<void>;
}

/** A message the mailbox poller could not read at all was moved aside: the coordinator is told where, and nothing about it. */
export function alertUnreadable(deps: AppDeps) {
  return async (event: { reason: string; folder: string }): Promise<void> => {
    const text = `A message in the reports mailbox could not be read automatically (${event.reason}). It has been moved to the mailbox folder "${event.folder}": please look at it there and file it by hand.`;
    await deps.mailer.send({
      to: coordinatorAddress(deps),
      subject: 'Reports mailbox: a message could not be read',
      text,
      html: paragraphHtml(text),
    });
  };
}

export interface InboundOptions {
  authenticate: SenderAuthenticator;
  /** SMTP can refuse a message (550); a mailbox poller cannot, so it tells the coordinator instead. */
  canRefuse: boolean;
  limiters: InboundLimiters;
}

export interface InboundWiring {
  /** The service passes Redis-backed buckets (shared by every process). @defaultValue in memory */
  rateLimiters: RateLimiterFactory;
  /** DNS for SPF, DKIM and DMARC (INBOUND_AUTH=verify); tests pass a stub. @defaultValue node's resolver */
  dnsResolver?: DNSResolver;
}

/** Defaults (for tools and tests that build a handler by hand) trust no sender and keep limits in memory. */
export function handleInbound(deps: AppDeps, given: Partial<InboundOptions> = {}) {
  const options: InboundOptions = {
    authenticate: given.authenticate ?? createSenderAuthenticator({ mode: 'off' }),
    canRefuse: given.canRefuse ?? false,
    limiters: given.limiters ?? {
      noticePerSender: memoryRateLimiters('inbound-notice', { burst: 30, perMinute: 6 }),
      noticeAll: memoryRateLimiters('inbound-notice-all', { burst: 300, perMinute: 120 }),
    },
  };
  const file = fileInbound(deps, options);
  return async (msg: ParsedInbound): Promise<void> => {
    const outcome = await file(msg);
    if (outcome.kind === 'refused') {
      if (options.canRefuse) throw new InboundRefused(outcome.reason);
      await summariseToCoordinator(deps, options.limiters, msg, `refused: ${outcome.reason}`);
    }
  };
}

export async function startInbound(
  deps: AppDeps,
  config: Config,
  logger: Logger,
  wiring: InboundWiring = { rateLimiters: memoryRateLimiters },
): Promise<InboundHandle> {
  const authenticate = createSenderAuthenticator(
    config.INBOUND_AUTH === 'verify'
      ? { mode: 'verify', ...(wiring.dnsResolver ? { resolver: wiring.dnsResolver } : {}) }
      : config.INBOUND_AUTH === 'relay'
        ? { mode: 'relay', authservId: config.INBOUND_AUTH_RELAY_ID! }
        : { mode: 'off' },
  );
  const perSender = { burst: config.INBOUND_SENDER_BURST, perMinute: config.INBOUND_SENDER_PER_MINUTE };
  const overall = { burst: config.INBOUND_GLOBAL_BURST, perMinute: config.INBOUND_GLOBAL_PER_MINUTE };
  const limiters: InboundLimiters = {
    noticePerSender: wiring.rateLimiters('inbound-notice', perSender),
    noticeAll: wiring.rateLimiters('inbound-notice-all', overall),
  };
  const onMessage = (canRefuse: boolean) => handleInbound(deps, { authenticate, canRefuse, limiters });

  if (config.INBOUND_MODE === 'gmail') {
    // Domain-wide delegation: the service account reads the reports mailbox as that mailbox.
    const auth = new googleAuth.JWT({
      keyFile: config.GOOGLE_SERVICE_ACCOUNT_KEY_FILE!,
      scopes: ['https://www.googleapis.com/auth/gmail.modify'],
      subject: config.GMAIL_MAILBOX!,
    });
    const poller = startGmailPoller({
      auth,
      ...(config.GOOGLE_API_BASE_URL ? { baseUrl: config.GOOGLE_API_BASE_URL } : {}),
      intervalMs: config.GMAIL_POLL_SECONDS * 1000,
      onMessage: onMessage(false),
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
      onMessage: onMessage(false),
      onUnreadable: alertUnreadable(deps),
      logger,
    });
    return { port: 0, pollOnce: () => poller.pollOnce(), close: () => poller.close() };
  }
  const tls =
    config.INBOUND_SMTP_TLS_KEY_FILE && config.INBOUND_SMTP_TLS_CERT_FILE
      ? {
          key: await readFile(config.INBOUND_SMTP_TLS_KEY_FILE),
          cert: await readFile(config.INBOUND_SMTP_TLS_CERT_FILE),
        }
      : undefined;
  // SMTP: a token bucket per client IP and per envelope sender, and one for everyone, at MAIL FROM.
  const bySender = wiring.rateLimiters('inbound-sender', perSender);
  const all = wiring.rateLimiters('inbound-all', overall);
  const limit: InboundLimiter = async ({ ip, mailFrom }) => {
    for (const [limiter, client] of [
      [bySender, `ip:${ip}`],
      ...(mailFrom ? [[bySender, `from:${mailFrom}`] as const] : []),
      [all, 'all'],
    ] as const) {
      const r = await limiter.take(client);
      if (!r.ok) return r;
    }
    return { ok: true };
  };
  return startInboundSmtp({
    port: config.INBOUND_SMTP_PORT,
    host: config.INBOUND_SMTP_HOST,
    maxBytes: 25 * 1024 * 1024,
    onMessage: onMessage(true),
    limit,
    logger,
    ...(tls ? { tls, requireTls: config.NODE_ENV === 'production' } : {}),
  });
}
