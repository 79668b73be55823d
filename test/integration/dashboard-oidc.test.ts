/**
 * Dashboard sign-in with OpenID Connect against a fake provider: the code flow with PKCE from the
 * sign-in page to a session, and every way it can go wrong (tampered state, replay, wrong nonce,
 * wrong audience, bad signature, expired token, token endpoint error, a refused account, an
 * address not allowed) ends on a plain page with no session and nothing changed.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOidc, type FakeOidc } from '../fakes/fake-oidc.ts';
import { byRole, create, holdMeeting, settle } from '../helpers/decision-flow.ts';
import { PageClient, csrfOf, plainText, signedInDashboard, titleOf } from '../helpers/pages.ts';
import { TEST_API_KEY, hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

let svc: TestService;
let idp: FakeOidc;
const EMAIL = 'alex.chair@example.gov.uk';
const SUB = 'subject-7f3a9c';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  idp = await startFakeOidc();
  // The public address must be known before the service starts, so the port is chosen first; another
  // test file can take it in between (EADDRINUSE, seen once in a fresh-clone run): then try another.
  let port = 0;
  for (let attempt = 1; !svc; attempt++) {
    port = await freePort();
    try {
      svc = await startTestService({
        PORT: String(port),
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        OIDC_ISSUER: idp.issuer,
        OIDC_CLIENT_ID: idp.clientId,
        OIDC_CLIENT_SECRET: idp.clientSecret,
        OIDC_ALLOWED_DOMAIN: 'example.gov.uk',
        OIDC_ALLOWED_EMAILS: 'guest@partner.example.org',
      });
    } catch (e) {
      if (attempt >= 5 || !String(e).includes('EADDRINUSE')) throw e;
    }
  }
  expect(svc.url).toBe(`http://127.0.0.1:${port}`);
});
afterAll(async () => {
  await svc?.stop();
  await idp?.close();
});

/** Start → provider: returns the callback path the provider sent the browser back to. */
async function toCallback(client: PageClient): Promise<string> {
  const start = await client.get('/dashboard/oidc');
  expect(start.status, start.text).toBe(303);
  const authorize = new URL(start.location!);
  expect(authorize.origin).toBe(idp.issuer);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('redirect_uri')).toBe(`${svc.url}/dashboard/oidc/callback`);
  const flowCookie = start.headers.getSetCookie().find((c) => c.startsWith('cpc_oidc='))!;
  expect(flowCookie).toMatch(/HttpOnly/);
  expect(flowCookie).toMatch(/Path=\/dashboard\/oidc/);
  expect(flowCookie).toMatch(/Max-Age=600/);
  const back = await fetch(authorize, { redirect: 'manual' });
  expect(back.status).toBe(302);
  const cb = new URL(back.headers.get('location')!);
  expect(cb.origin).toBe(svc.url);
  return cb.pathname + cb.search;
}

