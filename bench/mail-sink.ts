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

/** Where the header ends (the first empty line, CRLF or bare LF), or -1 while there is none yet. */
export function headerEnd(data: Buffer): number {
  for (let lf = data.indexOf(0x0a); lf !== -1; lf = data.indexOf(0x0a, lf + 1)) {
    const next = data[lf + 1] === 0x0d ? lf + 2 : lf + 1;
    if (next >= data.length) return -1;
    if (data[next] === 0x0a) return data[lf - 1] === 0x0d ? lf - 1 : lf;
  }
  return -1;
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
      // Only the header is kept: the rest (most of it a PDF in base64) is read and dropped, so the
      // sink spends no more CPU than it must beside the processes being measured.
      let head: Buffer = Buffer.alloc(0);
      let end = -1;
      if (onHeader)
        stream.on('data', (c: Buffer) => {
          if (end !== -1) return;
          head = Buffer.concat([head, c]);
          end = headerEnd(head);
        });
      else stream.resume();
      stream.on('end', () => {
        accepted++;
        dataMs += performance.now() - t;
        onHeader?.(
          head
            .subarray(0, end === -1 ? head.length : end)
            .toString('latin1')
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
