/**
 * The embedded inbound SMTP server: replies to report requests (with attachments) and calendar
 * replies arrive here. A message that cannot be read is logged and refused with an SMTP error;
 * nothing a sender does can crash the process.
 */
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../infra/logger.ts';
import type { SmtpConnection } from './sender-auth.ts';
import { automaticReason } from './automatic-mail.ts';

export interface InboundAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface ParsedInbound {
  from?: string;
  /** Envelope recipients (RCPT TO), lower-cased: a per-attendee reply token lives here. */
  to: string[];
  subject: string;
  text?: string;
  messageId?: string;
  inReplyTo?: string;
  /** Real attachments: calendar parts and inline (cid) images such as signature logos are left out. */
  attachments: InboundAttachment[];
  /** The iTIP part, from a `text/calendar` body part or an `.ics` attachment. */
  calendar?: { method: string; ics: string };
  /** The message as received, for sender authentication (DKIM signs these bytes). */
  raw: Buffer;
  /** The SMTP client, when the message came over SMTP (SPF needs its address). */
  connection?: SmtpConnection;
  /** Why no person wrote it (an out-of-office reply, a bounce): never filed, never answered. */
  automatic?: string;
}

/** The handler refuses the message for good (a dead reply address): SMTP answers 550 with this text. */
export class InboundRefused extends Error {
  override name = 'InboundRefused';
}

/** Decides whether a client may send one more message now (per sender and overall). */
export type InboundLimiter = (client: {
  ip: string;
  mailFrom?: string;
}) => Promise<{ ok: true } | { ok: false; retryAfterS: number }>;

export interface InboundSmtpOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** @defaultValue '127.0.0.1' */
  host?: string;
  maxBytes: number;
  onMessage: (msg: ParsedInbound) => Promise<void>;
  logger: Logger;
  /** Rate limits, checked at MAIL FROM: over the limit the client is told to try again later (451). */
  limit?: InboundLimiter;
  /** With a key and certificate the server offers STARTTLS; without, it is plain SMTP for localhost. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** With `tls`: refuse a message whose sender did not switch to TLS first (530), so nothing arrives in plain text. */
  requireTls?: boolean;
}

export interface InboundSmtpServer {
  port: number;
  close(): Promise<void>;
}

class SmtpReply extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
  }
}

const isCalendar = (a: Attachment) =>
  /^(text\/calendar|application\/ics)$/i.test(a.contentType) || /\.ics$/i.test(a.filename ?? '');

function calendarMethod(a: Attachment, ics: string): string {
  const header = a.headers?.get('content-type');
  const params =
    header && typeof header === 'object' && 'params' in header ? (header.params as Record<string, string>) : {};
  return (params['method'] ?? ics.match(/^METHOD:(.+)$/im)?.[1] ?? '').trim().toUpperCase();
}

function firstAddress(from: AddressObject | undefined): string | undefined {
  return from?.value[0]?.address?.toLowerCase();
}

export function toParsedInbound(
  mail: ParsedMail,
  session: Pick<SMTPServerSession, 'envelope'>,
  raw: Buffer,
  connection?: SmtpConnection,
): ParsedInbound {
  const cal = mail.attachments.filter(isCalendar);
  const best = cal.find((a) => /^text\/calendar$/i.test(a.contentType)) ?? cal[0];
  const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined;
  const from = firstAddress(mail.from) ?? envelopeFrom?.toLowerCase();
  const result: ParsedInbound = {
    raw,
    ...(connection ? { connection } : {}),
    to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
    subject: mail.subject ?? '',
    attachments: mail.attachments
      .filter((a) => !isCalendar(a) && !(a.related && a.cid))
      .map((a) => ({ filename: a.filename ?? 'attachment', contentType: a.contentType, content: a.content })),
  };
  if (from) result.from = from;
  const type = mail.headers.get('content-type');
  const automatic = automaticReason(
    mail.headerLines,
    typeof type === 'string' ? type : type && 'value' in type ? String(type.value) : undefined,
    session.envelope.mailFrom ? session.envelope.mailFrom.address : false,
  );
  if (automatic) result.automatic = automatic;
  if (mail.text) result.text = mail.text;
  if (mail.messageId) result.messageId = mail.messageId;
  if (mail.inReplyTo) result.inReplyTo = mail.inReplyTo;
  if (best) {
    const ics = best.content.toString('utf8');
    result.calendar = { method: calendarMethod(best, ics), ics };
  }
  return result;
}

