/**
 * The benches' and the chaos suite's mail sink: a local SMTP server that accepts every message (or
 * refuses recipients with 451 while told to). It hands each message's header (folded lines
 * unfolded) and envelope recipients to `onHeader`, or, without it, only counts: the body is then
 * not read. A client that dies mid-conversation (a killed worker) resets its socket: not a failure.
 */
import { SMTPServer } from 'smtp-server';

export interface MailSink {
  port: number;
  /** Messages accepted so far. */
  readonly accepted: number;
  /** Time spent receiving messages' data, in milliseconds (before any `delayMs`). */
  readonly dataMs: number;
  close(): Promise<void>;
}

export interface MailSinkOptions {
  onHeader?: (head: string, to: string[]) => void;
  /** Answers each message's data this much later: a slow relay. */
  delayMs?: number;
  /** Refuses each recipient with 451 (try again later) while it returns true. */
  refuse?: () => boolean;
}

export async function startMailSink(options: MailSinkOptions | ((head: string) => void) = {}): Promise<MailSink> {
  const { onHeader, delayMs = 0, refuse } = typeof options === 'function' ? { onHeader: options } : options;
  let accepted = 0;
  let dataMs = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_a, _s, cb) {
      if (refuse?.()) return cb(Object.assign(new Error('try again later'), { responseCode: 451 }));
      cb();
    },
    onData(stream, session, cb) {
      const t = performance.now();
      const chunks: Buffer[] = [];
      if (onHeader) stream.on('data', (c: Buffer) => chunks.push(c));
      else stream.resume();
      stream.on('end', () => {
        accepted++;
        dataMs += performance.now() - t;
        onHeader?.(
          Buffer.concat(chunks)
            .toString('latin1')
            .split(/\r?\n\r?\n/)[0]!
            .replace(/\r?\n[ \t]+/g, ' '),
          session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
        );
        if (delayMs) setTimeout(cb, delayMs);
        else cb();
      });
    },
  });
  smtp.on('error', () => {});
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  return {
    port: (smtp.server.address() as { port: number }).port,
    get accepted() {
      return accepted;
    },
    get dataMs() {
      return dataMs;
    },
    close: () => new Promise<void>((r) => smtp.close(() => r())),
  };
}
