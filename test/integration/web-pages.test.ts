/**
 * The personal-link pages and the dashboard at fetch level, against the whole service: a GET never
 * changes anything, a POST needs the CSRF token bound to its link, expired / tampered / revoked
 * links get a clear page and change nothing, link endpoints are rate limited, and pages carry a
 * strict CSP, no-store and no names in titles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeLinks, signLink } from '../../src/app/credentials/links.ts';
import { FIXTURE_FAMILY_NAMES } from '../helpers/fixtures.ts';
import {
  csrfOf,
  linkPath,
  linksInMail,
  PageClient,
  purposeOf,
  snapshot as snapshotOf,
  titleOf,
} from '../helpers/pages.ts';
import { hackneyInitialBody, startTestService, TEST_API_KEY, type TestService } from '../helpers/service.ts';

let svc: TestService;
let conf: { id: string; reference: string; attendees: { id: string; role: string; email?: string }[] };
const byRole = (role: string) => conf.attendees.find((a) => a.role === role)!;

/** What a request could have changed (see helpers/pages.ts). */
const snapshot = () => snapshotOf(svc, conf.id);

beforeAll(async () => {
  svc = await startTestService({ LINK_RATE_LIMIT_BURST: '1000' });
  const r = await svc.api('POST', '/api/conferences', hackneyInitialBody());
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  conf = r.body;
  await svc.advanceTo(new Date(svc.rt.clock.now().getTime() + 1000).toISOString());
});
afterAll(async () => {
  await svc?.stop();
});

