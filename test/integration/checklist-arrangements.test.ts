/**
 * The chair's pre-meeting checklist knows the arrangements (issue #19.2/#19.6), through the running
 * service: with a mother who needs a Polish interpreter, the checklist page has "the interpreter is
 * here" and "the arrangements are in place", and warns what is not confirmed yet; once the
 * coordinator confirms the booking the warning goes. Without anyone needing an interpreter those
 * items are not there, and ticking one is refused naming the field, changing nothing.
 */
import { describe, expect, it } from 'vitest';
import { create, settle } from '../helpers/decision-flow.ts';
import { linksInMail, PageClient, purposeOf, snapshot } from '../helpers/pages.ts';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';

const start = startedServices();
const JADE = 'jade@family.example.com';
const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z#0-9]+;/g, ' ')
    .replace(/\s+/g, ' ');

describe("the chair's pre-meeting checklist", () => {
  it(
    'asks about the interpreter and the arrangements only where there are some, and says what is not confirmed',
    { timeout: 60_000 },
    async () => {
      const s = await start();
      const b = hackneyInitialBody() as { attendees: Record<string, unknown>[] } & Record<string, unknown>;
      b.attendees = b.attendees.map((a) =>
        a['email'] === JADE ? { ...a, interpreterNeeded: true, language: 'Polish' } : a,
      );
      const c = await create(s, b);
      await settle(s);
      const path = linksInMail(s, 'chair@example.gov.uk').find((l) => purposeOf(l) === 'checklist')!;
      const client = new PageClient(s.url);
      let page = plain((await client.get(path)).text);
      expect(page).toContain('The interpreter is here and has been introduced');
      expect(page).toContain('Checked the arrangements are in place (interpreter, accessibility, advocacy referral)');
      expect(page).toContain('Not confirmed yet, check before you start: Book an interpreter who speaks Polish.');
      expect((await s.api('POST', `/api/conferences/${c.id}/tasks/t1/done`, {})).status).toBe(200);
      page = plain((await client.get(path)).text);
      expect(page).not.toContain('Not confirmed yet');
      const r = await s.api('POST', `/api/conferences/${c.id}/checklist`, { item: 'interpreter-present' });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(Object.keys(r.body.checklist)).toEqual(['interpreter-present']);

      // Nobody needs an interpreter here: no such item, and ticking it is refused.
      const other = await create(s, hackneyInitialBody());
      await settle(s);
      const before = await snapshot(s, other.id);
      const bad = await s.api('POST', `/api/conferences/${other.id}/checklist`, { item: 'interpreter-present' });
      expect(bad.status).toBe(400);
      expect(bad.body.issues).toEqual([
        { field: 'item', message: "not on this conference's checklist (nobody needs an interpreter)" },
      ]);
      expect(await snapshot(s, other.id)).toEqual(before);
    },
  );
});
