/**
 * OutgoingEmail → nodemailer SendMailOptions, shared by the SMTP and outbox mailers so both put
 * exactly the same message on the wire.
 */
import { randomUUID } from 'node:crypto';
import type { SendMailOptions } from 'nodemailer';
import MimeNode from 'nodemailer/lib/mime-node/index.js';
import { ValidationError } from '../../domain/errors.ts';
import type { EmailAttachment, OutgoingEmail } from '../../ports.ts';

export type Sender = string | { name: string; address: string };

/** Headers the caller may not set: recipients come only from `to`, and nodemailer owns the MIME ones. */
const RESERVED_HEADERS = new Set([
  'to',
  'cc',
  'bcc',
  'from',
  'reply-to',
  'message-id',
  'subject',
  'content-type',
  'mime-version',
]);

const SINGLE_ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

/** The one recipient, checked: a list would show every attendee each other's address. */
export function singleRecipient(to: string): string {
  const address = to.trim();
  if (!SINGLE_ADDRESS.test(address)) {
    throw new ValidationError('An email goes to exactly one recipient', [
      { field: 'to', message: 'expected one plain email address (no lists, no display names)' },
    ]);
  }
  return address;
}

/** `<local@domain>` form; a bare id gets a domain taken from the sender's address. */
export function normaliseMessageId(id: string, from: Sender): string {
  const bare = id.trim().replace(/^<|>$/g, '');
  if (bare.includes('@')) return `<${bare}>`;
  const address = typeof from === 'string' ? from : from.address;
  const domain = address.replace(/^.*@/, '').replace(/>.*$/, '') || 'localhost';
  return `<${bare}@${domain}>`;
}

/** Message-ID used when the caller gives none: random, so two sends never collide. */
export function randomMessageId(from: Sender): string {
  return normaliseMessageId(randomUUID(), from);
}

/** `now` stamps the Date header from the business clock (a simulated day in the demo shows its own date). */
export function toSendMailOptions(message: OutgoingEmail, defaultFrom: Sender, now?: () => Date): SendMailOptions {
  // The policy's single sender mailbox when the message names one.
  const from: Sender = message.from ?? defaultFrom;
  const headers: Record<string, string> = {
    // Marks the bot's mail as automatic so out-of-office replies are not sent back to the mailbox.
    'Auto-Submitted': 'auto-generated',
    'X-Auto-Response-Suppress': 'OOF, AutoReply',
  };
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (RESERVED_HEADERS.has(name.toLowerCase())) {
      throw new ValidationError('Header not allowed', [
        { field: `headers.${name}`, message: 'set through the message fields instead' },
      ]);
    }
    if (/[\r\n]/.test(value)) {
      throw new ValidationError('Header not allowed', [{ field: `headers.${name}`, message: 'must be one line' }]);
    }
    headers[name] = value;
  }
  const options: SendMailOptions = {
    from,
    to: singleRecipient(message.to),
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers,
    messageId: message.messageId ? normaliseMessageId(message.messageId, from) : randomMessageId(from),
  };
  if (message.date) options.date = message.date;
  else if (now) options.date = now();
  if (message.replyTo) options.replyTo = singleRecipient(message.replyTo);
  if (message.icalEvent) {
    // nodemailer writes this as the text/calendar alternative (with the method parameter) and an
    // invite.ics copy for clients that only read attachments: no calendar attachment of our own.
    options.icalEvent = {
      method: message.icalEvent.method,
      content: message.icalEvent.content,
      filename: message.icalEvent.filename ?? (message.icalEvent.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics'),
    };
  }
  if (message.attachments?.length) options.attachments = message.attachments.map(mimeAttachment);
  // Every value nodemailer would choose an encoding for: body parts (a typed Buffer goes raw, above),
  // and header words that need encoding at all (plain printable ASCII is written as it is).
  const words = [message.subject, typeof from === 'string' ? '' : from.name, ...Object.values(headers)];
  const bodies = [
    message.text,
    message.html,
    message.icalEvent?.content,
    ...(message.attachments ?? []).filter((a) => !isRaw(a)).map((a) => a.content.toString()),
  ];
  if (bodies.every(prefersQuotedPrintable) && words.every((w) => PLAIN_HEADER.test(w) || prefersQuotedPrintable(w)))
    options.textEncoding = 'quoted-printable';
  return options;
}

/**
 * Whether nodemailer would pick quoted-printable for this text (fewer control and non-ASCII
 * characters than Latin letters; its `_getTextEncoding`). It decides by matching the whole text
 * twice with global regular expressions, one array entry per letter: for a decision letter's text
 * and HTML that was about 5% of a fan-out's CPU. Counted here in one pass and, when every body part
 * would be quoted-printable anyway, told to it (`textEncoding`), so it does not count again: the
 * same bytes on the wire. Otherwise it still decides for itself.
 */
export function prefersQuotedPrintable(text: string | undefined): boolean {
  if (text === undefined) return true;
  let latin = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) latin++;
    else if (c >= 0x80 || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)) other++;
  }
  return other < latin;
}

const PLAIN_HEADER = /^[\x20-\x7e\t]*$/;

/** Without a type nodemailer guesses one from the name, and a message/rfc822 part goes 8bit: left to it. */
const isRaw = (a: EmailAttachment): a is EmailAttachment & { content: Buffer; contentType: string } =>
  Buffer.isBuffer(a.content) && !!a.contentType && !/^message\//i.test(a.contentType);

/** Encoded parts by the very Buffer they encode: a fan-out hands the same PDF to every recipient. */
const encodedParts = new WeakMap<Buffer, Map<string, string>>();

/**
 * An attachment as nodemailer takes it. A Buffer's MIME part (headers and base64, built with
 * nodemailer's own MimeNode, so the bytes on the wire are the ones nodemailer would write) is
 * encoded once per Buffer and filename and handed over `raw`: the decision PDF that goes to 30
 * recipients is base64-encoded once, not 30 times.
 */
function mimeAttachment(a: EmailAttachment): NonNullable<SendMailOptions['attachments']>[number] {
  if (!isRaw(a))
    return { filename: a.filename, content: a.content, ...(a.contentType ? { contentType: a.contentType } : {}) };
  const type = a.contentType;
  const parts = encodedParts.get(a.content) ?? new Map<string, string>();
  encodedParts.set(a.content, parts);
  const id = `${type}\n${a.filename}`;
  let raw = parts.get(id);
  if (raw === undefined) {
    const node = new MimeNode('multipart/mixed').createChild(type, { filename: a.filename });
    node.setHeader('Content-Transfer-Encoding', 'base64');
    node.setHeader('Content-Disposition', 'attachment');
    raw = `${node.buildHeaders()}\r\n\r\n${(a.content.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n')}`;
    parts.set(id, raw);
  }
  return { raw };
}
