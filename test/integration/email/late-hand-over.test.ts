import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer } from '../../../src/channels/email/smtp-mailer.ts';
import type { Mailer } from '../../../src/ports.ts';
import { LateHandOverError } from '../../../src/ports/late-hand-over.ts';
import { startSlowSink } from '../../helpers/slow-smtp.ts';

// A batch's claims are made together and its messages wait for a free connection: a message still
// waiting when its claim is too old to trust (another attempt may have taken it over) must not go.
describe('a message that waited past its hand-over deadline', () => {
  let sink: Awaited<ReturnType<typeof startSlowSink>>;
  let mailer: Mailer;
  beforeAll(async () => {
    sink = await startSlowSink(400);
    mailer = createSmtpMailer({
      url: sink.url,
      from: { name: 'Council', address: 'cp@council.example' },
      requireTLS: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 1,
    });
  });
  afterAll(async () => {
    await mailer.close?.();
    await sink.close();
  });

  it('is not sent when no connection was free before the deadline; one whose deadline holds still goes', async () => {
    const message = (to: string, handOverBy?: number) => ({
      to,
      subject: 'CPC-2027-0042: invitation',
      text: 'Hello',
      html: '<p>Hello</p>',
      ...(handOverBy === undefined ? {} : { handOverBy }),
    });
    // The one connection is busy with the first message for 400 ms; the second may start only within 50 ms.
    const first = mailer.send(message('first@example.org'));
    const late = mailer.send(message('late@example.org', Date.now() + 50));
    const patient = mailer.send(message('patient@example.org', Date.now() + 60_000));
    await expect(late).rejects.toBeInstanceOf(LateHandOverError);
    await first;
    await patient;
    expect(sink.accepted.map((m) => m.envelopeTo.join()).sort()).toEqual(['first@example.org', 'patient@example.org']);
  });
});
