/** The production Mailer: nodemailer's pooled SMTP transport, one recipient per message. */
import nodemailer from 'nodemailer';
import type { Logger } from '../../infra/logger.ts';
import type { Mailer, OutgoingEmail } from '../../ports.ts';
import { LateHandOverError } from '../../ports/late-hand-over.ts';
import { toSendMailOptions, type Sender } from './message.ts';
import { useFastDataStream } from './smtp-data-stream.ts';
import { useNoDelaySockets } from './smtp-no-delay.ts';

export interface SmtpMailerOptions {
  /** `smtp://user:pass@host:587` or `smtps://…:465`. */
  url: string;
  from: Sender;
  /** Refuse to send unless the server upgrades to TLS (STARTTLS). True in production. */
  requireTLS: boolean;
  /** Never try STARTTLS: only for an in-process test server on localhost. @defaultValue false */
  ignoreTLS?: boolean;
  dkim?: { domainName: string; keySelector: string; privateKey: string };
  pool: true;
  /**
   * SMTP connections kept open (SMTP_POOL_SIZE). Each carries one message at a time, so with a
   * server that takes t seconds per message the mailer sends at most maxConnections / t a second.
   * @defaultValue 4
   */
  maxConnections?: number;
  logger?: Logger;
  /** The business clock, for the Date header. @defaultValue the time of sending */
  now?: () => Date;
}

export class SmtpRejectedError extends Error {
  override name = 'SmtpRejectedError';
}

/** `smtp://user:pass@host:587` / `smtps://host:465` as nodemailer connection options. */
export function connectionFromUrl(url: string): {
  host: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
} {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  const out: { host: string; port: number; secure: boolean; auth?: { user: string; pass: string } } = {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
  };
  if (u.username) out.auth = { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) };
  return out;
}

export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  if (options.requireTLS && options.ignoreTLS) {
    throw new Error('requireTLS and ignoreTLS cannot both be set');
  }
  // The same bytes on the wire as nodemailer's own dot-escaping, for a fraction of the CPU.
  useFastDataStream();
  // No 40 ms Nagle stall at the end of every message on a pooled connection.
  useNoDelaySockets();
  // nodemailer 7 reads `maxRequeues`; @types/nodemailer does not list it yet.
  const noRequeue = { maxRequeues: 0 } as object;
  const transport = nodemailer.createTransport({
    // Not `url:` — nodemailer then drops every other option (pool, timeouts, requireTLS, DKIM).
    ...connectionFromUrl(options.url),
    pool: true,
    maxConnections: options.maxConnections ?? 4,
    // Never re-send by itself when a pooled connection closes mid-message (nodemailer's default is to
    // re-queue without limit): the server may already have the message, and the send ledger, not the
    // pool, decides whether to try again (with the first attempt's Message-ID and Date).
    ...noRequeue,
    // Bounded waits: a live send must finish well inside the send ledger's 30 s lease, or a
    // retry elsewhere could send the same message again.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
    requireTLS: options.requireTLS,
    ignoreTLS: options.ignoreTLS ?? false,
    ...(options.dkim ? { dkim: options.dkim } : {}),
  });
  const log = options.logger;
  // A pooled connection dropped while idle is re-opened on the next send; unheard, the event would crash the process.
  transport.on('error', (err) => log?.warn('smtp pool connection error', { err }));

  // At most one message per connection inside nodemailer at a time: the rest wait here, not in the
  // pool's own queue, so a message's hand-over deadline is checked when a connection is free for it.
  const slots = connectionSlots(options.maxConnections ?? 4);

  return {
    async send(message: OutgoingEmail) {
      const release = await slots.take();
      try {
        if (message.handOverBy !== undefined && Date.now() > message.handOverBy)
          throw new LateHandOverError('the send waited for a connection past its hand-over deadline; nothing was sent');
        return await sendNow(message);
      } finally {
        release();
      }
    },
    async close() {
      transport.close();
    },
  };

  async function sendNow(message: OutgoingEmail): Promise<{ messageId: string }> {
    const mail = toSendMailOptions(message, options.from, options.now);
    const info = await transport.sendMail(mail);
    // One recipient: anything rejected means this message did not go.
    if (info.rejected.length > 0 || info.accepted.length === 0) {
      throw new SmtpRejectedError(`SMTP server did not accept the recipient (${info.response})`);
    }
    log?.debug('email sent', { messageId: info.messageId, response: info.response });
    return { messageId: info.messageId };
  }
}

/** A counting semaphore: `take()` resolves with a release once fewer than `size` are taken. */
function connectionSlots(size: number): { take: () => Promise<() => void> } {
  let free = size;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  return {
    take: () => {
      if (free > 0) {
        free--;
        return Promise.resolve(release);
      }
      return new Promise((resolve) => waiting.push(() => resolve(release)));
    },
  };
}
