/**
 * A Mailer that writes each message as a complete `.eml` file instead of sending it: for
 * development, demonstrations and deployments where another system picks mail up from a folder.
 * The file name sorts by time and carries the conference reference, never a person's name.
 * Files are CRLF throughout, as on the SMTP wire (RFC 5322 §2.1), so a relay that picks them up
 * sends them as they are.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from '../../infra/logger.ts';
import type { Mailer, OutgoingEmail } from '../../ports.ts';
import { toSendMailOptions, type Sender } from './message.ts';

export interface OutboxMailerOptions {
  /** Created if missing. */
  dir: string;
  from: Sender;
  logger?: Logger;
  /** @defaultValue () => new Date() */
  now?: () => Date;
}

const REFERENCE = /\b[A-Z]{2,6}-\d{4}-\d{2,6}\b/;

/** The reference from an `X-Conference-Reference` header or the subject, else a hash of the recipient. */
export function outboxFileStem(message: OutgoingEmail): string {
  const header = Object.entries(message.headers ?? {}).find(([k]) => k.toLowerCase() === 'x-conference-reference')?.[1];
  const candidate = header?.match(REFERENCE)?.[0] ?? message.subject.match(REFERENCE)?.[0];
  if (candidate) return candidate;
  return `msg-${createHash('sha256').update(message.to.toLowerCase()).digest('hex').slice(0, 12)}`;
}

export function createOutboxMailer(options: OutboxMailerOptions): Mailer {
  // The transport's own `newline` option only changes nodemailer's log line; the same option as a
  // message default (the second argument, typed like the first) is what writes CRLF in bodies too.
  const transport = nodemailer.createTransport(
    { streamTransport: true, buffer: true },
    { streamTransport: true, newline: 'windows' },
  );
  const now = options.now ?? (() => new Date());

  return {
    async send(message: OutgoingEmail) {
      await mkdir(options.dir, { recursive: true });
      const info = await transport.sendMail(toSendMailOptions(message, options.from, now));
      const raw = info.message;
      if (!Buffer.isBuffer(raw)) throw new Error('outbox transport did not return a buffered message');
      const stamp = now().toISOString().replace(/[:.]/g, '-');
      const name = `${stamp}-${outboxFileStem(message)}-${randomBytes(4).toString('hex')}.eml`;
      const path = join(options.dir, name);
      // Write then rename, so a folder watcher never picks up half a message.
      await writeFile(`${path}.tmp`, raw, { mode: 0o600 });
      await rename(`${path}.tmp`, path);
      options.logger?.info('email written to outbox', { file: name, messageId: info.messageId });
      return { messageId: info.messageId };
    },
  };
}