describe('personal links', () => {
  it('arrive in the invitation and the report request, one per purpose, with no names in them', async () => {
    const links = linksInMail(svc, 'sw@example.gov.uk');
    expect(new Set(links.map(purposeOf))).toEqual(new Set(['rsvp', 'report']));
    const chair = linksInMail(svc, 'chair@example.gov.uk').map(purposeOf);
    expect(chair).toEqual(expect.arrayContaining(['rsvp', 'chair', 'checklist']));
    expect(linksInMail(svc, 'jade@family.example.com').map(purposeOf)).toEqual(['rsvp']);
    for (const l of [...links, ...linksInMail(svc, 'chair@example.gov.uk')])
      for (const n of FIXTURE_FAMILY_NAMES) expect(l).not.toContain(n);
  });

  it('GET (and HEAD) of every kind of page changes nothing, with a strict CSP, no-store and no names in the title', async () => {
    const before = await snapshot();
    const client = new PageClient(svc.url);
    const paths = [
      await linkPath(svc, conf.id, byRole('social-worker').id, 'report'),
      await linkPath(svc, conf.id, byRole('social-worker').id, 'rsvp'),
      await linkPath(svc, conf.id, byRole('police').id, 'views'),
      await linkPath(svc, conf.id, byRole('parent').id, 'rsvp'),
      await linkPath(svc, conf.id, byRole('chair').id, 'chair'),
      await linkPath(svc, conf.id, byRole('chair').id, 'checklist'),
    ];
    for (const p of paths) {
      for (let i = 0; i < 2; i++) {
        const res = await client.get(p);
        expect(res.status, p).toBe(200);
        const csp = res.headers.get('content-security-policy')!;
        expect(csp).toContain("default-src 'none'");
        expect(csp).not.toMatch(/unsafe-inline|script-src/);
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(res.text).not.toMatch(/<script/i);
        for (const n of FIXTURE_FAMILY_NAMES) expect(titleOf(res.text)).not.toContain(n);
        expect(csrfOf(res.text)).not.toBe('');
      }
      expect((await client.request('HEAD', p)).status).toBe(200);
    }
    // Only the chair's page shows names in its body; an attendee's views page does not.
    const chairPage = await client.get(paths[4]!);
    expect(chairPage.text).toContain('Ruby Testfamily');
    const viewsPage = await client.get(paths[2]!);
    for (const n of FIXTURE_FAMILY_NAMES) expect(viewsPage.text).not.toContain(n);
    expect(await snapshot()).toEqual(before);
  });

  it('a POST without the CSRF token, with a wrong one, or with another link’s token is refused and changes nothing', async () => {
    const rsvp = await linkPath(svc, conf.id, byRole('police').id, 'rsvp');
    const other = await linkPath(svc, conf.id, byRole('police').id, 'views');
    const before = await snapshot();
    const bare = new PageClient(svc.url);
    expect((await bare.post(rsvp, { answer: 'accepted' })).status).toBe(403);
    const client = new PageClient(svc.url);
    await client.get(rsvp);
    expect((await client.post(rsvp, { answer: 'accepted', _csrf: 'x'.repeat(43) })).status).toBe(403);
    const foreign = csrfOf((await client.get(other)).text);
    const refused = await client.post(rsvp, { answer: 'accepted', _csrf: foreign });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Nothing has been changed');
    // Same token but without the cookie it was made for.
    const token = csrfOf((await client.get(rsvp)).text);
    expect((await bare.post(rsvp, { answer: 'accepted', _csrf: token })).status).toBe(403);
    expect(await snapshot()).toEqual(before);

    const ok = await client.post(rsvp, {
      answer: 'declined',
      _csrf: token,
      deputyName: 'Dee Deputy',
      deputyEmail: 'dee@police.example.uk',
    });
    expect(ok.status).toBe(303);
    expect(ok.location).toBe(`${rsvp}?done=rsvp`);
    const c = await svc.rt.deps.store.get(conf.id);
    expect(c!.attendees.find((a) => a.role === 'police')!.rsvp).toBe('declined');
    expect((await client.get(ok.location!)).text).toContain('We have your answer: Not attending');
    // The chair and the coordinator are asked to add the deputy, in these words (content/templates/short-notices.ts).
    const nominated = svc.smtp.messages.filter(
      (m) => m.parsed.subject === `${conf.reference}: deputy nominated by the police`,
    );
    expect(nominated.map((m) => m.envelopeTo[0]).sort()).toEqual([
      'chair@example.gov.uk',
      'coordinator@example.gov.uk',
    ]);
    const said = `${conf.reference}: the police (Police) cannot attend and nominates Dee Deputy <dee@police.example.uk> to attend in their place.`;
    const textTo = (address: string) => nominated.find((m) => m.envelopeTo[0] === address)!.parsed.text?.trim();
    expect(textTo('coordinator@example.gov.uk')).toBe(
      `${said} Please add them as an attendee so they receive their own invitation.`,
    );
    // The chair, who cannot add attendees, is told the coordinator has been asked to.
    expect(textTo('chair@example.gov.uk')).toBe(
      `${said} The coordinator has been asked to add them as an attendee, so they receive their own invitation.`,
    );
    // The officer who has just named a deputy is not asked, in the same minute, to nominate one.
    await svc.idle();
    const asked = svc.smtp.messages.filter(
      (m) => m.envelopeTo.includes(byRole('police').email!) && /please nominate a deputy/.test(m.parsed.subject ?? ''),
    );
    expect(asked).toHaveLength(0);
  });

  it('a report uploaded as a file stops that author’s chasers and is acknowledged', async () => {
    const sw = byRole('social-worker');
    const path = linksInMail(svc, sw.email!).find((l) => purposeOf(l) === 'report')!;
    const chasersBefore = (await svc.api('GET', `/api/conferences/${conf.id}`)).body.pendingJobs.filter(
      (j: any) => j.chases?.includes(sw.id) && j.step !== 'report-sharing-check',
    );
    expect(chasersBefore.length).toBeGreaterThan(0);
    const client = new PageClient(svc.url);
    const page = await client.get(path);
    const form = new FormData();
    form.append('_csrf', csrfOf(page.text));
    form.append('file', new Blob(['%PDF-1.4 report'], { type: 'application/pdf' }), 'report.pdf');
    form.append('text', '');
    const parent = conf.attendees.find((a) => a.role === 'parent')!;
    form.append(`shared-${parent.id}`, '2026-11-30');
    form.append(`withheld-${parent.id}`, 'Nothing withheld');
    const res = await client.request('POST', path, form);
    expect(res.status, res.text).toBe(303);
    const view = (await svc.api('GET', `/api/conferences/${conf.id}`)).body;
    expect(view.reports[sw.id].status).toBe('received');
    expect(view.reports[sw.id].submissions[0].sharedWithFamily).toEqual([
      { parentId: parent.id, sharedOn: '2026-11-30', withheld: 'Nothing withheld' },
    ]);
    expect(
      view.pendingJobs.filter(
        (j: any) =>
          (j.attendeeId === sw.id || j.chases?.includes(sw.id)) &&
          j.step !== 'report-notices' &&
          j.step !== 'report-sharing-check',
      ),
    ).toEqual([]);
    expect((await client.get(res.location!)).text).toContain('We received your report');
  });

  it('an empty report is refused with the reason on the page', async () => {
    const path = await linkPath(svc, conf.id, byRole('professional').id, 'report');
    const client = new PageClient(svc.url);
    const form = new FormData();
    form.append('_csrf', csrfOf((await client.get(path)).text));
    form.append('text', '  ');
    const res = await client.request('POST', path, form);
    expect(res.status).toBe(400);
    expect(res.text).toContain('There is a problem');
    expect(res.text).toContain('Choose the report file or paste its text');
  });

  it('expired, tampered and revoked links get a clear page and change nothing, GET or POST', async () => {
    const police = byRole('police');
    const secret = svc.rt.config.LINK_SECRET;
    const past = Math.floor(svc.rt.clock.now().getTime() / 1000) - 60;
    const expired = `/l/${signLink(secret, { conferenceId: conf.id, attendeeId: police.id, purpose: 'rsvp', exp: past, version: 1 })}`;
    const good = await linkPath(svc, conf.id, police.id, 'rsvp');
    const token = good.slice(3);
    const [body, mac] = token.split('.') as [string, string];
    const forged = JSON.parse(Buffer.from(body, 'base64url').toString());
    forged.a = byRole('social-worker').id;
    const tampered = `/l/${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${mac}`;
    const truncated = good.slice(0, -3);
    const client = new PageClient(svc.url);
    const fresh = await client.get(good);
    const csrf = csrfOf(fresh.text);
    const before = await snapshot();

    const e = await client.get(expired);
    expect(e.status).toBe(410);
    expect(e.text).toContain('This link has expired');
    for (const t of [tampered, truncated]) {
      const r = await client.get(t);
      expect(r.status).toBe(404);
      expect(r.text).toContain('This link does not work');
      expect((await client.post(t, { answer: 'accepted', _csrf: csrf })).status).toBe(404);
    }
    expect((await client.post(expired, { answer: 'accepted', _csrf: csrf })).status).toBe(410);
    expect(await snapshot()).toEqual(before);

    await revokeLinks(svc.rt.deps, conf.id, police.id);
    const afterRevoke = await snapshot();
    const r = await client.get(good);
    expect(r.status).toBe(410);
    expect(r.text).toContain('This link has been replaced');
    expect((await client.post(good, { answer: 'accepted', _csrf: csrf })).status).toBe(410);
    expect(await snapshot()).toEqual(afterRevoke);
    // A new link works.
    expect((await client.get(await linkPath(svc, conf.id, police.id, 'rsvp'))).status).toBe(200);
  });

  it('a link for one purpose cannot be used for the chair’s page', async () => {
    const secret = svc.rt.config.LINK_SECRET;
    const exp = Math.floor(svc.rt.clock.now().getTime() / 1000) + 3600;
    const notChair = `/l/${signLink(secret, { conferenceId: conf.id, attendeeId: byRole('police').id, purpose: 'chair', exp, version: 2 })}`;
    expect((await new PageClient(svc.url).get(notChair)).status).toBe(403);
  });
});

