/**
 * `/privacy` and `/terms`, where the Teams app's manifest points: real pages that name the data
 * controller and where its privacy notice is, the authority's own text, or a redirect to the
 * authority's own page; production refuses a link that is not https, naming the variable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configProblems, PRODUCTION_ENV } from '../helpers/config.ts';
import { startTestService, type TestService } from '../helpers/service.ts';

const get = (svc: TestService, path: string) => fetch(svc.url + path, { redirect: 'manual' });
const textOf = (page: string) =>
  page
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('with the authority named by its policy, and terms of its own', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({
      DEFAULT_POLICY: 'hackney',
      TERMS_TEXT: 'Use this service only for your own conference.\n\n  Report misuse to <the team> & the council.  \n',
    });
  });
  afterAll(() => svc.stop());

  it('/privacy says who the data controller is and where its privacy notice is', async () => {
    const res = await get(svc, '/privacy');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await res.text();
    expect(page).toContain('<title>Privacy notice – Child protection conference</title>');
    const text = textOf(page);
    expect(text).toContain('London Borough of Hackney is the data controller for the information this service holds.');
    expect(text).toContain(
      "It is on London Borough of Hackney's website, or the conference team can send you a copy: coordinator@example.gov.uk.",
    );
    expect(page).toContain('<a href="https://ico.org.uk/make-a-complaint/">');
  });

  it("/terms shows the authority's own text, a paragraph a line, escaped", async () => {
    const res = await get(svc, '/terms');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<h1>Terms of use</h1>');
    expect(page).toContain(
      '<p>Use this service only for your own conference.</p><p>Report misuse to &lt;the team&gt; &amp; the council.</p>',
    );
  });
});

describe("with the national policy and the authority's own privacy notice", () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ PRIVACY_URL: 'https://www.riverside.example.gov.uk/privacy/childrens-services' });
  });
  afterAll(() => svc.stop());

  it("/privacy sends the browser to the authority's notice", async () => {
    const res = await get(svc, '/privacy');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://www.riverside.example.gov.uk/privacy/childrens-services');
  });

  it('/terms names no council the configuration does not name', async () => {
    const text = textOf(await (await get(svc, '/terms')).text());
    expect(text).toContain(
      'This service is provided by the local authority (council) that arranged the conference for the people invited',
    );
    expect(text).not.toMatch(/England \(national guidance\)/);
  });
});

describe('configuration', () => {
  const production = { ...PRODUCTION_ENV, INBOUND_MODE: 'graph', GRAPH_INBOUND_MAILBOX: 'reports@example.gov.uk' };
  const problems = configProblems;

  it('production refuses a privacy or terms link that is not https, naming the variable', () => {
    expect(problems(production)).toEqual([]);
    expect(
      problems({
        ...production,
        PRIVACY_URL: 'http://www.example.gov.uk/privacy',
        TERMS_URL: 'http://www.example.gov.uk/terms',
      }),
    ).toEqual([
      "PRIVACY_URL: must be https in production (Teams and the service's pages link to it)",
      "TERMS_URL: must be https in production (Teams and the service's pages link to it)",
    ]);
    expect(problems({ ...production, PRIVACY_URL: 'https://www.example.gov.uk/privacy' })).toEqual([]);
  });

  it('refuses a link and a text for the same page, and a link that is not a web address', () => {
    expect(problems({ PRIVACY_URL: 'https://www.example.gov.uk/privacy', PRIVACY_TEXT: 'Our notice.' })).toEqual([
      "PRIVACY_URL, PRIVACY_TEXT: set one or neither (a page of text, or a link to the authority's notice)",
    ]);
    expect(problems({ TERMS_URL: 'javascript:alert(1)' })).toEqual([
      'TERMS_URL: expected a URL (https; http only outside production)',
    ]);
  });
});
