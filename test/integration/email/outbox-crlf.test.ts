/**
 * A relay that picks up the outbox folder sends the files as they are, so they must be what the
 * SMTP wire carries: CRLF after every line, in headers and in every body part (RFC 5322 §2.1),
 * with no bare LF or CR anywhere.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, expect, it } from 'vitest';
import { createOutboxMailer } from '../../../src/channels/email/outbox-transport.ts';

let dir = '';
afterAll(() => rm(dir, { recursive: true, force: true }));

it('an outbox .eml is CRLF throughout: headers, text, HTML, calendar part and text attachments', async () => {
  dir = await mkdtemp(join(tmpdir(), 'cpc-outbox-crlf-'));
  const mailer = createOutboxMailer({
    dir,
    from: 'cp-invites@council.example',
    now: () => new Date('2027-06-01T08:30:00.000Z'),
  });
  const text = 'Dear parent,\n\nThe meeting is on Monday 7 June 2027.\nIt starts at 10:00.\n\nThe coordinator';
  await mailer.send({
    to: 'parent@mail.example',
    subject: 'Meeting CPC-2027-0042',
    text,
    html: '<p>Dear parent,</p>\n<p>The meeting is on Monday.</p>\n',
    icalEvent: { method: 'REQUEST', content: 'BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nEND:VCALENDAR\n' },
    attachments: [{ filename: 'notes.txt', content: 'one\ntwo\n', contentType: 'text/plain' }],
  });
  const [file] = await readdir(dir);
  const raw = (await readFile(join(dir, file!))).toString('latin1');

  expect(raw.match(/(?<!\r)\n/g) ?? [], 'bare LF').toEqual([]);
  expect(raw.match(/\r(?!\n)/g) ?? [], 'bare CR').toEqual([]);
  expect(raw.endsWith('\r\n')).toBe(true);
  // The body's own line breaks became CRLF (not only the headers'), and nothing else changed.
  expect(raw).toContain('The meeting is on Monday 7 June 2027.\r\nIt starts at 10:00.\r\n\r\nThe coordinator');
  const mail = await simpleParser(Buffer.from(raw, 'latin1'));
  expect(mail.text?.replace(/\r\n/g, '\n').trim()).toBe(text);
  expect(mail.subject).toBe('Meeting CPC-2027-0042');
  const calendar = mail.attachments.find((a) => a.contentType === 'text/calendar');
  expect(calendar?.content.toString('utf8')).toBe(
    'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nEND:VCALENDAR\r\n',
  );
});
