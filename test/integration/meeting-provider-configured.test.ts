/**
 * A conference asking for a meeting provider this service has no credentials for: refused when it
 * is booked, naming the field and what is missing, and nothing is created. Before, it was booked
 * (201, no warning) and its invitations failed in the background, so nobody was invited.
 */
import { describe, expect, it } from 'vitest';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';

const start = startedServices();

describe('a meeting provider the service cannot use', () => {
  it('is refused at booking, naming meetingProvider, and nothing is created', async () => {
    const s = await start();
    for (const [provider, missing] of [
      ['teams', 'GRAPH_TENANT_ID'],
      ['google', 'GOOGLE_SERVICE_ACCOUNT_KEY_FILE'],
    ] as const) {
      const r = await s.api('POST', '/api/conferences', hackneyInitialBody({ meetingProvider: provider }));
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.issues).toEqual([{ field: 'meetingProvider', message: expect.stringContaining(missing) }]);
    }
    expect((await s.api('GET', '/api/conferences')).body).toEqual([]);
    expect(s.smtp.messages).toEqual([]);

    // The development provider is always there.
    const ok = await s.api('POST', '/api/conferences', hackneyInitialBody({ meetingProvider: 'local' }));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });
});
