/**
 * Letters fit for paper and for everyone, read back by poppler as a printer or screen reader would:
 * names and addresses in Polish, Romanian, Turkish, Vietnamese, Greek and Cyrillic print as typed
 * (in the envelope window too), every PDF is tagged, titled and embeds its font, a name the font
 * cannot print is refused at the door, and the reply code on a posted letter opens that person's
 * own page at the short address until their links are revoked or they are removed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeLinks } from '../../src/app/credentials/links.ts';
import { LETTER_PAGE } from '../../src/content/letter-layout.ts';
import { PageClient, csrfOf, purposeOf } from '../helpers/pages.ts';
import {
  pdfFonts,
  pdfInfo,
  pdfLines,
  pdfStructure,
  pdfText,
  pdfTextIn,
  pdfWords,
  type PdfWord,
} from '../helpers/pdf-text.ts';
import { TEST_API_KEY, hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';

let s: TestService;
beforeAll(async () => {
  s = await startTestService();
});
afterAll(async () => s.stop());

const PARENT = 'Łukasz Wiśniewski';
const ADDRESS = ['Flat 2, Ștefan House', 'ul. Żółkiewskiego 14', 'Testtown', 'TE1 1ST'];
const NAMES = {
  polish: PARENT,
  romanian: 'Ștefania Țăranu',
  turkish: 'Ayşe Yılmaz',
  vietnamese: 'Nguyễn Thị Hương',
  greek: 'Γιώργος Παπαδόπουλος',
  cyrillic: 'Иван Петров',
};

function body(): any {
  const b: any = hackneyInitialBody();
  b.children = [
    { firstName: 'Zoë', lastName: 'Țăranu', dateOfBirth: '2019-05-02' },
    { firstName: 'Hương', lastName: 'Nguyễn', dateOfBirth: '2022-09-17' },
  ];
  b.attendees = b.attendees.map((a: any) => {
    if (a.role === 'social-worker') return { ...a, name: NAMES.turkish };
    if (a.role === 'police') return { ...a, name: NAMES.cyrillic };
    if (a.name === 'Hana Health') return { ...a, name: NAMES.greek };
    if (a.name === 'Jade Testfamily') return { ...a, name: NAMES.romanian };
    if (a.name === 'Marcus Testfamily') return { ...a, name: PARENT, language: 'polski', postalAddress: ADDRESS };
    return a;
  });
  b.attendees.push({
    name: NAMES.vietnamese,
    role: 'carer',
    contactPreference: 'post',
    postalAddress: ['7 Example Road', 'Testtown', 'TE1 2ND'],
  });
  return b;
}

const fetchPdf = async (path: string) =>
  Buffer.from(
    await (await fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } })).arrayBuffer(),
  );

/** Tagged PDF 1.7, titled with the reference (no name), every font embedded with a Unicode map. */
function expectAccessible(pdf: Buffer, title: RegExp): void {
  const info = pdfInfo(pdf);
  expect(info['Tagged']).toBe('yes');
  expect(info['Title']).toMatch(title);
  expect(info['PDF version']).toBe('1.7');
  expect(info['Page size']).toContain('(A4)');
  const fonts = pdfFonts(pdf);
  expect(fonts.length).toBeGreaterThan(0);
  for (const f of fonts) expect(f, f.name).toMatchObject({ embedded: true, unicode: true });
  expect(pdfStructure(pdf)).toMatch(/^Document\n/);
}

