/**
 * The SMTP hand-over window: a worker that dies after the mail server took a message but before the
 * ledger recorded it leaves a claim whose lease runs out; the retry sends again. That repeat must be
 * exact — the first copy's Message-ID and Date — so mail stores that detect duplicates (Exchange:
 * Internet Message-ID and submit time; Gmail: Message-ID) show the recipient one message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../../src/app/deps.ts';
import { deliverEmail } from '../../../src/app/shared/deliver.ts';
import { createSmtpMailer } from '../../../src/channels/email/smtp-mailer.ts';
import { silentLogger } from '../../../src/infra/logger.ts';
import type { Mailer } from '../../../src/ports.ts';
import { RedisSendLedger } from '../../../src/storage/redis-ledger.ts';
import { FakeClock } from '../../helpers/clock.ts';
import { makeConference } from '../../helpers/fixtures.ts';
import { testRedis, type TestRedis } from '../../helpers/redis.ts';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.ts';

let sink: SmtpSink;
let r: TestRedis;
beforeAll(async () => {
  sink = await startSmtpSink();
  r = testRedis();
});
afterAll(async () => {
  await sink.close();
  await r.cleanup();
});

describe('a re-send after a worker died mid-hand-over', () => {
  it('repeats the first copy exactly: same Message-ID and the first attempt’s Date, even an hour later', async () => {
    const business = new FakeClock('2027-01-04T09:00:00.000Z');
    const lease = new FakeClock('2027-01-04T09:00:00.000Z');
    const ledger = new RedisSendLedger({ redis: r.redis, prefix: r.prefix, clock: business, leaseClock: lease });
    const smtp = createSmtpMailer({
      url: sink.url,
      from: 'cp@council.example.gov.uk',
      requireTLS: false,
      ignoreTLS: true,
      pool: true,
    });
    // The dying worker: the server takes the message, then the process is gone before it records it.
    const dying: Mailer = { send: async (m) => (await smtp.send(m), new Promise<never>(() => {})) };
    const deps = (mailer: Mailer) =>
      ({
        ledger,
        mailer,
        logger: silentLogger,
        clock: business,
        settings: { sendLeaseMs: 30_000 },
      }) as unknown as AppDeps;
    const conference = makeConference();
    const send = (mailer: Mailer) =>
      deliverEmail(deps(mailer), conference, {
        step: 'send-invites',
        recipient: 'a3',
        message: {
          to: 'hv@nhs.example.org',
          subject: `Invitation ${conference.reference}`,
          text: 'Hello',
          html: '<p>Hello</p>',
        },
      });

    void send(dying);
    await sink.waitFor(1);
    expect((await ledger.list(conference.id))['send-invites-a3-v1']?.state).toBe('sending');

    // Its lease runs out; the job is retried an hour later by another worker.
    lease.advance(31_000);
    business.advance(3600_000);
    expect(await send(smtp)).toBe('sent');
    await sink.waitFor(2);
    expect(await send(smtp)).toBe('already-sent');

    const [first, repeat] = sink.messages;
    expect(repeat!.parsed.messageId).toBe(first!.parsed.messageId);
    expect(first!.parsed.date?.toISOString()).toBe('2027-01-04T09:00:00.000Z');
    expect(repeat!.parsed.date?.toISOString()).toBe('2027-01-04T09:00:00.000Z');
    const dateHeader = (m: typeof first) => /^Date: (.+)$/m.exec(m!.raw.toString('latin1'))?.[1];
    expect(dateHeader(repeat)).toBe(dateHeader(first));
    expect(sink.messages).toHaveLength(2);
    await smtp.close?.();
  });
});
