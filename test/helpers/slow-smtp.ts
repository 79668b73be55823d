/**
 * An SMTP server that takes `delayMs` to answer each DATA and commits the message before it
 * answers, as a real MTA does: a worker killed while waiting leaves a message that did arrive.
 */
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SlowMessage {
  envelopeTo: string[];
  messageId: string;
  /** The Date header, as an instant. */
  date: string;
  subject: string;
  /** The client had gone (worker killed) before the server answered: the duplicate window. */
  clientGoneBeforeAnswer: boolean;
  /** When the server answered (real ms). */
  at: number;
}

/** Each message waits `delayMs`, plus `staggerMs` more per message already received (answers spread out). */
export async function startSlowSink(delayMs: number, staggerMs = 0) {
  let received = 0;
  const accepted: SlowMessage[] = [];
  let receiving = 0;
  const closed = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onClose(session) {
      closed.add(session.id);
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        receiving++;
        const wait = delayMs + staggerMs * received++;
        const parsed = await simpleParser(Buffer.concat(chunks));
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        setTimeout(() => {
          receiving--;
          accepted.push({
            envelopeTo,
            messageId: parsed.messageId ?? '',
            date: parsed.date?.toISOString() ?? '',
            subject: parsed.subject ?? '',
            clientGoneBeforeAnswer: closed.has(session.id),
            at: Date.now(),
          });
          try {
            cb();
          } catch {
            /* the client is gone */
          }
        }, wait);
      });
    },
  });
  // A client that dies mid-conversation (a killed worker) resets its socket: not a test failure.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    inFlight: () => receiving,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