describe('dashboard', () => {
  it('needs sign-in with the key; the session cookie is HttpOnly and SameSite=Strict', async () => {
    const client = new PageClient(svc.url);
    const first = await client.get('/dashboard');
    expect(first.status).toBe(303);
    expect(first.location).toBe('/dashboard/sign-in');
    const form = await client.get('/dashboard/sign-in');
    expect(form.text).toContain('not set up on this service');
    expect((await client.post('/dashboard/sign-in', { key: TEST_API_KEY })).status).toBe(403); // no CSRF token
    const wrong = await client.post('/dashboard/sign-in', { key: 'wrong-key-wrong-key', _csrf: csrfOf(form.text) });
    expect(wrong.status).toBe(401);
    const ok = await client.post('/dashboard/sign-in', { key: TEST_API_KEY, _csrf: csrfOf(wrong.text) });
    expect(ok.status).toBe(303);
    const res = await fetch(`${svc.url}/dashboard/sign-in`, {
      method: 'POST',
      headers: {
        cookie: `cpc_csrf=${client.cookies.get('cpc_csrf')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ key: TEST_API_KEY, _csrf: csrfOf(wrong.text) }),
      redirect: 'manual',
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cpc_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const list = await client.get('/dashboard');
    expect(list.status).toBe(200);
    expect(list.text).toContain(conf.reference);
    expect(list.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const one = await client.get(`/dashboard/c/${conf.id}`);
    expect(one.status).toBe(200);
    expect(one.text).toContain('Audit trail');
    expect(titleOf(one.text)).toBe(`Conference ${conf.reference} – Child protection conference`);
    // A forged session cookie is ignored.
    const forged = new PageClient(svc.url);
    forged.cookies.set(
      'cpc_session',
      `${Buffer.from(JSON.stringify({ sid: 'x'.repeat(22), exp: Date.now() + 1e6 })).toString('base64url')}.${'A'.repeat(43)}`,
    );
    expect((await forged.get('/dashboard')).status).toBe(303);
  });
});

describe('dashboard: failed jobs', () => {
  it('lists a failed job for its conference and retries it with a POST (CSRF-protected)', async () => {
    svc.smtp.refuse = true;
    const r = await svc.api('POST', '/api/conferences', hackneyInitialBody());
    expect(r.status).toBe(201);
    const id: string = r.body.id;
    await svc.advanceTo(new Date(svc.rt.clock.now().getTime() + 1000).toISOString());
    const failedFor = async () =>
      ((await svc.api('GET', '/api/jobs/failed')).body as { id: string; conferenceId: string }[]).filter(
        (j) => j.conferenceId === id,
      );
    await expect.poll(async () => (await failedFor()).length, { timeout: 15_000, interval: 250 }).toBeGreaterThan(0);
    svc.smtp.refuse = false;
    const [job] = await failedFor();

    const client = new PageClient(svc.url);
    const form = await client.get('/dashboard/sign-in');
    await client.post('/dashboard/sign-in', { key: TEST_API_KEY, _csrf: csrfOf(form.text) });
    const page = await client.get(`/dashboard/c/${id}`);
    expect(page.text).toContain('Failed jobs');
    const action = `/dashboard/c/${id}/jobs/${encodeURIComponent(job!.id)}/retry`;
    expect(page.text).toContain(`action="${action}"`);
    expect((await client.post(action, {})).status).toBe(403);
    const done = await client.post(action, { _csrf: csrfOf(page.text) });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`/dashboard/c/${id}?done=retried`);
    await expect
      .poll(async () => (await failedFor()).some((j) => j.id === job!.id), { timeout: 15_000, interval: 250 })
      .toBe(false);
    expect((await svc.rt.deps.store.readAudit(id)).some((e) => e.action === 'job.retried')).toBe(true);
  });
});

describe('rate limit', () => {
  it('answers 429 on link endpoints once a client exceeds its bucket', async () => {
    const small = await startTestService({ LINK_RATE_LIMIT_BURST: '3', LINK_RATE_LIMIT_PER_MINUTE: '1' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(`${small.url}/l/not-a-token`)).status);
      expect(statuses.slice(0, 3)).toEqual([404, 404, 404]);
      expect(statuses[3]).toBe(429);
      const res = await fetch(`${small.url}/l/not-a-token`);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await res.text()).toContain('too many requests');
      // The API is not behind this bucket.
      expect((await small.api('GET', '/api/conferences')).status).toBe(200);
    } finally {
      await small.stop();
    }
  });
});
