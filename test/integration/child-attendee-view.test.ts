/**
 * A child attendee is one child (trial finding): on a conference with three children, a child who
 * attends says which child they are (`childIds`, exactly one). Their own view is recorded for that
 * child only: given for a sibling it is refused naming childId, and nothing is recorded. A child
 * attendee named by no child, or by two, is refused at creation (and when added) naming childIds;
 * the dashboard's "add someone" form offers the conference's children to choose from.
 */
import { describe, expect, it } from 'vitest';
import { create, settle } from '../helpers/decision-flow.ts';
import { oneService } from '../helpers/every-preset.ts';
import { csrfOf, signedInDashboard } from '../helpers/pages.ts';
import { hackneyInitialBody, TEST_API_KEY } from '../helpers/service.ts';

const s = oneService();
const CHILDREN = [
  { firstName: 'Ruby', lastName: 'Testfamily', dateOfBirth: '2019-05-02' },
  { firstName: 'Leo', lastName: 'Testfamily', dateOfBirth: '2024-09-17' },
  { firstName: 'Mia', lastName: 'Testfamily', dateOfBirth: '2011-03-01' },
];
const body = (child: Record<string, unknown>) => {
  const b = hackneyInitialBody({ children: CHILDREN }) as { attendees: Record<string, unknown>[] };
  b.attendees.push({ name: 'Mia Testfamily', role: 'child', ...child });
  return b;
};

describe('a child attendee is one child', () => {
  it('is refused at creation without saying which child, or naming two', async () => {
    const before = (await s.api('GET', '/api/conferences')).body.length;
    const none = await s.api('POST', '/api/conferences', body({}));
    expect(none.status).toBe(400);
    expect(none.body.issues).toContainEqual({
      field: 'attendees.6.childIds',
      message:
        'required for a child attendee when the conference has 3 children: which child they are, as childIds: ["c1"] (c1 to c3 in the order given)',
    });
    const two = await s.api('POST', '/api/conferences', body({ childIds: ['c2', 'c3'] }));
    expect(two.status).toBe(400);
    expect(two.body.issues).toContainEqual({
      field: 'attendees.6.childIds',
      message: 'a child attendee is one child: give exactly one child id, which child they are (2 given)',
    });
    expect((await s.api('GET', '/api/conferences')).body.length).toBe(before);
  });

  it('their own view is for their own child: given for a sibling it is refused naming childId, nothing recorded', async () => {
    const c = await create(s, body({ childIds: ['c3'] }));
    await settle(s);
    const mia = c.attendees.find((a) => a.role === 'child')!;
    await s.advanceTo('2027-01-04T09:55:00Z');
    expect((await s.api('POST', `/api/conferences/${c.id}/start`, {})).status).toBe(200);
    const view = (childId: string) => ({
      childsView: true,
      attendeeId: mia.id,
      childId,
      rationale: 'I want to stay at home with my brother',
    });
    const wrong = await s.api('POST', `/api/conferences/${c.id}/views`, view('c2'));
    expect(wrong.status).toBe(400);
    expect(wrong.body.issues).toEqual([
      { field: 'childId', message: `${mia.id} is the child c3: their own view is not c2's` },
    ]);
    expect((await s.api('GET', `/api/conferences/${c.id}`)).body.views).toEqual([]);
    const right = await s.api('POST', `/api/conferences/${c.id}/views`, view('c3'));
    expect(right.status, JSON.stringify(right.body)).toBe(201);
    const views = (await s.api('GET', `/api/conferences/${c.id}`)).body.views;
    expect(views.map((v: { childId: string; attendeeId: string }) => [v.childId, v.attendeeId])).toEqual([
      ['c3', mia.id],
    ]);
  });

  it("the dashboard's add form offers the children, and adding a child without choosing is refused naming the field", async () => {
    const c = await create(s, hackneyInitialBody({ children: CHILDREN, startsAt: '2027-02-15T10:00' }));
    await settle(s);
    const client = await signedInDashboard(s.url, TEST_API_KEY);
    const page = await client.get(`/dashboard/c/${c.id}/people`);
    expect(page.text).toContain('Which child they are');
    expect(page.text).toMatch(/<option value="c3">Child 3: Mia Testfamily, aged \d+<\/option>/);
    const fields = {
      name: 'Mia Testfamily',
      role: 'child',
      contactPreference: 'via-social-worker',
      requestedBy: 'Chair',
    };
    const post = (more: Record<string, string>) =>
      client.post(`/dashboard/c/${c.id}/attendees/add`, {
        _csrf: csrfOf(page.text),
        ...Object.fromEntries(
          Object.entries({ ...fields, ...more }).map(([k, v]) => [k === 'requestedBy' ? k : `add-${k}`, v]),
        ),
      });
    const refused = await post({});
    expect(refused.text).toContain('required for a child attendee when the conference has 3 children');
    expect(
      (await s.api('GET', `/api/conferences/${c.id}`)).body.attendees.some((a: { role: string }) => a.role === 'child'),
    ).toBe(false);
    await post({ childIds: 'c3' });
    const added = (await s.api('GET', `/api/conferences/${c.id}`)).body.attendees.find(
      (a: { role: string }) => a.role === 'child',
    );
    expect(added.childIds).toEqual(['c3']);
  });
});