async function readStream(stream: SMTPServerDataStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startInboundSmtp(options: InboundSmtpOptions): Promise<InboundSmtpServer> {
  const log = options.logger.child({ component: 'inbound-smtp' });

  async function handle(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const raw = await readStream(stream);
    if (stream.sizeExceeded) throw new SmtpReply(`Message exceeds the ${options.maxBytes} byte limit`, 552);
    let mail: ParsedMail;
    try {
      mail = await simpleParser(raw, { skipHtmlToText: false });
    } catch (err) {
      log.warn('inbound message could not be parsed', { err, session: session.id, bytes: raw.length });
      throw new SmtpReply('Message could not be parsed', 554);
    }
    const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined;
    const connection: SmtpConnection = {
      ip: session.remoteAddress,
      ...(session.hostNameAppearsAs ? { helo: session.hostNameAppearsAs } : {}),
      ...(mailFrom ? { mailFrom } : {}),
    };
    const parsed = toParsedInbound(mail, session, raw, connection);
    try {
      await options.onMessage(parsed);
    } catch (err) {
      if (err instanceof InboundRefused) {
        log.warn('inbound message refused', { session: session.id, reason: err.message });
        throw new SmtpReply(err.message, 550);
      }
      // A temporary failure here (store down): ask the sender's server to try again later.
      log.error('inbound message handler failed', { err, session: session.id });
      throw new SmtpReply('Temporary failure handling the message, try again later', 451);
    }
    log.info('inbound message accepted', {
      session: session.id,
      attachments: parsed.attachments.length,
      calendar: parsed.calendar?.method ?? null,
    });
  }

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: options.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    size: options.maxBytes,
    logger: false,
    closeTimeout: 2_000,
    banner: 'conference mailbox',
    onMailFrom(address, session, callback) {
      if (options.tls && options.requireTls && !session.secure)
        return callback(Object.assign(new Error('Must issue a STARTTLS command first'), { responseCode: 530 }));
      if (!options.limit) return callback();
      options
        .limit({ ip: session.remoteAddress, ...(address.address ? { mailFrom: address.address.toLowerCase() } : {}) })
        .then(
          (r) => {
            if (r.ok) return callback();
            log.warn('inbound SMTP rate limit reached', { session: session.id });
            callback(
              Object.assign(new Error(`Too many messages: try again in ${r.retryAfterS} seconds`), {
                responseCode: 451,
              }),
            );
          },
          (err: unknown) => {
            // A limiter that cannot be asked lets mail through: losing reports would be worse.
            log.warn('inbound rate limiter unavailable: message let through', { err });
            callback();
          },
        );
    },
    onData(stream, session, callback) {
      handle(stream, session).then(
        () => callback(),
        (err: unknown) => {
          if (!(err instanceof SmtpReply)) log.error('inbound message failed', { err, session: session.id });
          const reply = err instanceof SmtpReply ? err : new SmtpReply('Message could not be processed', 451);
          // Drain anything left so the connection stays in step with the client.
          stream.resume();
          callback(Object.assign(new Error(reply.message), { responseCode: reply.responseCode }));
        },
      );
    },
  });
  server.on('error', (err: Error) => log.error('inbound SMTP server error', { err }));

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.server.once('error', onError);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  log.info('inbound SMTP listening', { port });

  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
