/** The Teams meeting side panel's configuration page: the only page with script, same-origin only, and it never saves a personal link. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.ts';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => svc.stop());

describe('Teams tab configuration', () => {
  it('serves the Teams SDK from our origin and allows only same-origin script on that one page', async () => {
    const res = await fetch(`${svc.url}/tab/config`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('frame-ancestors https://teams.microsoft.com');
    const body = await res.text();
    expect(body).toContain('<script src="/static/teams-js.min.js" defer></script>');
    expect(body).toContain('<script src="/static/tab-config.js" defer></script>');

    const sdk = await fetch(`${svc.url}/static/teams-js.min.js`);
    expect(sdk.status).toBe(200);
    expect(sdk.headers.get('content-type')).toContain('javascript');
    expect(await sdk.text()).toContain('microsoftTeams');

    const config = await (await fetch(`${svc.url}/static/tab-config.js`)).text();
    expect(config).toContain("window.location.origin + '/tab'");
    expect(config).toContain('setConfig');
    expect(config).not.toMatch(/link=/);

    // Every other page stays script-free.
    const panel = await fetch(`${svc.url}/tab`);
    expect(panel.headers.get('content-security-policy')).not.toContain('script-src');
    expect(await panel.text()).not.toContain('<script');
  });
});
