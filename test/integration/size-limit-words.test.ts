/**
 * A value too long, too short, too many or out of range is named in plain words, at the API as on
 * the pages: "too long: at most 80 characters", "must be at least 30". Before, people saw zod's own
 * "Too big: expected string to have <=80 characters" (a chair saw "Too big: expected number to be
 * <=10" for the scale on the chair's page). Messages a schema writes itself are kept.
 */
import { describe, expect, it } from 'vitest';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';

const start = startedServices();

describe('size limits in words', () => {
  it('names each field with its limit in plain words, and nothing is created', async () => {
    const s = await start();
    const body = hackneyInitialBody({ durationMinutes: 10 }) as Record<string, any>;
    body.children = [
      { firstName: 'R'.repeat(81), lastName: 'Testfamily', dateOfBirth: '2019-05-02' },
      ...Array.from({ length: 12 }, () => ({ firstName: 'Leo', lastName: 'Testfamily', dateOfBirth: '2022-09-17' })),
    ];
    body.attendees[0].name = '';
    const r = await s.api('POST', '/api/conferences', body);
    expect(r.status).toBe(400);
    expect(r.body.issues).toEqual(
      expect.arrayContaining([
        { field: 'durationMinutes', message: 'must be at least 30' },
        { field: 'children', message: 'too many: at most 12 items' },
        { field: 'children.0.firstName', message: 'too long: at most 80 characters' },
      ]),
    );
    for (const i of r.body.issues) expect(i.message).not.toMatch(/Too (big|small)/);
    expect(r.body.issues.find((i: { field: string }) => i.field === 'attendees.0.name')).toBeDefined();
    expect((await s.api('GET', '/api/conferences')).body).toEqual([]);
  });
});
