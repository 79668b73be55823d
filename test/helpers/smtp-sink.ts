/** A real SMTP server in-process that keeps every message it accepts, parsed with mailparser. */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  url: string;
  port: number;
  messages: { envelopeTo: string[]; raw: Buffer; parsed: ParsedMail }[];
  /** While set, every RCPT is refused with 451 (temporary failure). */
  refuse: boolean;
  /**
   * A refusal of one recipient, worded as the function returns it; undefined accepts. Its code is
   * the reply's own when it starts with one ("451 4.2.1 mailbox busy": temporary), else 550 (for good).
   */
  refuseRecipient?: (address: string) => string | undefined;
  /** Every recipient refused by `refuseRecipient`, in order: how often the mail server was asked. */
  refused: { address: string; code: number }[];
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const sink = { messages: [] as SmtpSink['messages'], refuse: false, refused: [] as SmtpSink['refused'] } as SmtpSink;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (sink.refuse) return cb(Object.assign(new Error('try again later'), { responseCode: 451 }));
      const refusal = sink.refuseRecipient?.(address.address);
      if (refusal) {
        const code = Number(/^([45]\d\d)\b/.exec(refusal)?.[1] ?? 550);
        sink.refused.push({ address: address.address, code });
        return cb(Object.assign(new Error(refusal), { responseCode: code }));
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        sink.messages.push({
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          raw,
          // No tests read `textAsHtml` or inline images: skipping them halves the parse (every message of every test).
          parsed: await simpleParser(raw, { skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true }),
        });
        cb();
      });
    },
  });
  // A client that dies mid-conversation (a killed worker) resets its socket: not a test failure.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  sink.port = port;
  sink.url = `smtp://127.0.0.1:${port}`;
  sink.waitFor = async (count, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (sink.messages.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${sink.messages.length}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}
