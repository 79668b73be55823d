/**
 * OutgoingEmail → nodemailer SendMailOptions, shared by the SMTP and outbox mailers so both put
 * exactly the same message on the wire.
 */
import { randomUUID } from 'node:crypto';
import type { SendMailOptions } from 'nodemailer';
import type { AttachmentLike } from 'nodemailer/lib/mailer/index.js';
import MimeNode from 'nodemailer/lib/mime-node/index.js';
import qp from 'nodemailer/lib/qp/index.js';
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
  if (bodies.every(prefersQuotedPrintableOnce) && words.every((w) => PLAIN_HEADER.test(w) || prefersQuotedPrintable(w)))
    options.textEncoding = 'quoted-printable';
  // An empty body is no part at all (nodemailer skips it), so only a non-empty one is built here.
  if (message.text) options.text = encodedText(TEXT_PLAIN, message.text, options.textEncoding);
  if (message.html) options.html = encodedText(TEXT_HTML, message.html, options.textEncoding);
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

const TEXT_PLAIN = 'text/plain; charset=utf-8';
const TEXT_HTML = 'text/html; charset=utf-8';

/**
 * Body texts already looked at, by the text itself: whether it prefers quoted-printable, and its
 * MIME part (headers and encoded body) per content type and encoding. A fan-out hands the same
 * letter text to every reader of the same copy, so it is counted and encoded once, not once per
 * recipient. Keyed by the whole text, so a changed letter (a reschedule, a correction) is simply
 * another entry, never a stale one; bounded, oldest dropped first.
 */
const seenTexts = new Map<string, { qp: boolean; parts: Map<string, string> }>();
/** Distinct texts kept (a decision's text and HTML per copy, for a few fan-outs at once). @defaultValue 64 */
export const TEXT_PARTS_KEPT = 64;

function seen(text: string): { qp: boolean; parts: Map<string, string> } {
  let entry = seenTexts.get(text);
  if (!entry) {
    entry = { qp: prefersQuotedPrintable(text), parts: new Map() };
    seenTexts.set(text, entry);
    for (const oldest of seenTexts.keys()) {
      if (seenTexts.size <= TEXT_PARTS_KEPT) break;
      seenTexts.delete(oldest);
    }
  }
  return entry;
}

const prefersQuotedPrintableOnce = (text: string | undefined): boolean =>
  text === undefined || text.length < 256 ? prefersQuotedPrintable(text) : seen(text).qp;

/**
 * A text or HTML body as the MIME part nodemailer writes for it, handed over `raw`: its headers
 * from nodemailer's own MimeNode (given the encoding nodemailer would be given), and for a
 * quoted-printable body the text through nodemailer's own encoder and line wrapping, as its stream
 * encodes a body that arrives in one chunk, which a string body always does. The bytes on the wire
 * are the same (mime-attachment.test.ts). Anything else (base64, 7bit) is left to nodemailer.
 */
function encodedText(
  type: string,
  text: string,
  textEncoding: SendMailOptions['textEncoding'],
): string | AttachmentLike {
  const parts = seen(text).parts;
  const id = `${type}\n${textEncoding ?? ''}`;
  let raw = parts.get(id);
  if (raw === undefined) {
    // MimeNode reads only the first letter of the encoding's name, as nodemailer passes it on.
    const letter = textEncoding === 'quoted-printable' ? 'Q' : textEncoding === 'base64' ? 'B' : undefined;
    const node = new MimeNode('multipart/alternative').createChild(type, letter ? { textEncoding: letter } : {});
    node.setContent(text);
    raw =
      node.getTransferEncoding() === 'quoted-printable'
        ? `${node.buildHeaders()}\r\n\r\n${qp.wrap(qp.encode(text), 76)}`
        : '';
    parts.set(id, raw);
  }
  // nodemailer takes `raw` for a body as for an attachment; its types list only content and path.
  return raw ? ({ raw } as AttachmentLike) : text;
}

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
