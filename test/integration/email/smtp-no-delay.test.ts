import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSmtpMailer } from '../../../src/channels/email/smtp-mailer.ts';
import type { Mailer } from '../../../src/ports.ts';
import { startCaptureServer } from './smtp-capture.ts';

// #23: with Nagle's algorithm on, every message on a pooled connection waited ~40 ms for the
// server's delayed acknowledgement before its last line went (bench/smtp-latency.ts).
describe('SMTP connections send each write at once', () => {
  let server: Awaited<ReturnType<typeof startCaptureServer>>;
  let mailer: Mailer;
  const calls: { remotePort: number | undefined; noDelay: boolean | undefined }[] = [];

  beforeAll(async () => {
    server = await startCaptureServer();
    const setNoDelay = net.Socket.prototype.setNoDelay;
    const spy = vi.spyOn(net.Socket.prototype, 'setNoDelay').mockImplementation(function (this: net.Socket, on) {
      calls.push({ remotePort: this.remotePort, noDelay: on });
      return setNoDelay.call(this, on);
    });
    mailer = createSmtpMailer({
      url: `smtp://127.0.0.1:${server.port}`,
      from: { name: 'Council', address: 'cp@council.example' },
      requireTLS: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 2,
    });
    await Promise.all(
      ['a', 'b', 'c'].map((x) =>
        mailer.send({
          to: `${x}@example.org`,
          subject: 'CPC-2027-0042: decision',
          text: 'Hello',
          html: '<p>Hello</p>',
        }),
      ),
    );
    spy.mockRestore();
  });
  afterAll(async () => {
    await mailer.close?.();
    await server.close();
  });

  it('turns Nagle off on every connection to the relay, and the messages arrive whole', () => {
    const toRelay = calls.filter((c) => c.remotePort === server.port);
    expect(toRelay.length).toBeGreaterThanOrEqual(1);
    expect(toRelay.every((c) => c.noDelay === true)).toBe(true);
    expect(server.messages.map((m) => m.rcptTo[0]).sort()).toEqual(['a@example.org', 'b@example.org', 'c@example.org']);
    expect(server.messages.every((m) => m.mail.text?.trim() === 'Hello')).toBe(true);
  });
});
