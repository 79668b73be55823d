import { connect } from 'node:net';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startInboundSmtp,
  type InboundSmtpServer,
  type ParsedInbound,
} from '../../../src/channels/email/inbound-server.ts';
import { parseItipReply } from '../../../src/channels/email/itip.ts';
import { createLogger } from '../../../src/infra/logger.ts';

const REPLY_ICS = [
  'BEGIN:VCALENDAR',
  'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
  'VERSION:2.0',
  'METHOD:REPLY',
  'BEGIN:VEVENT',
  'DTSTART:20270614T090000Z',
  'DTEND:20270614T110000Z',
  'DTSTAMP:20270601T111500Z',
  'UID:cpc-0001@council.example',
  'ATTENDEE;PARTSTAT=ACCEPTED:mailto:helen.visitor@nhs.example',
  'SEQUENCE:1',
  'SUMMARY:Accepted: Child protection conference CPC-2027-0042',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

/** Speaks SMTP by hand, so the body can be anything at all. Resolves with every server line. */
function rawSmtp(port: number, body: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const commands = [
      'EHLO test.example',
      'MAIL FROM:<x@sender.example>',
      'RCPT TO:<cp-reports@council.example>',
      'DATA',
      `${body}\r\n.`,
      'QUIT',
    ];
    const lines: string[] = [];
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let i: number;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        lines.push(line);
        // A final reply line has a space after the code; continuation lines have a dash.
        if (/^\d{3} /.test(line)) {
          const next = commands.shift();
          if (next !== undefined) socket.write(`${next}\r\n`);
        }
      }
    });
    socket.on('close', () => resolve(lines));
    socket.on('error', reject);
  });
}

describe('inbound SMTP server', () => {
  let server: InboundSmtpServer;
  const received: ParsedInbound[] = [];
  const logLines: string[] = [];
  let failNext = false;

  beforeAll(async () => {
    server = await startInboundSmtp({
      port: 0,
      host: '127.0.0.1',
      maxBytes: 200_000,
      logger: createLogger({ level: 'debug', write: (l) => logLines.push(l) }),
      onMessage: async (msg) => {
        if (failNext) {
          failNext = false;
          throw new Error('store unavailable');
        }
        received.push(msg);
      },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  const transport = () =>
    nodemailer.createTransport({ host: '127.0.0.1', port: server.port, ignoreTLS: true, secure: false });

  it('listens on the port it was given (0 = any free port)', () => {
    expect(server.port).toBeGreaterThan(0);
  });

  it('receives a report with an attachment, addressed to a per-attendee token', async () => {
    await transport().sendMail({
      from: 'Helen Visitor <helen.visitor@nhs.example>',
      to: 'cp-reports+abc123-a3@council.example',
      subject: 'Re: Report request for child protection conference CPC-2027-0042',
      text: 'Report attached.',
      attachments: [{ filename: 'report.pdf', content: Buffer.from('%PDF-1.4 test'), contentType: 'application/pdf' }],
    });
    const msg = received.at(-1)!;
    expect(msg.to).toEqual(['cp-reports+abc123-a3@council.example']);
    expect(msg.from).toBe('helen.visitor@nhs.example');
    expect(msg.subject).toContain('CPC-2027-0042');
    expect(msg.text?.trim()).toBe('Report attached.');
    expect(msg.attachments).toHaveLength(1);
    expect(msg.attachments[0]).toMatchObject({ filename: 'report.pdf', contentType: 'application/pdf' });
    expect(msg.attachments[0]!.content.toString()).toBe('%PDF-1.4 test');
    expect(msg.calendar).toBeUndefined();
  });

  it('picks up a text/calendar REPLY and keeps it out of the attachments', async () => {
    await transport().sendMail({
      from: 'helen.visitor@nhs.example',
      to: 'cp-invites@council.example',
      subject: 'Accepted: Child protection conference CPC-2027-0042',
      text: 'Helen has accepted.',
      icalEvent: { method: 'REPLY', content: REPLY_ICS },
    });
    const msg = received.at(-1)!;
    expect(msg.calendar?.method).toBe('REPLY');
    expect(parseItipReply(msg.calendar!.ics)).toMatchObject({
      partstat: 'accepted',
      attendeeEmail: 'helen.visitor@nhs.example',
    });
    expect(msg.attachments).toHaveLength(0);
  });

  it('picks up an .ics file sent as a plain attachment', async () => {
    await transport().sendMail({
      from: 'sam.social@council.example',
      to: 'cp-invites@council.example',
      subject: 'reply',
      text: 'see attached',
      attachments: [{ filename: 'reply.ics', content: REPLY_ICS, contentType: 'application/octet-stream' }],
    });
    expect(received.at(-1)!.calendar?.method).toBe('REPLY');
  });

  it('survives a garbage MIME body and keeps serving', async () => {
    const before = received.length;
    const garbage = [
      'Content-Type: multipart/mixed; boundary="',
      'MIME-Version: 9.9',
      '',
      '--\x01\x02 not a part',
      'Content-Transfer-Encoding: base64',
      '',
      '!!!!====****',
      '--',
    ].join('\r\n');
    const lines = await rawSmtp(server.port, garbage);
    const dataReply = lines.filter((l) => /^\d{3} /.test(l)).at(-2) ?? '';
    expect(dataReply).toMatch(/^(250|4\d\d|5\d\d) /);
    await transport().sendMail({
      from: 'a@b.example',
      to: 'cp-reports@council.example',
      subject: 'still alive',
      text: 'ok',
    });
    expect(received.length).toBeGreaterThan(before);
    expect(received.at(-1)!.subject).toBe('still alive');
  });

  it('answers 451 when the handler fails, without crashing', async () => {
    failNext = true;
    await expect(
      transport().sendMail({ from: 'a@b.example', to: 'cp-reports@council.example', subject: 'x', text: 'y' }),
    ).rejects.toMatchObject({ responseCode: 451 });
    expect(logLines.some((l) => l.includes('inbound message handler failed'))).toBe(true);
  });

  it('refuses a message over the size limit', async () => {
    await expect(
      transport().sendMail({
        from: 'a@b.example',
        to: 'cp-reports@council.example',
        subject: 'big',
        text: 'x',
        attachments: [{ filename: 'big.bin', content: Buffer.alloc(300_000, 1) }],
      }),
    ).rejects.toMatchObject({ responseCode: 552 });
  });

  it('logs no names or addresses of senders', () => {
    for (const line of logLines) expect(line).not.toMatch(/helen|Helen|sam\.social/);
  });
});
