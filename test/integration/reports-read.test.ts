/**
 * Reading reports from a personal link (issue #15, item 2): professionals the disclosure table lets
 * open reports read every report received, text and files, on their own link; the minute-taker and
 * anyone else cannot. A parent or carer (and the interpreter who comes with them) opens only the
 * author's version for the family, only of a report the author recorded sharing with them: the
 * withheld text never appears in anything they can fetch. Refused links change nothing, and after a
 * cancellation nothing opens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeLinks, signLink } from '../../src/app/credentials/links.ts';
import { byRole, create, settle, type Created } from '../helpers/decision-flow.ts';
import { csrfOf, linkPath, PageClient, snapshot } from '../helpers/pages.ts';
import { hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';

const MARKER = 'WITHHELD-FROM-FAMILY-7731';
const FULL_PDF = Buffer.from(`%PDF-1.4\n% police report, full: ${MARKER} (the referrer's name)\n%%EOF\n`);
const FAMILY_PDF = Buffer.from('%PDF-1.4\n% police report for the family\n%%EOF\n');

let s: TestService;
let c: Created;
let other: Created;
const id = (role: string) => byRole(c, role).id;
/** Attendee ids follow the order they were given in (see beforeAll). */
const IDS: Record<string, string> = {
  'Jade Testfamily': 'a5',
  'Marcus Testfamily': 'a6',
  'Mina Minutes': 'a7',
  'Ines Interpreter': 'a8',
  'Ada Advocate': 'a9',
};
const named = (name: string) => IDS[name]!;

async function post(
  path: string,
  fields: Record<string, string>,
  files: { field: string; name: string; data: Buffer }[] = [],
): Promise<void> {
  const client = new PageClient(s.url);
  const form = new FormData();
  form.append('_csrf', csrfOf((await client.get(path)).text));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append(f.field, new Blob([new Uint8Array(f.data)], { type: 'application/pdf' }), f.name);
  const res = await client.request('POST', path, form);
  expect(res.status, res.text).toBe(303);
}

