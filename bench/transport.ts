/**
 * The transport's own ceiling: the very messages our service rendered, handed straight to the same
 * pooled nodemailer transport (built by the same buildMailer from the same Config) and sent to the
 * same SMTP sink, all at once. No store, no ledger, no queue, no rendering: what our end-to-end rate
 * is measured against.
 */
import type { Config } from '../src/config.ts';
import { createLogger } from '../src/infra/logger.ts';
import { systemClock } from '../src/infra/clock.ts';
import type { Mailer, OutgoingEmail } from '../src/ports.ts';
import { buildMailer } from '../src/runtime/build-mailer.ts';

/** Wraps a runtime's mailer so every message it sends is also kept (for the ceiling run). */
export function recordSent(deps: { mailer: Mailer }): OutgoingEmail[] {
  const sent: OutgoingEmail[] = [];
  const inner = deps.mailer;
  deps.mailer = {
    send: async (m) => {
      const r = await inner.send(m);
      // Without its hand-over deadline: the ceiling sends it again later, as fast as it can.
      const { handOverBy, ...again } = m;
      void handOverBy;
      sent.push(again);
      return r;
    },
    ...(inner.close ? { close: () => inner.close!() } : {}),
  };
  return sent;
}

export interface TransportRun {
  messages: number;
  perSecond: number;
  seconds: number;
}

/**
 * A transport kept open across rounds (as our runtime's mailer is): each `send` hands the messages
 * over all at once and is counted when the sink (`accepted`) has them all, as our own figure is.
 */
export function startTransport(config: Config): {
  send(messages: readonly OutgoingEmail[], accepted: () => number): Promise<TransportRun>;
  close(): Promise<void>;
} {
  const mailer = buildMailer(config, createLogger({ level: 'error' }), systemClock);
  return {
    async send(messages, accepted) {
      const before = accepted();
      const t0 = performance.now();
      await Promise.all(messages.map((m) => mailer.send(m)));
      while (accepted() - before < messages.length) await new Promise((r) => setTimeout(r, 2));
      const seconds = (performance.now() - t0) / 1000;
      return { messages: messages.length, perSecond: messages.length / seconds, seconds };
    },
    close: async () => mailer.close?.(),
  };
}

/** One run through a transport of its own, opened for it and closed after. */
export async function transportCeiling(
  config: Config,
  messages: readonly OutgoingEmail[],
  accepted: () => number,
): Promise<TransportRun> {
  const transport = startTransport(config);
  try {
    return await transport.send(messages, accepted);
  } finally {
    await transport.close();
  }
}
