/**
 * The benches' mail sink: a local SMTP server that accepts every message and hands its header
 * (folded lines unfolded) to `onHeader`. A client that dies mid-conversation (a killed worker)
 * resets its socket: not a bench failure.
 */
import { SMTPServer } from 'smtp-server';

export interface MailSink {
  port: number;
  close(): Promise<void>;
}

export async function startMailSink(onHeader: (head: string) => void): Promise<MailSink> {
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _s, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        onHeader(
          Buffer.concat(chunks)
            .toString('latin1')
            .split(/\r?\n\r?\n/)[0]!
            .replace(/\r?\n[ \t]+/g, ' '),
        );
        cb();
      });
    },
  });
  smtp.on('error', () => {});
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  return {
    port: (smtp.server.address() as { port: number }).port,
    close: () => new Promise<void>((r) => smtp.close(() => r())),
  };
}