/** Every page and file a link holder can reach by following the links on their own pages. */
async function everythingReachable(path: string): Promise<{ pages: string[]; files: Buffer[] }> {
  const client = new PageClient(s.url);
  const seen = new Set<string>();
  const pages: string[] = [];
  const files: Buffer[] = [];
  const queue = [path, `${path}/reports`];
  while (queue.length) {
    const p = queue.shift()!;
    if (seen.has(p)) continue;
    seen.add(p);
    const res = await fetch(s.url + p, {
      headers: client.cookies.size ? { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {},
    });
    const body = Buffer.from(await res.arrayBuffer());
    if ((res.headers.get('content-type') ?? '').startsWith('text/html')) {
      const text = body.toString('utf8');
      pages.push(text);
      for (const m of text.matchAll(/href="(\/l\/[^"]+)"/g)) queue.push(m[1]!.replace(/&amp;/g, '&'));
    } else files.push(body);
  }
  return { pages, files };
}

beforeAll(async () => {
  s = await startTestService({ LINK_RATE_LIMIT_BURST: '1000' });
  const b = hackneyInitialBody() as { attendees: Record<string, unknown>[] } & Record<string, unknown>;
  b.attendees = b.attendees.map((a) =>
    a.name === 'Marcus Testfamily'
      ? { name: 'Marcus Testfamily', role: 'parent', email: 'marcus@family.example.com' }
      : a,
  );
  b.attendees.push(
    { name: 'Mina Minutes', email: 'minutes@example.gov.uk', role: 'minute-taker' },
    { name: 'Ines Interpreter', email: 'ines@interpreters.example.com', role: 'interpreter', accompanies: 'a5' },
    { name: 'Ada Advocate', email: 'ada@advocacy.example.org', role: 'advocate', agency: 'Advocacy service' },
  );
  c = await create(s, b);
  other = await create(s, hackneyInitialBody());
  await settle(s);
  await s.advanceTo('2026-12-21T10:00');
  const jade = named('Jade Testfamily');
  const police = await linkPath(s, c.id, id('police'), 'report');
  await post(
    police,
    {
      text: `Police report. ${MARKER}: the referrer was a neighbour.`,
      [`shared-${jade}`]: '2026-12-18',
      [`withheld-${jade}`]: `${MARKER} withheld: the referrer`,
    },
    [{ field: 'file', name: 'police full.pdf', data: FULL_PDF }],
  );
  await post(police, { _form: 'family', familyText: 'Police report for the family: two call-outs in 2026.' }, [
    { field: 'familyFile', name: 'for family.pdf', data: FAMILY_PDF },
  ]);
  await post(await linkPath(s, c.id, id('social-worker'), 'report'), {
    text: `Social work report. ${MARKER} (child's words).`,
    [`shared-${jade}`]: '2026-12-19',
  });
  // The other conference: a file that exists there only.
  await post(
    await linkPath(s, other.id, byRole(other, 'professional').id, 'report'),
    { text: 'Health report elsewhere' },
    [{ field: 'file', name: 'hv.pdf', data: FULL_PDF }],
  );
  await s.idle();
}, 120_000);
afterAll(async () => {
  await s?.stop();
});

describe('reading reports from a personal link', () => {
  it('a professional opens, from their own answer link, every report received: text on the page and files with safe headers', async () => {
    const rsvp = await linkPath(s, c.id, id('professional'), 'rsvp');
    const client = new PageClient(s.url);
    const own = await client.get(rsvp);
    expect(own.text).toContain(`href="${rsvp}/reports"`);
    const page = await client.get(`${rsvp}/reports`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Police report.');
    expect(page.text).toContain('Social work report.');
    expect(page.text).toContain('Pat Police');
    const name = `${c.reference}-report-${id('police')}-v1-1.pdf`;
    const href = /href="([^"]+)" download>Download ([^<]+)</.exec(page.text)!;
    expect(href[2]).toBe(name);
    const file = await fetch(s.url + href[1]);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(FULL_PDF);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="${name}"`);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('cache-control')).toBe('no-store');
    // What the family was given is there too, so professionals can see it.
    expect(page.text).toContain('The version for the family');
    expect(page.text).toContain('Police report for the family: two call-outs in 2026.');
    const familyHref = new RegExp(
      `href="([^"]+)" download>Download ${c.reference}-report-${id('police')}-family-v1-1\\.pdf<`,
    ).exec(page.text)!;
    expect(Buffer.from(await (await fetch(s.url + familyHref[1])).arrayBuffer())).toEqual(FAMILY_PDF);
    // The chair from the chair's page, the social worker from their report page.
    expect((await client.get(`${await linkPath(s, c.id, id('chair'), 'chair')}/reports`)).text).toContain(
      'Police report.',
    );
    const sw = await linkPath(s, c.id, id('social-worker'), 'report');
    expect((await client.get(sw)).text).toContain('Read the reports received so far');
    expect((await client.get(`${sw}/reports`)).text).toContain('Police report.');
  });

  it('the minute-taker, a child’s advocate, an outsider’s signed link and the checklist link cannot open reports, and nothing changes', async () => {
    const before = await snapshot(s, c.id);
    const client = new PageClient(s.url);
    const minutes = await linkPath(s, c.id, named('Mina Minutes'), 'rsvp');
    expect((await client.get(minutes)).text).not.toContain('/reports');
    const list = await client.get(`${minutes}/reports`);
    expect(list.status).toBe(403);
    expect(list.text).not.toContain('Police report');
    const fileId = (await s.rt.deps.store.get(c.id))!.reports[id('police')]!.submissions[0]!.blobIds![0]!;
    const file = await client.get(`${minutes}/reports/${fileId}`);
    expect(file.status).toBe(404);
    expect(file.text).not.toContain(MARKER);
    expect((await client.get(`${await linkPath(s, c.id, id('chair'), 'checklist')}/reports`)).status).toBe(403);
    // A child's advocate (with no parent) and a validly signed link for someone who is not an attendee.
    const advocate = await linkPath(s, c.id, named('Ada Advocate'), 'rsvp');
    expect((await client.get(advocate)).text).not.toMatch(/Police report|\/reports/);
    expect((await client.get(`${advocate}/reports`)).status).toBe(403);
    expect((await client.get(`${advocate}/reports/${fileId}`)).status).toBe(404);
    const conf = (await s.rt.deps.store.get(c.id))!;
    const outsider = `/l/${signLink(s.rt.deps.settings.linkSecret, { conferenceId: c.id, attendeeId: 'a99', purpose: 'rsvp', exp: Math.floor(s.rt.clock.now().getTime() / 1000) + 86_400, version: 1 })}`;
    expect(conf.attendees.some((a) => a.id === 'a99')).toBe(false);
    for (const p of [`${outsider}/reports`, `${outsider}/reports/${fileId}`]) {
      const res = await client.get(p);
      expect(res.status, p).toBe(404);
      expect(res.text).not.toContain('Police report');
    }
    expect(await snapshot(s, c.id)).toEqual(before);
  });

  it('a parent opens only the family version of a report shared with them, never the full one or what was withheld', async () => {
    const jade = await linkPath(s, c.id, named('Jade Testfamily'), 'rsvp');
    const client = new PageClient(s.url);
    const page = await client.get(jade);
    expect(page.text).toContain('Reports shared with you');
    expect(page.text).toContain('Police report for the family: two call-outs in 2026.');
    expect(page.text).toContain('shared it with you on 18 December 2026');
    expect(page.text).toMatch(
      /shared it with you on 19 December 2026\. There is no copy to open here: you can ask the social worker for a copy\./,
    );
    const name = `${c.reference}-report-${id('police')}-family-v1-1.pdf`;
    const href = /href="([^"]+)" download>Download ([^<]+)</.exec(page.text)!;
    expect(href[2]).toBe(name);
    const file = await fetch(s.url + href[1]);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(FAMILY_PDF);
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="${name}"`);
    // The interpreter who comes with her sees the same on their own answer page.
    const interpreter = await client.get(await linkPath(s, c.id, named('Ines Interpreter'), 'rsvp'));
    expect(interpreter.text).toContain('Police report for the family: two call-outs in 2026.');
    expect(interpreter.text).not.toContain(MARKER);
    // Everything reachable from her page, and the interpreter who comes with her, never shows the withheld text.
    for (const holder of [jade, await linkPath(s, c.id, named('Ines Interpreter'), 'rsvp')]) {
      const all = await everythingReachable(holder);
      expect(all.files.map((f) => f.equals(FAMILY_PDF))).toEqual([true]);
      for (const text of all.pages) expect(text).not.toContain(MARKER);
      expect(all.pages.join('')).toContain('Police report for the family');
    }
    // Asking for the full report's files and text by id gets nothing.
    const r = (await s.rt.deps.store.get(c.id))!.reports;
    for (const blob of [
      ...r[id('police')]!.submissions[0]!.blobIds!,
      ...r[id('social-worker')]!.submissions[0]!.blobIds!,
    ]) {
      const res = await client.get(`${jade}/reports/${blob}`);
      expect(res.status, blob).toBe(404);
      expect(res.text).not.toContain(MARKER);
    }
  });

  it('the other parent, with nothing shared with them, sees no report and opens nothing', async () => {
    const marcus = await linkPath(s, c.id, named('Marcus Testfamily'), 'rsvp');
    const client = new PageClient(s.url);
    const page = await client.get(marcus);
    expect(page.text).toContain('No one has recorded sharing a report with you yet.');
    expect(page.text).not.toContain('Police report');
    const familyBlob = (await s.rt.deps.store.get(c.id))!.reports[id('police')]!.familyVersions![0]!.blobIds[0]!;
    expect((await client.get(`${marcus}/reports/${familyBlob}`)).status).toBe(404);
    const all = await everythingReachable(marcus);
    expect(all.files).toEqual([]);
    for (const text of all.pages) expect(text).not.toMatch(new RegExp(`${MARKER}|Police report`));
  });

  it('a version for the family that is empty, or comes before the report, is refused naming the field and changes nothing', async () => {
    const before = await snapshot(s, c.id);
    for (const [role, text, message] of [
      ['police', '', 'attach the version for the family or paste its text'],
      ['professional', 'For the family', 'send the report first, then its version for the family'],
    ] as const) {
      const path = await linkPath(s, c.id, id(role), 'report');
      const client = new PageClient(s.url);
      const form = new FormData();
      form.append('_csrf', csrfOf((await client.get(path)).text));
      form.append('_form', 'family');
      form.append('familyText', text);
      const res = await client.request('POST', path, form);
      expect(res.status, role).toBe(400);
      expect(res.text).toContain(message);
      expect(res.text).toContain('href="#family-file"');
    }
    expect(await snapshot(s, c.id)).toEqual(before);
  });

  it('a tampered or revoked link, or a file of another conference, gets 404 or 410 and changes nothing', async () => {
    const rsvp = await linkPath(s, c.id, id('professional'), 'rsvp');
    const fileId = (await s.rt.deps.store.get(c.id))!.reports[id('police')]!.submissions[0]!.blobIds![0]!;
    const elsewhere = (await s.rt.deps.store.get(other.id))!.reports[byRole(other, 'professional').id]!.submissions[0]!
      .blobIds![0]!;
    expect((await s.rt.deps.store.get(c.id))!.reports[id('professional')]!.submissions).toHaveLength(0);
    const before = await snapshot(s, c.id);
    const client = new PageClient(s.url);
    const tampered = rsvp.slice(0, -3) + (rsvp.endsWith('AAA') ? 'BBB' : 'AAA');
    for (const p of [`${tampered}/reports`, `${tampered}/reports/${fileId}`]) {
      const res = await client.get(p);
      expect(res.status, p).toBe(404);
      expect(res.text).not.toContain('Police report');
    }
    const foreign = await client.get(`${rsvp}/reports/${elsewhere}`);
    expect(foreign.status).toBe(404);
    expect((await client.get(`${rsvp}/reports/..%2F..%2Fapi`)).status).toBe(404);
    expect(await snapshot(s, c.id)).toEqual(before);

    await revokeLinks(s.rt.deps, c.id, id('professional'));
    const revoked = await snapshot(s, c.id);
    for (const p of [`${rsvp}/reports`, `${rsvp}/reports/${fileId}`]) {
      const res = await client.get(p);
      expect(res.status, p).toBe(410);
      expect(res.text).not.toContain('Police report');
    }
    expect(await snapshot(s, c.id)).toEqual(revoked);
  });

  it('where different things were withheld from different parents, no parent opens the one family version', async () => {
    const marcus = named('Marcus Testfamily');
    const jade = named('Jade Testfamily');
    // The police officer now shares with Marcus too, withholding something else from him (Jade's new address).
    await post(await linkPath(s, c.id, id('police'), 'report'), {
      _form: 'sharing',
      [`shared-${marcus}`]: '2026-12-20',
      [`withheld-${marcus}`]: "Jade's new address",
    });
    const familyBlob = (await s.rt.deps.store.get(c.id))!.reports[id('police')]!.familyVersions!.at(-1)!.blobIds[0]!;
    for (const who of [jade, marcus]) {
      const path = await linkPath(s, c.id, who, 'rsvp');
      const client = new PageClient(s.url);
      expect((await client.get(`${path}/reports/${familyBlob}`)).status, who).toBe(404);
      const page = (await client.get(`${path}/reports`)).text;
      expect(page, who).toContain('ask the social worker for a copy');
      expect(page, who).not.toContain('two call-outs in 2026');
    }
  });

  it('after a cancellation nothing opens, for professionals or the family', async () => {
    const holders = [
      await linkPath(s, c.id, id('police'), 'report'),
      await linkPath(s, c.id, id('chair'), 'chair'),
      await linkPath(s, c.id, named('Jade Testfamily'), 'rsvp'),
    ];
    const r = (await s.rt.deps.store.get(c.id))!.reports[id('police')]!;
    const files = [r.submissions[0]!.blobIds![0]!, r.familyVersions![0]!.blobIds[0]!];
    expect(
      (
        await s.api('POST', `/api/conferences/${c.id}/cancel`, {
          reason: 'threshold not met',
          requestedBy: 'coordinator',
        })
      ).status,
    ).toBe(200);
    await s.idle();
    const before = await snapshot(s, c.id);
    const client = new PageClient(s.url);
    for (const h of holders) {
      for (const p of [h, `${h}/reports`, ...files.map((f) => `${h}/reports/${f}`)]) {
        const res = await client.get(p);
        expect(res.status, p).toBe(410);
        expect(res.text, p).toContain(`Conference ${c.reference} has been cancelled`);
        expect(res.text).not.toMatch(/Police report|%PDF/);
      }
    }
    expect(await snapshot(s, c.id)).toEqual(before);
  });
});
