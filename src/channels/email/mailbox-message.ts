/**
 * A message read from a mailbox through an API (Gmail, Microsoft Graph) rather than received over
 * SMTP: parsed exactly like inbound SMTP mail, with the recipients taken from its headers since
 * there is no SMTP envelope.
 */
import { simpleParser } from 'mailparser';
import { toParsedInbound, type ParsedInbound } from './inbound-server.ts';

/** The raw message could not be read as email at all; retrying will not help. */
export class UnreadableMessageError extends Error {
  override name = 'UnreadableMessageError';
}

const RECIPIENT_HEADERS = ['to', 'cc', 'delivered-to', 'x-original-to'];

/** Every address in the recipient headers, lower-cased: a per-attendee reply token lives in one of them. */
export function headerRecipients(raw: { headerLines: ReadonlyArray<{ key: string; line: string }> }): string[] {
  const out = new Set<string>();
  for (const h of raw.headerLines) {
    if (!RECIPIENT_HEADERS.includes(h.key.toLowerCase())) continue;
    for (const m of h.line.matchAll(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g)) out.add(m[0].toLowerCase());
  }
  return [...out];
}

/** Raw RFC 822 bytes to what the inbound handler takes; throws UnreadableMessageError if mailparser gives up. */
export async function parseMailboxMessage(raw: Buffer): Promise<ParsedInbound> {
  let mail;
  try {
    mail = await simpleParser(raw);
  } catch (err) {
    throw new UnreadableMessageError(
      `message could not be parsed: ${err instanceof Error ? err.name : 'unknown error'}`,
    );
  }
  const envelope = {
    mailFrom: false as const,
    rcptTo: headerRecipients(mail).map((address) => ({ address, args: false as const })),
  };
  return toParsedInbound(mail, { envelope }, raw);
}

/** A mailbox poller: one poll at a time, on a timer that does not keep the process alive. */
export interface MailboxPoller {
  pollOnce(): Promise<number>;
  close(): Promise<void>;
}

/** Runs `poll` every `intervalMs` (and on demand), never two at once; a failed poll is logged and the next one tries again. */
export function startPolling(
  poll: () => Promise<number>,
  intervalMs: number,
  onError: (err: unknown) => void,
): MailboxPoller {
  let running: Promise<number> | undefined;
  const pollOnce = () => (running ??= poll().finally(() => (running = undefined)));
  const timer = setInterval(() => void pollOnce().catch(onError), intervalMs);
  timer.unref();
  return {
    pollOnce,
    close: async () => {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