describe('letters by post', () => {
  let id: string;
  let parentId: string;
  let letterPdf: Buffer;

  it(
    'print every name and address as typed, the addressee first in the envelope window, tagged and with the font embedded',
    { timeout: 90_000 },
    async () => {
      const created = await s.api('POST', '/api/conferences', body());
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      id = created.body.id;
      await s.idle();
      const v = (await s.api('GET', `/api/conferences/${id}`)).body;
      parentId = v.attendees.find((a: any) => a.name === PARENT).id;
      const copy = v.hardCopies.find((h: any) => h.document === 'invitation' && h.attendeeId === parentId);
      letterPdf = await fetchPdf(`/api/conferences/${id}/hard-copies/${copy.blobId}`);

      const window = pdfTextIn(letterPdf, LETTER_PAGE.address)
        .split('\n')
        .map((l) => l.trim());
      expect(window).toEqual([PARENT, ...ADDRESS]);
      expectAccessible(letterPdf, new RegExp(`^Letter ${v.reference}$`));
      const structure = pdfStructure(letterPdf);
      // Reading order: the address, the sender, then the letter's heading and its paragraphs.
      expect(structure.indexOf(PARENT)).toBeLessThan(structure.indexOf('Reference:'));
      expect(structure.indexOf('Reference:')).toBeLessThan(structure.indexOf('  H1'));
      expect(structure).toMatch(/\n {2}L\b.*\n {4}LI\b/);

      const carer = v.attendees.find((a: any) => a.name === NAMES.vietnamese);
      const carerCopy = v.hardCopies.find((h: any) => h.document === 'invitation' && h.attendeeId === carer.id);
      expect(
        pdfTextIn(await fetchPdf(`/api/conferences/${id}/hard-copies/${carerCopy.blobId}`), LETTER_PAGE.address)
          .split('\n')
          .map((l) => l.trim()),
      ).toEqual([NAMES.vietnamese, '7 Example Road', 'Testtown', 'TE1 2ND']);

      // The case record names everyone in every script.
      const record = await fetchPdf(`/api/conferences/${id}/export.pdf`);
      expectAccessible(record, new RegExp(`^Conference record ${v.reference}$`));
      const text = pdfText(record);
      for (const name of [...Object.values(NAMES), 'Zoë Țăranu', 'Hương Nguyễn']) expect(text).toContain(name);
    },
  );

  it('carry no markdown marks and one bullet style', () => {
    const lines = pdfLines(letterPdf);
    expect(lines).not.toContain('**');
    expect(lines).not.toMatch(/^\s*[-•*]\s/m);
    expect(lines).not.toMatch(/^-{3,}$/m);
    expect(pdfText(letterPdf)).not.toContain('reply to this email');
  });

  it(
    'give a short reply code that opens the addressee’s own page at the short address, until their links are revoked',
    { timeout: 60_000 },
    async () => {
      const text = pdfText(letterPdf);
      expect(text).toContain(`Go to: ${s.rt.deps.settings.publicBaseUrl}/r`);
      const code = /Your code: ([2-9A-Z]{4}-[2-9A-Z]{4})/.exec(text)?.[1];
      expect(code, text).toBeDefined();
      expect(text).not.toMatch(/\/l\/[A-Za-z0-9_-]{20,}/);

      const client = new PageClient(s.url);
      const form = await client.get('/r');
      expect(form.status).toBe(200);
      expect(form.text).toContain('<label for="code">Your code</label>');
      expect(form.text).not.toContain('<script');
      // Typed as a person might: small letters, no dash, a space.
      const typed = ` ${code!.replace('-', '').toLowerCase().slice(0, 4)} ${code!.slice(5).toLowerCase()}`;
      const opened = await client.post('/r', { code: typed, _csrf: csrfOf(form.text) });
      expect(opened.status).toBe(303);
      expect(opened.location).toMatch(/^\/l\//);
      expect(purposeOf(opened.location!)).toBe('rsvp');
      const page = await client.get(opened.location!);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Can you come to the meeting?');

      const wrong = await client.post('/r', { code: 'ABCD-EFGH', _csrf: csrfOf(form.text) });
      expect(wrong.status).toBe(404);
      expect(wrong.text).toContain('We do not recognise this code');
      const malformed = await client.post('/r', { code: 'O0O0', _csrf: csrfOf(form.text) });
      expect(malformed.status).toBe(400);
      expect(malformed.text).toContain('8 letters and numbers');
      const forged = await client.post('/r', { code: code!, _csrf: 'x' });
      expect(forged.status).toBe(403);

      await revokeLinks(s.rt.deps, id, parentId);
      const revoked = await client.post('/r', { code: code!, _csrf: csrfOf(form.text) });
      expect(revoked.status).toBe(410);
      expect(revoked.text).toContain('This code has been replaced');
      expect(revoked.location).toBeNull();
    },
  );

  it('keep to the areas GOV.UK Notify prints: nothing in the margins, page one only in the address block, beside it and below 95 mm', () => {
    const { address: box, sender, heading, bodyTop, sideMargin, topBottomMargin } = LETTER_PAGE;
    // To a hundredth of a millimetre (points to millimetres rounds); Notify itself allows 1 mm.
    const e = 0.01;
    const inside = (w: PdfWord, r: { left: number; top: number; right: number; bottom: number }) =>
      w.left >= r.left - e && w.right <= r.right + e && w.top >= r.top - e && w.bottom <= r.bottom + e;
    const words = pdfWords(letterPdf);
    expect(words.length).toBeGreaterThan(100);
    const out = words.filter(
      (w) =>
        !inside(w, { left: sideMargin, top: topBottomMargin, right: 210 - sideMargin, bottom: 297 - topBottomMargin }),
    );
    expect(out).toEqual([]);
    const firstPage = words.filter((w) => w.page === 1);
    const misplaced = firstPage.filter(
      (w) =>
        !inside(w, { left: box.left, top: box.top, right: box.left + box.width, bottom: box.top + box.height }) &&
        !inside(w, { left: sender.left, top: sender.top, right: sender.right, bottom: sender.bottom }) &&
        !inside(w, { left: heading.left, top: heading.top, right: heading.right, bottom: heading.bottom }) &&
        w.top < bodyTop - e,
    );
    expect(misplaced).toEqual([]);
    expect(
      firstPage
        .filter((w) =>
          inside(w, { left: box.left, top: box.top, right: box.left + box.width, bottom: box.top + box.height }),
        )
        .map((w) => w.text)
        .join(' '),
    ).toBe([PARENT, ...ADDRESS].join(' '));
  });

  it(
    'after a reschedule, the updated letter says so in words and carries a code that works though the old one was revoked',
    { timeout: 60_000 },
    async () => {
      // The first letter was printed and posted: the new one replaces it (one withdrawn unprinted would not count).
      const first = (await s.api('GET', `/api/conferences/${id}`)).body.hardCopies.find(
        (h: any) => h.document === 'invitation' && h.attendeeId === parentId,
      );
      expect((await s.api('POST', `/api/conferences/${id}/hard-copies/${first.blobId}/printed`, {})).status).toBe(200);
      const moved = await s.api('POST', `/api/conferences/${id}/reschedule`, {
        startsAt: '2027-01-05T10:00',
        reason: 'The chair is unwell',
        requestedBy: 'coordinator',
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      await s.idle();
      const v = (await s.api('GET', `/api/conferences/${id}`)).body;
      const copy = v.hardCopies.find(
        (h: any) => h.document === 'updated-invitation' && h.attendeeId === parentId && !h.withdrawnAt,
      );
      const updated = await fetchPdf(`/api/conferences/${id}/hard-copies/${copy.blobId}`);
      const lines = pdfLines(updated);
      expect(lines).not.toContain('**');
      expect(lines).not.toMatch(/^\s*[-•*]\s/m);
      expect(pdfText(updated)).toContain('This replaces the earlier letter: the time has changed.');
      const code = /Your code: ([2-9A-Z]{4}-[2-9A-Z]{4})/.exec(pdfText(updated))![1]!;
      const client = new PageClient(s.url);
      const form = await client.get('/r');
      const opened = await client.post('/r', { code, _csrf: csrfOf(form.text) });
      expect(opened.status).toBe(303);
      expect((await client.get(opened.location!)).text).toContain('Tuesday 5 January 2027');
    },
  );

  it("refuse a removed attendee's code", { timeout: 60_000 }, async () => {
    const v = (await s.api('GET', `/api/conferences/${id}`)).body;
    const carer = v.attendees.find((a: any) => a.name === NAMES.vietnamese);
    const copy = v.hardCopies.find(
      (h: any) => h.attendeeId === carer.id && /invitation/.test(h.document) && !h.withdrawnAt,
    );
    const code = /Your code: ([2-9A-Z]{4}-[2-9A-Z]{4})/.exec(
      pdfText(await fetchPdf(`/api/conferences/${id}/hard-copies/${copy.blobId}`)),
    )![1]!;
    const client = new PageClient(s.url);
    const form = await client.get('/r');
    expect((await client.post('/r', { code, _csrf: csrfOf(form.text) })).status).toBe(303);
    const removed = await s.api('POST', `/api/conferences/${id}/attendees/${carer.id}/remove`, {
      reason: 'Not involved after all',
      requestedBy: 'coordinator',
    });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    const refused = await client.post('/r', { code, _csrf: csrfOf(form.text) });
    expect(refused.status).toBe(404);
    expect(refused.text).toContain('We do not recognise this code');
  });

  it('refuse a name, address or language the letter font cannot print, naming the field, and store nothing', async () => {
    const before = (await s.api('GET', '/api/conferences')).body.length;
    const refused = async (mutate: (b: any) => void) => {
      const b = body();
      mutate(b);
      const res = await s.api('POST', '/api/conferences', b);
      expect(res.status).toBe(400);
      return JSON.stringify(res.body);
    };
    const parent = (b: any) => b.attendees.find((a: any) => a.name === PARENT);
    expect(await refused((b) => (parent(b).name = '王伟'))).toMatch(
      /attendees\.5\.name.*cannot print: \\"王\\" \(U\+738B\)/,
    );
    expect(await refused((b) => (parent(b).language = 'العربية'))).toContain('attendees.5.language');
    expect(await refused((b) => (b.children[0].firstName = 'दिव्या'))).toContain('children.0.firstName');
    expect(await refused((b) => (parent(b).postalAddress = ['Flat 2', 'ศรีสะเกษ', 'TE1 1ST']))).toContain(
      'attendees.5.postalAddress.1',
    );
    expect(
      await refused(
        (b) =>
          (parent(b).postalAddress = [
            'Flat 2, The Very Long Name Of A Building That Goes On And On, Beside The Other Long Building',
            'Testtown',
            'TE1 1ST',
          ]),
      ),
    ).toMatch(/attendees\.5\.postalAddress\.0.*too long for the envelope window/);
    expect(await refused((b) => (parent(b).postalAddress = ['1', '2', '3', '4', '5', '6', '7']))).toMatch(
      /attendees\.5\.postalAddress.*window holds 7/,
    );
    expect((await s.api('GET', '/api/conferences')).body.length).toBe(before);
  });
});

describe('the reply-code page', () => {
  it('stops a client guessing after a few tries', async () => {
    const client = new PageClient(s.url);
    const form = await client.get('/r');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await client.post('/r', { code: 'ABCD-EFGH', _csrf: csrfOf(form.text) })).status);
    // The bucket is the client's across this file: earlier tests used some of it.
    expect(statuses).toContain(429);
    expect(statuses.every((x) => x === 404 || x === 429)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
