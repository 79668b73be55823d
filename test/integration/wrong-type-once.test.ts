/**
 * A field given a value of the wrong type is named once, for its type. Before, a view with
 * "categories": "neglect" (a word, not a list) also got "Too big: expected string to have <=4
 * characters": zod measured the word against the list's limit of four categories.
 */
import { describe, expect, it } from 'vitest';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';

const start = startedServices();

describe('a value of the wrong type', () => {
  it('is named once, for its type, beside the other fields’ problems', async () => {
    const s = await start();
    const c = await s.api('POST', '/api/conferences', hackneyInitialBody());
    expect(c.status).toBe(201);
    const r = await s.api('POST', `/api/conferences/${c.body.id}/views`, {
      attendeeId: 'a2',
      childId: 'c1',
      recommendation: 'child-protection-plan',
      categories: 'neglect',
      rationale: 'Neglect of health needs',
      scale: 11,
    });
    expect(r.status).toBe(400);
    expect(r.body.issues).toEqual([
      { field: 'categories', message: 'Invalid input: expected array, received string' },
      { field: 'scale', message: expect.stringMatching(/10/) },
    ]);
  });
});