/** A refusal: the page says so plainly, there is no session, and the store is untouched. */
async function expectRefused(client: PageClient, callback: string, status: number, heading: RegExp) {
  const before = (await svc.redisKeys()).sort();
  const res = await client.get(callback);
  expect(res.status, res.text).toBe(status);
  expect(res.text).toMatch(heading);
  expect(res.text).toContain('Nothing has been changed');
  expect(res.text).not.toMatch(/Error:|at \S+ \(|OidcError|stack/);
  expect(titleOf(res.text)).toContain('Sign in');
  expect(client.cookies.has('cpc_session')).toBe(false);
  expect(client.cookies.has('cpc_oidc')).toBe(false); // single use, even when refused
  const dash = await client.get('/dashboard');
  expect(dash.status).toBe(303);
  expect(dash.location).toBe('/dashboard/sign-in');
  expect((await svc.redisKeys()).sort()).toEqual(before);
}

describe('dashboard: OpenID Connect sign-in', () => {
  it('the sign-in page offers the authority account', async () => {
    const page = await new PageClient(svc.url).get('/dashboard/sign-in');
    expect(page.text).toContain('Sign in with your authority account');
    expect(page.text).toContain('href="/dashboard/oidc"');
  });

  it('start → provider → callback → session → /dashboard', async () => {
    idp.user = { sub: SUB, email: EMAIL };
    const client = new PageClient(svc.url);
    const cb = await toCallback(client);
    const done = await client.get(cb);
    expect(done.status, done.text).toBe(200);
    expect(done.text).toContain('http-equiv="refresh" content="0;url=/dashboard"');
    expect(client.cookies.has('cpc_session')).toBe(true);
    expect(done.headers.getSetCookie().find((c) => c.startsWith('cpc_session='))).toMatch(/HttpOnly; SameSite=Strict/);
    expect(idp.tokenAuth.at(-1)).toBe('post');
    const dash = await client.get('/dashboard');
    expect(dash.status).toBe(200);
    expect(dash.text).toContain('Sign out');

    // The code and state are single use: replaying the callback is refused (the flow cookie is gone).
    const replay = new PageClient(svc.url);
    await expectRefused(replay, cb, 400, /not valid/);
    // No names, addresses or subjects in the logs.
    const logs = svc.logs.join('\n');
    expect(logs).toContain('dashboard oidc sign-in');
    expect(logs).not.toContain(EMAIL);
    expect(logs).not.toContain(SUB);
  });

  it('an address on OIDC_ALLOWED_EMAILS outside the domain is admitted', async () => {
    idp.user = { sub: 'guest-1', email: 'guest@partner.example.org' };
    const client = new PageClient(svc.url);
    expect((await client.get(await toCallback(client))).status).toBe(200);
    expect((await client.get('/dashboard')).status).toBe(200);
  });

  it('a tampered state is refused', async () => {
    idp.user = { sub: SUB, email: EMAIL };
    const client = new PageClient(svc.url);
    const cb = new URL(await toCallback(client), svc.url);
    cb.searchParams.set('state', `${cb.searchParams.get('state')!.slice(0, -2)}xx`);
    await expectRefused(client, cb.pathname + cb.search, 400, /not valid/);
  });

  it('a tampered flow cookie is refused', async () => {
    const client = new PageClient(svc.url);
    const cb = await toCallback(client);
    const v = client.cookies.get('cpc_oidc')!;
    client.cookies.set('cpc_oidc', `${v.slice(0, -3)}${v.endsWith('AAA') ? 'BBB' : 'AAA'}`);
    await expectRefused(client, cb, 400, /not valid/);
  });

  it('a callback without the flow cookie (another browser) is refused', async () => {
    const client = new PageClient(svc.url);
    const cb = await toCallback(client);
    await expectRefused(new PageClient(svc.url), cb, 400, /not valid/);
  });

  it('an id_token with the wrong nonce is refused', async () => {
    const client = new PageClient(svc.url);
    const cb = await toCallback(client);
    idp.next = { claims: { nonce: 'some-other-sign-in' } };
    await expectRefused(client, cb, 401, /could not be checked/);
  });

  it('an id_token for another audience is refused', async () => {
    const client = new PageClient(svc.url);
    const cb = await toCallback(client);
    idp.next = { claims: { aud: 'some-other-service' } };
    await expectRefused(client, cb, 401, /could not be checked/);
    const c2 = new PageClient(svc.url);
    const cb2 = await toCallback(c2);
    idp.next = { claims: { aud: [idp.clientId, 'some-other-service'], azp: 'some-other-service' } };
    await expectRefused(c2, cb2, 401, /could not be checked/);
  });

  it('an id_token from another issuer is refused', async () => {
    const client = new PageClient(svc.url);
    const cb = await toCallback(client);
    idp.next = { claims: { iss: 'https://login.elsewhere.example' } };
    await expectRefused(client, cb, 401, /could not be checked/);
  });

  it('an id_token with a bad signature is refused', async () => {
    const client = new PageClient(svc.url);
    const cb = await toCallback(client);
    idp.next = { wrongKey: true };
    await expectRefused(client, cb, 401, /could not be checked/);
  });

  it('an expired id_token is refused (beyond the skew)', async () => {
    const client = new PageClient(svc.url);
    const cb = await toCallback(client);
    const now = Math.floor(Date.now() / 1000);
    idp.next = { claims: { iat: now - 1200, exp: now - 600 } };
    await expectRefused(client, cb, 401, /could not be checked/);
  });

  it('a token endpoint error is refused', async () => {
    const client = new PageClient(svc.url);
    const cb = await toCallback(client);
    idp.next = { tokenError: true };
    await expectRefused(client, cb, 502, /refused the sign-in/);
  });

  it('the provider saying no is refused', async () => {
    const client = new PageClient(svc.url);
    const cb = new URL(await toCallback(client), svc.url);
    cb.searchParams.delete('code');
    cb.searchParams.set('error', 'access_denied');
    await expectRefused(client, cb.pathname + cb.search, 401, /refused/);
  });

  it('an address outside OIDC_ALLOWED_DOMAIN / OIDC_ALLOWED_EMAILS is refused', async () => {
    idp.user = { sub: 'outsider-1', email: 'someone@elsewhere.example.com' };
    const client = new PageClient(svc.url);
    await expectRefused(client, await toCallback(client), 403, /may not use the dashboard/);
    idp.user = { sub: 'no-email-1' };
    const c2 = new PageClient(svc.url);
    await expectRefused(c2, await toCallback(c2), 403, /may not use the dashboard/);
    idp.user = { sub: SUB, email: EMAIL };
  });
});

/**
 * Correcting approved minutes from the dashboard (#18): the chair signed in as themselves (the
 * provider's verified email is the chair's) corrects and approves, as on their own link; the
 * coordinator signed in with the key, or anyone else signed in, is refused (403, saying why) and
 * nothing changes.
 */
describe('dashboard: the chair signed in corrects approved minutes; the coordinator may not', () => {
  it(
    'refuses the key session and another account, then takes the chair’s correction and sends it once',
    { timeout: 120_000 },
    async () => {
      const c = await create(svc, hackneyInitialBody({ policy: 'cumbria' }));
      await settle(svc);
      await holdMeeting(svc, c, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45' });
      expect((await svc.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
      await settle(svc);
      const chair = byRole(c, 'chair');
      const minutes = `/api/conferences/${c.id}/minutes`;
      const v1 = (day: string) => `## Discussion\n\nThe next core group is on ${day}.\n\n## Referrer\n\nOIDC-SECRET`;
      expect(
        (await svc.api('POST', minutes, { text: v1('Tuesday'), confidentialSections: ['s2'], by: chair.id })).status,
      ).toBe(201);
      expect((await svc.api('POST', `${minutes}/approve`, { by: chair.id })).status).toBe(200);
      await settle(svc);
      const page = `/dashboard/c/${c.id}/minutes`;
      const fix = {
        _form: 'correct',
        text: v1('Thursday'),
        confidential: 's2',
        reason: 'The date of the next core group was wrong',
      };
      const version = async () => (await svc.api('GET', minutes)).body.version;
      expect(await version()).toBe(1);
      const post = async (client: PageClient, fields: Record<string, string>) =>
        client.post(page, { ...fields, _csrf: csrfOf((await client.get(page)).text) });

      // The coordinator signed in with the key: the page says who may correct, and a correction posted anyway is refused.
      const desk = await signedInDashboard(svc.url, TEST_API_KEY);
      expect((await desk.get(`/dashboard/c/${c.id}`)).text).toContain(`href="/dashboard/c/${c.id}/minutes"`);
      const deskPage = plainText((await desk.get(page)).text);
      expect(deskPage).toContain('Only the chair corrects approved minutes');
      expect(deskPage).not.toContain('Save the correction');
      const byKey = await post(desk, fix);
      expect(byKey.status).toBe(403);
      expect(plainText(byKey.text)).toContain(
        `Not corrected: you are signed in with the coordinator key, not as the chair (${chair.id}) of ${c.reference}`,
      );
      expect(await version()).toBe(1);

      // Someone else on the authority's sign-in (an allowed address, not the chair's): refused, named.
      idp.user = { sub: SUB, email: EMAIL };
      const other = new PageClient(svc.url);
      await other.get(await toCallback(other));
      const byOther = await post(other, fix);
      expect(byOther.status).toBe(403);
      expect(plainText(byOther.text)).toContain(`you are signed in as ${EMAIL}, not as the chair (${chair.id})`);
      expect((await post(other, { _form: 'approve' })).status).toBe(403);
      expect(await version()).toBe(1);

      // The chair signed in as themselves: the correction form, the reason required, then saved and approved.
      idp.user = { sub: 'chair-subject-1', email: chair.email!.toUpperCase() };
      const own = new PageClient(svc.url);
      await own.get(await toCallback(own));
      expect((await own.get(page)).text).toContain('Correct the minutes');
      const noReason = await post(own, { ...fix, reason: '' });
      expect(noReason.status).toBe(400);
      expect(noReason.text).toContain('why the minutes are corrected');
      expect(await version()).toBe(1);
      const saved = await post(own, fix);
      expect(saved.status, saved.text).toBe(303);
      expect(await version()).toBe(2);
      const jade = () =>
        svc.smtp.messages.filter(
          (m) =>
            m.envelopeTo.includes('jade@family.example.com') &&
            /^(Corrected: )?The minutes of your/.test(m.parsed.subject ?? ''),
        );
      await settle(svc);
      const sentBefore = jade().length;
      expect((await own.get(page)).text).toContain('Approve and send the correction');
      expect((await post(own, { _form: 'approve' })).status).toBe(303);
      await settle(svc);
      const fixed = await until('the corrected copy', async () => jade()[sentBefore], 30_000);
      expect(fixed.parsed.subject).toMatch(/^Corrected: /);
      const body = (fixed.parsed.text ?? '').replace(/\s+/g, ' ');
      expect(body).toContain('The date of the next core group was wrong');
      expect(body).toContain('The next core group is on Thursday.');
      expect(body).not.toContain('OIDC-SECRET');
      const audit = (await svc.rt.deps.store.readAudit(c.id)).filter((e) => e.action === 'minutes.corrected');
      expect(audit.map((e) => [e.actor, (e.detail as any).chair])).toEqual([[`oidc:${chair.email}`, chair.id]]);
      idp.user = { sub: SUB, email: EMAIL };
    },
  );
});
