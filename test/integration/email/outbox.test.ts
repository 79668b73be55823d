import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutboxMailer } from '../../../src/channels/email/outbox-transport.ts';
import { buildInviteIcs } from '../../../src/content/ics.ts';
import { renderLetterPdf } from '../../../src/content/pdf-letter.ts';
import { familyInvite } from '../../../src/content/templates/family-invite.ts';
import { allNames, policy, summerConference } from './fixtures.ts';
import { list, p } from '../../../src/content/templates/layout.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('outbox mailer', () => {
  it('writes one full-MIME .eml per message, named by time and reference, with the attachment and calendar part', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'cpc-outbox-')), 'nested', 'outbox');
    dirs.push(dir);
    const conference = summerConference();
    const t = conference.timetable;
    const parent = conference.attendees.find((a) => a.id === 'a5')!;
    const content = familyInvite({
      reference: conference.reference,
      kind: conference.kind,
      policy,
      recipient: parent,
      parentsJoinAt: t.parentsJoinAt!,
      professionalsJoinAt: t.professionalsJoinAt,
      endsAt: t.endsAt,
      mode: conference.mode,
      meeting: conference.meeting!,
      whoWillBeThere: ['the chair, an independent person who runs the meeting', 'the social worker'],
    });
    const pdf = await renderLetterPdf({
      title: 'Your meeting with the chair',
      blocks: content.blocks,
      reference: conference.reference,
      largePrint: true,
      createdAt: new Date('2027-06-01T08:30:00.000Z'),
    });
    const mailer = createOutboxMailer({ dir, from: policy.sender, now: () => new Date('2027-06-01T08:30:00.000Z') });
    const { messageId } = await mailer.send({
      to: parent.email!,
      subject: content.subject,
      text: content.text,
      html: content.html,
      messageId: `cpc-${conference.id}-invite-a5-v1`,
      icalEvent: {
        method: 'REQUEST',
        content: buildInviteIcs({
          uid: `cpc-${conference.id}@council.example`,
          sequence: 1,
          method: 'REQUEST',
          organizer: { name: policy.sender.name, email: policy.sender.address },
          attendee: { email: parent.email! },
          start: t.parentsJoinAt!,
          end: t.endsAt,
          summary: `Meeting ${conference.reference}`,
          description: 'See the email.',
          timezone: 'Europe/London',
        }),
      },
      attachments: [{ filename: `letter-${conference.reference}.pdf`, content: pdf, contentType: 'application/pdf' }],
    });
    expect(messageId).toBe(`<cpc-${conference.id}-invite-a5-v1@council.example>`);

    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    const file = files[0]!;
    expect(file).toMatch(/^2027-06-01T08-30-00-000Z-CPC-2027-0042-[0-9a-f]{8}\.eml$/);
    for (const n of allNames(conference)) expect(file).not.toContain(n);
    expect(file).not.toContain('jade');

    const mail = await simpleParser(await readFile(join(dir, file)));
    expect(mail.messageId).toBe(messageId);
    // The Date header comes from the business clock (a simulated day shows its own date), not the host's.
    expect(mail.date?.toISOString()).toBe('2027-06-01T08:30:00.000Z');
    expect(mail.subject).toBe(content.subject);
    const pdfPart = mail.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdfPart?.filename).toBe('letter-CPC-2027-0042.pdf');
    expect(pdfPart?.content.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfPart?.content.equals(pdf)).toBe(true);
    expect(mail.attachments.filter((a) => a.contentType === 'text/calendar')).toHaveLength(1);
  });

  it('names files by a hash of the recipient when there is no reference', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cpc-outbox-'));
    dirs.push(dir);
    const mailer = createOutboxMailer({ dir, from: 'cp-invites@council.example' });
    await mailer.send({ to: 'jade.parent@mail.example', subject: 'Hello', text: 'x', html: '<p>x</p>' });
    const [file] = await readdir(dir);
    expect(file).toMatch(/-msg-[0-9a-f]{12}-[0-9a-f]{8}\.eml$/);
    expect(file).not.toMatch(/jade/i);
  });
});

describe('renderLetterPdf', () => {
  it('produces a PDF whose metadata carries the reference and no names', async () => {
    const pdf = await renderLetterPdf({
      title: 'Your meeting with the chair',
      blocks: [p('Hello,'), p('Please join at 10:00.'), list(['a bullet point'])],
      reference: 'CPC-2027-0042',
      addressee: { name: 'Jade Testfamily', lines: ['Flat 1', '2 Example Road', 'TE1 1ST'] },
      dateLine: '1 June 2027',
      createdAt: new Date('2027-06-01T00:00:00Z'),
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const raw = pdf.toString('latin1');
    expect(raw).toContain('(Letter CPC-2027-0042)');
    expect(raw).not.toMatch(/Testfamily|Jade/);
  });
});
