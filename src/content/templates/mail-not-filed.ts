/**
 * The coordinator's notice about mail that reached the reports mailbox and was not filed: why, and
 * its sender, subject, size and attachment names, never its content. Under the conference's
 * reference when the mail was proven to be about one (its author has been told what to put right).
 */
import { paragraphHtml } from '../escape.ts';
import type { RenderedEmail } from './layout.ts';

const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

export function mailNotFiled(input: {
  /** The conference the mail was proven to be about, if any. */
  reference?: string;
  reason: string;
  /** Sender, subject and attachment names as they may be quoted: one line each, already shortened. */
  from: string;
  subject: string;
  attachmentNames: string[];
  sizeBytes: number;
  /**
   * Whether the message stays in a mailbox someone can open (Gmail, Exchange). Mail the service
   * took over SMTP itself is kept nowhere, so the coordinator is not sent to look for it.
   */
  kept: boolean;
}): RenderedEmail {
  const names = input.attachmentNames;
  const where = input.kept
    ? 'Its content has not been forwarded; it is still in the reports mailbox if you need it.'
    : 'Its content has not been forwarded, and this service does not keep it: if you need it, ask the sender to send it again, to the reply address in their report request or quoting the conference reference.';
  const lines = [
    input.reference
      ? `A message for ${input.reference} from one of its attendees reached the reports mailbox and was not filed (${input.reason}). They have been told what to put right. ${where}`
      : `A message reached the reports mailbox and was not filed (${input.reason}). ${where}`,
    `From: ${input.from}`,
    `Subject: ${input.subject}`,
    `Size: ${sizeText(input.sizeBytes)}`,
    `Attachments: ${names.length ? names.join(', ') : 'none'}`,
  ];
  return {
    subject: input.reference ? `${input.reference}: a reply was not filed` : 'Reports mailbox: a message was not filed',
    text: lines.join('\n'),
    html: lines.map(paragraphHtml).join(''),
  };
}
