import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { toSendMailOptions } from '../../src/channels/email/message.ts';
import type { OutgoingEmail } from '../../src/ports.ts';

const pdf = Buffer.from(Array.from({ length: 40_001 }, (_, i) => (i * 31) & 255));
const message = (to: string): OutgoingEmail => ({
  to,
  from: { name: 'Hackney CP conferences', address: 'cpc@hackney.example.gov.uk' },
  subject: 'Decision: CPC-2027-0001',
  text: 'The decision.',
  html: '<p>The decision.</p>',
  messageId: `circulate-decision-${to.slice(0, 2)}-v1.conf1`,
  date: new Date('2027-01-04T12:00:00Z'),
  attachments: [{ filename: 'CPC-2027-0001-décision.pdf', content: pdf, contentType: 'application/pdf' }],
});
const build = async (options: object) => (await new MailComposer(options).compile().build()).toString();
const sameBoundaries = (s: string) => s.replace(/_NmP-[0-9a-f]+-Part_\d+/g, 'B');

describe('a PDF sent to many recipients is encoded once', () => {
  it('puts on the wire exactly what nodemailer writes from the PDF itself, for every recipient', async () => {
    for (const to of ['p1@example.org', 'p2@example.org']) {
      const ours = toSendMailOptions(message(to), 'x@example.gov.uk');
      expect(ours.attachments?.[0]).toEqual({ raw: expect.stringContaining('Content-Type: application/pdf') });
      const plain = { ...ours, attachments: message(to).attachments };
      const wire = await build(ours);
      expect(sameBoundaries(wire)).toBe(sameBoundaries(await build(plain)));
      const parsed = await simpleParser(wire);
      expect(parsed.attachments.map((a) => [a.filename, a.contentType, a.content.equals(pdf)])).toEqual([
        ['CPC-2027-0001-décision.pdf', 'application/pdf', true],
      ]);
    }
    // The second recipient's part is the first's, not encoded again.
    const [a, b] = ['p1@example.org', 'p2@example.org'].map(
      (to) => (toSendMailOptions(message(to), 'x@example.gov.uk').attachments![0] as { raw: string }).raw,
    );
    expect(a).toBe(b);
  });

  it('leaves text content and a part without a type to nodemailer', () => {
    const m = message('p1@example.org');
    m.attachments = [
      { filename: 'notes.txt', content: 'plain words' },
      { filename: 'x.bin', content: pdf },
    ];
    expect(toSendMailOptions(m, 'x@example.gov.uk').attachments).toEqual([
      { filename: 'notes.txt', content: 'plain words' },
      { filename: 'x.bin', content: pdf },
    ]);
  });
});

describe('the text encoding is chosen once, as nodemailer would choose it', () => {
  const wire = async (m: OutgoingEmail) => {
    const ours = toSendMailOptions(m, 'x@example.gov.uk');
    // What nodemailer writes by itself: the body texts as they are, its own choice of encoding.
    const theirs = { ...ours, text: m.text, html: m.html };
    delete theirs.textEncoding;
    return {
      ours,
      same: sameBoundaries(await build(ours)) === sameBoundaries(await build(theirs)),
      text: await build(ours),
    };
  };
  const english =
    'Dear colleague,\n\nThe conference decided on a plan — see the letter attached. Café at 10:00.\n'.repeat(40);

  it('an English letter goes quoted-printable, byte for byte what nodemailer picks by itself', async () => {
    const m = { ...message('p1@example.org'), text: english, html: `<p>${english}</p>` };
    const r = await wire(m);
    expect(r.ours.textEncoding).toBe('quoted-printable');
    expect(r.same).toBe(true);
    const parsed = await simpleParser(r.text);
    expect(parsed.text).toBe(english);
  });

  it('leaves the choice to nodemailer where a part is mostly not Latin letters (base64 there)', async () => {
    const greek = 'Η απόφαση της διάσκεψης επισυνάπτεται. '.repeat(40);
    const m = { ...message('p1@example.org'), text: english, html: `<p>${greek}</p>` };
    const r = await wire(m);
    expect(r.ours.textEncoding).toBeUndefined();
    expect(r.same).toBe(true);
    expect(r.text).toMatch(/Content-Type: text\/html[^]*?Content-Transfer-Encoding: base64/);
    expect((await simpleParser(r.text)).html).toContain(greek.trim());
  });

  it('and where a header word would be encoded in base64 by itself', async () => {
    const m = { ...message('p1@example.org'), text: english, subject: 'Решение конференции' };
    const r = await wire(m);
    expect(r.ours.textEncoding).toBeUndefined();
    expect((await simpleParser(r.text)).subject).toBe('Решение конференции');
  });
});

describe("a letter's text and HTML are encoded once for all the recipients of the same copy", () => {
  // Trailing spaces, '=' signs, long lines, a line starting with a dot and non-ASCII letters: each
  // changes what quoted-printable writes.
  const letter =
    'Dear colleague, \n\nThe conference decided: plan = yes.\n.A line that starts with a dot\n' +
    `${'Zoë attended with her social worker; the café was closed. '.repeat(6)}\n\t\nEnd. `.repeat(12);
  const html = `<p style="margin:0">${letter.replaceAll('\n', '<br>\n')}</p>`;
  const send = (to: string, text = letter): OutgoingEmail => ({ ...message(to), text, html });

  it('puts on the wire exactly what nodemailer writes from the texts themselves, for every recipient', async () => {
    const raws: string[] = [];
    for (const to of ['p1@example.org', 'p2@example.org']) {
      const ours = toSendMailOptions(send(to), 'x@example.gov.uk');
      expect(ours.text).toEqual({ raw: expect.stringContaining('Content-Transfer-Encoding: quoted-printable') });
      raws.push((ours.text as { raw: string }).raw, (ours.html as { raw: string }).raw);
      const theirs = { ...ours, text: letter, html, attachments: send(to).attachments };
      const wire = await build(ours);
      expect(sameBoundaries(wire)).toBe(sameBoundaries(await build(theirs)));
      const parsed = await simpleParser(wire);
      expect(parsed.text).toBe(letter);
      expect(parsed.html).toBe(html);
    }
    // The second recipient's parts are the first's, not encoded again.
    expect(raws[2]).toBe(raws[0]);
    expect(raws[3]).toBe(raws[1]);
  });

  it('a changed letter (a correction, a new date) goes out with its new text, never the one encoded before', async () => {
    await build(toSendMailOptions(send('p1@example.org'), 'x@example.gov.uk'));
    const corrected = letter.replace('plan = yes', 'plan = corrected on 5 January');
    const parsed = await simpleParser(
      await build(toSendMailOptions(send('p2@example.org', corrected), 'x@example.gov.uk')),
    );
    expect(parsed.text).toBe(corrected);
    expect(parsed.text).not.toBe(letter);
  });

  it('leaves a part nodemailer would not write quoted-printable to nodemailer (Greek in base64)', async () => {
    const greek = 'Η απόφαση της διάσκεψης επισυνάπτεται. '.repeat(40);
    const ours = toSendMailOptions({ ...send('p1@example.org'), text: greek }, 'x@example.gov.uk');
    expect(ours.text).toBe(greek);
    expect((await simpleParser(await build(ours))).text).toBe(greek);
  });
});
