/**
 * A conference given without a mode takes the policy's first (#18 trial finding 8): Hackney's is
 * virtual, so no venue is needed (it was refused with "required for a undefined conference");
 * Hampshire's is in person, so the venue is asked for in plain words.
 */
import { describe, expect, it } from 'vitest';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';

const start = startedServices();

describe('venue required by the way of meeting', () => {
  it(
    'Hackney without mode needs no venue; Hampshire without mode or venue is told why; in person without venue reads "an in-person conference"',
    { timeout: 60_000 },
    async () => {
      const s = await start();
      const { mode: _m, ...noMode } = hackneyInitialBody();
      const hackney = await s.api('POST', '/api/conferences', noMode);
      expect(hackney.status, JSON.stringify(hackney.body)).toBe(201);
      expect((await s.api('GET', `/api/conferences/${hackney.body.id}`)).body.mode).toBe('virtual');

      const hampshire = await s.api('POST', '/api/conferences', { ...noMode, policy: 'hampshire' });
      expect(hampshire.status).toBe(400);
      expect(hampshire.body.issues).toContainEqual({
        field: 'venue',
        message: "required for an in-person conference (the Hampshire policy's usual way of meeting)",
      });

      const inPerson = await s.api('POST', '/api/conferences', { ...noMode, mode: 'in-person' });
      expect(inPerson.status).toBe(400);
      expect(inPerson.body.issues).toContainEqual({ field: 'venue', message: 'required for an in-person conference' });
      expect(JSON.stringify([hampshire.body, inPerson.body])).not.toMatch(/undefined|\ba in-person/);
    },
  );
});
