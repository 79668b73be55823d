/** Reading a trusted relay's verdict, and which attachments are never passed on: row by row. */
import { describe, expect, it } from 'vitest';
import { dangerReason } from '../../src/domain/attachment-safety.ts';
import { createSenderAuthenticator, relayVerdict } from '../../src/channels/email/sender-auth.ts';

const RELAY = 'mx.relay.test';
const message = (...headers: string[]) =>
  Buffer.from([...headers, 'From: Pat <police@police.example.uk>', 'Subject: x', '', 'body', ''].join('\r\n'));

describe('relayVerdict: only the relay’s own Authentication-Results counts', () => {
  const cases: [string, Buffer, 'pass' | 'fail' | 'none'][] = [
    [
      'the relay says dmarc=pass for the From domain',
      message(
        `Authentication-Results: ${RELAY}; dkim=pass header.d=police.example.uk; dmarc=pass header.from=police.example.uk`,
      ),
      'pass',
    ],
    [
      'authserv-id in another case, folded header',
      message(`Authentication-Results: MX.Relay.Test;\r\n  dmarc=pass (p=reject) header.from=police.example.uk`),
      'pass',
    ],
    [
      'the relay says dmarc=fail',
      message(`Authentication-Results: ${RELAY}; dmarc=fail header.from=police.example.uk`),
      'fail',
    ],
    [
      'the relay says dmarc=none',
      message(`Authentication-Results: ${RELAY}; dmarc=none header.from=police.example.uk`),
      'none',
    ],
    [
      'pass, but for another domain',
      message(`Authentication-Results: ${RELAY}; dmarc=pass header.from=evil.example`),
      'none',
    ],
    [
      'someone else’s header says pass',
      message('Authentication-Results: mx.evil.example; dmarc=pass header.from=police.example.uk'),
      'none',
    ],
    [
      'a look-alike id',
      message(`Authentication-Results: ${RELAY}.evil.example; dmarc=pass header.from=police.example.uk`),
      'none',
    ],
    [
      'a pass smuggled in a comment',
      message(
        `Authentication-Results: ${RELAY}; dkim=none (dmarc=pass header.from=police.example.uk); dmarc=fail header.from=police.example.uk`,
      ),
      'fail',
    ],
    [
      'the sender’s own copy below the relay’s is ignored',
      message(
        `Authentication-Results: ${RELAY}; dmarc=fail header.from=police.example.uk`,
        `Authentication-Results: ${RELAY}; dmarc=pass header.from=police.example.uk`,
      ),
      'fail',
    ],
    ['no header at all', message(), 'none'],
  ];
  for (const [what, raw, verdict] of cases)
    it(what, () => expect(relayVerdict(raw, RELAY, 'police.example.uk').verdict).toBe(verdict));

  it('two From headers are never authenticated', async () => {
    const auth = createSenderAuthenticator({ mode: 'relay', authservId: RELAY });
    const raw = message(
      `Authentication-Results: ${RELAY}; dmarc=pass header.from=police.example.uk`,
      'From: someone@evil.example',
    );
    expect((await auth(raw, 'police@police.example.uk')).verdict).toBe('fail');
  });

  it('with INBOUND_AUTH=off nobody is authenticated, whatever the headers say', async () => {
    const raw = message(`Authentication-Results: ${RELAY}; dmarc=pass header.from=police.example.uk`);
    expect((await createSenderAuthenticator({ mode: 'off' })(raw, 'police@police.example.uk')).verdict).toBe('none');
  });
});

describe('attachments never passed on', () => {
  const file = (filename: string, contentType: string, content: string | Buffer) => ({
    filename,
    contentType,
    content: Buffer.from(content),
  });
  const refused = [
    file('setup.exe', 'application/octet-stream', 'x'),
    file('invoice.pdf.exe', 'application/pdf', 'x'),
    file('Report.HTML', 'application/octet-stream', 'x'),
    file('report.pdf', 'text/html', 'x'),
    file('report.pdf', 'application/pdf', Buffer.from([0x4d, 0x5a, 0x90, 0])),
    file('notes.txt', 'text/plain', '  <!DOCTYPE html><script>alert(1)</script>'),
    file('image.svg', 'image/svg+xml', '<svg onload="x"/>'),
    file('macro.docm', 'application/vnd.ms-word.document.macroEnabled.12', 'x'),
    file('run.ps1', 'text/plain', 'Get-Thing'),
    file('tool', 'application/octet-stream', Buffer.from([0x7f, 0x45, 0x4c, 0x46])),
  ];
  const kept = [
    file('report.pdf', 'application/pdf', '%PDF-1.4'),
    file('report.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'PK\u0003\u0004'),
    file('chronology.txt', 'text/plain', 'On 3 March the family moved.'),
    file('photo.jpg', 'image/jpeg', Buffer.from([0xff, 0xd8, 0xff])),
  ];
  for (const f of refused) it(`withholds ${f.filename} (${f.contentType})`, () => expect(dangerReason(f)).toBeTruthy());
  for (const f of kept) it(`keeps ${f.filename}`, () => expect(dangerReason(f)).toBeUndefined());
});
