/**
 * Redaction of personal data from free text (error messages, log lines), and what the worker
 * hands BullMQ when a job fails: the same error class, the reason redacted and encrypted.
 */
import { randomBytes } from 'node:crypto';
import { UnrecoverableError, type Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { readFailureReason, sealFailure } from '../../jobs/failure-reason.ts';
import { createProcessor } from '../../jobs/worker.ts';
import { SendInProgressError } from '../../src/app/shared/deliver.ts';
import { StepCannotSucceedError } from '../../src/ports/jobs.ts';
import { createLogger, silentLogger } from '../../src/infra/logger.ts';
import { redactFields, redactPersonalData } from '../../src/infra/redact.ts';
import { DataCipher } from '../../src/infra/data-cipher.ts';

describe('redactPersonalData', () => {
  it('removes email addresses, wherever and however they are written', () => {
    expect(
      redactPersonalData(
        "Can't send mail - all recipients were rejected: 550 5.1.1 <jane.smith@example.org>: Recipient address rejected",
      ),
    ).toBe("Can't send mail - all recipients were rejected: 550 5.1.1 <[email]>: Recipient address rejected");
    for (const address of [
      'jade@family.example.com',
      'Jane.Smith+cpc@NHS.example.net',
      "o'brien@example.co.uk",
      'jané@exämple.de',
      'root@localhost',
      'user@[192.0.2.1]',
      '"jane smith"@example.org',
    ])
      expect(redactPersonalData(`to ${address}, refused`), address).toBe('to [email], refused');
    // A bounce address that encodes the recipient (VERP) and the percent-encoded form in a URL.
    expect(redactPersonalData('from bounce+jade=family.example.com@lists.example.org')).toBe('from [email]');
    expect(redactPersonalData('GET /unsubscribe?u=jade%40family.example.com&x=1')).not.toContain('jade');
  });

  it('removes the display name in front of an address, and phone numbers', () => {
    expect(redactPersonalData('550 "Jade Testfamily" <jade@family.example.com>: unknown')).toBe(
      '550 [name] <[email]>: unknown',
    );
    expect(redactPersonalData('rejected: Jade Testfamily <jade@family.example.com>')).toBe(
      'rejected: [name] <[email]>',
    );
    for (const phone of [
      '+44 20 7946 0018',
      '+44 (0)20 7946 0018',
      '020 7946 0018',
      '(020) 7946-0018',
      '07700 900123',
      '07700900123',
      '+447700900123',
    ])
      expect(redactPersonalData(`call ${phone}.`), phone).toBe('call [phone].');
  });

  it('leaves what a coordinator needs to act on: codes, hosts, ids, times', () => {
    for (const text of [
      'connect ECONNREFUSED 127.0.0.1:587',
      '421 4.7.0 Try again later, closing connection',
      'job conf-q0a1b2c3d4e5-report-request-a3-v2 failed at 2027-01-04T10:00:00.000Z (1767225600000)',
      'invalid job payload: conferenceId: expected a conference id',
      'meeting on 04-01-2027 10:00 via graph.microsoft.com, bullmq@6.7.0',
      'send report-request-a3-v1 is claimed by another attempt; will retry when its lease ends',
    ])
      expect(redactPersonalData(text)).toBe(text);
  });

  it('redactFields works through nested log fields and leaves non-plain objects alone', () => {
    const date = new Date(0);
    expect(redactFields({ reason: 'no <a@b.example>', n: 3, nested: { list: ['x@y.example', 'ok'] }, date })).toEqual({
      reason: 'no <[email]>',
      n: 3,
      nested: { list: ['[email]', 'ok'] },
      date,
    });
  });
});

describe('logger', () => {
  it('redacts addresses from the message, every string field and err.message', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l), base: { proc: 'web' } }).child({ who: 'x@y.example' });
    log.warn('sent to jade@family.example.com', {
      reason: '550 <jade@family.example.com>: rejected',
      response: { text: 'jade@family.example.com' },
      err: new Error('refused jade@family.example.com'),
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('@');
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({
      msg: 'sent to [email]',
      proc: 'web',
      who: '[email]',
      reason: '550 <[email]>: rejected',
      err: { name: 'Error', message: 'refused [email]' },
    });
  });
});

describe('job failures as BullMQ stores them', () => {
  const cipher = new DataCipher(randomBytes(32));
  const refusal =
    "Can't send mail - all recipients were rejected: 550 5.1.1 <jade@family.example.com>: Recipient address rejected";

  it('seals an error in place: same object and class, message encrypted, stack without the message', () => {
    const err = new Error(refusal);
    const sealed = sealFailure(err, cipher);
    expect(sealed).toBe(err);
    expect(sealed.message).toMatch(/^v1:/);
    expect(sealed.stack).toMatch(/^Error: \(reason withheld from the stack\)\n {4}at /);
    expect(sealed.stack).not.toContain('@family');
    expect(readFailureReason(sealed.message, cipher)).toBe(
      "Can't send mail - all recipients were rejected: 550 5.1.1 <[email]>: Recipient address rejected",
    );
    expect(sealFailure(sealed, cipher).message).toBe(sealed.message); // sealing twice changes nothing
    // A thrown non-Error becomes an Error.
    expect(readFailureReason(sealFailure('jade@family.example.com said no', cipher).message, cipher)).toBe(
      '[email] said no',
    );
  });

  it('reads a reason stored before (plain, redacted on display), without a key, or with the wrong key', () => {
    expect(readFailureReason(refusal, cipher)).not.toContain('jade@');
    expect(readFailureReason('job stalled more than allowable limit', cipher)).toBe(
      'job stalled more than allowable limit',
    );
    expect(readFailureReason(undefined, cipher)).toBe('');
    const stored = cipher.encrypt('x');
    expect(readFailureReason(stored, undefined)).toBe('(reason encrypted)');
    expect(readFailureReason(stored, new DataCipher(randomBytes(32)))).toMatch(/could not be decrypted/);
  });

  it('createProcessor keeps the error class BullMQ decides retries on', async () => {
    const run = (
      thrown: Error,
      data: unknown = {
        conferenceId: 'abc123def456',
        version: 1,
        step: 'report-request',
        attendeeId: 'a3',
        runAt: '2027-01-04T10:00:00Z',
      },
    ) =>
      createProcessor(
        async () => {
          throw thrown;
        },
        silentLogger,
        { cipher },
      )({ id: 'conf-abc123def456-report-request-a3-v1', data } as Job).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    const busy = await run(new SendInProgressError('report-request-a3-v1'));
    expect(busy).toBeInstanceOf(SendInProgressError);
    expect(busy!.name).toBe('SendInProgressError');
    expect(readFailureReason(busy!.message, cipher)).toMatch(/claimed by another attempt/);
    const fatal = await run(new UnrecoverableError('no such conference'));
    expect(fatal).toBeInstanceOf(UnrecoverableError);
    // A step that can never succeed is not retried either, and says why.
    const hopeless = await run(new StepCannotSucceedError('unknown meeting provider "zoom"'));
    expect(hopeless).toBeInstanceOf(UnrecoverableError);
    expect(readFailureReason(hopeless!.message, cipher)).toBe('unknown meeting provider "zoom"');
    expect(fatal!.message).toMatch(/^v1:/);
    const invalid = await run(new Error('not reached'), {
      conferenceId: 'NOT VALID',
      version: 1,
      step: 'report-request',
      runAt: '2027-01-04T10:00:00Z',
    });
    expect(invalid).toBeInstanceOf(UnrecoverableError);
    expect(readFailureReason(invalid!.message, cipher)).toMatch(/^invalid job payload: conferenceId/);
  });
});
