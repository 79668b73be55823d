/**
 * The chair's page has the attendance register (trial as a chair): the decision form asked the chair
 * to "record the attendance" before it would count the conference as quorate, but only Teams and the
 * coordinator's API could. The chair ticks who is present and who sent apologies; the page says
 * whether that is quorate, the decision no longer asks why it goes ahead inquorate, and a forged
 * post is refused, naming the field, with nothing changed.
 */
import { describe, expect, it } from 'vitest';
import { byRole, create, settle } from '../helpers/decision-flow.ts';
import { csrfOf, linkPath, PageClient, plainText } from '../helpers/pages.ts';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';

const start = startedServices();

describe("the chair's attendance register on the chair's page", () => {
  it(
    'records who is present and who sent apologies, and the quorum it gives, before the decision',
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const c = await create(s, hackneyInitialBody());
      await settle(s);
      await s.advanceTo('2027-01-04T10:00');
      expect((await s.api('POST', `/api/conferences/${c.id}/start`, {})).status).toBe(200);
      const chair = byRole(c, 'chair');
      const path = await linkPath(s, c.id, chair.id, 'chair');
      const client = new PageClient(s.url);
      let page = await client.get(path);
      expect(plainText(page.text)).toContain('No attendance register yet: record who is present to check the quorum.');
      expect(page.text).toContain('name="inquorateReason"');

      // A forged register naming someone who is not an attendee: refused beside the form, nothing saved.
      const forged = await client.post(path, { _csrf: csrfOf(page.text), action: 'attendance', present: 'a99' });
      expect(forged.status).toBe(400);
      expect(plainText(forged.text)).toContain('not attendees: a99');
      expect((await s.api('GET', `/api/conferences/${c.id}`)).body.attendance).toBeUndefined();

      page = await client.get(path);
      const present = ['chair', 'social-worker', 'professional'].map((r) => byRole(c, r).id);
      const police = byRole(c, 'police').id;
      const form = new URLSearchParams({ _csrf: csrfOf(page.text), action: 'attendance' });
      for (const id of present) form.append('present', id);
      form.append('apologies', police);
      const saved = await client.request('POST', path, form);
      expect(saved.status, saved.text).toBe(303);
      page = await client.get(saved.location!);
      const text = plainText(page.text);
      expect(text).toContain('The attendance register is saved.');
      expect(text).toMatch(/Not quorate under the policy\. Missing: 1 more agency with direct contact/);
      const view = (await s.api('GET', `/api/conferences/${c.id}`)).body;
      expect(view.attendance.present).toEqual(present);
      expect(view.attendance.apologies).toEqual([police]);
      expect(view.attendance.recordedBy).toBe(chair.id);

      // The police officer arrives: with them the conference is quorate, and the decision form no
      // longer asks why it would go ahead without a quorum.
      const again = new URLSearchParams({ _csrf: csrfOf(page.text), action: 'attendance' });
      for (const id of [...present, police]) again.append('present', id);
      expect((await client.request('POST', path, again)).status).toBe(303);
      page = await client.get(path);
      expect(plainText(page.text)).toContain('Quorate under the policy.');
      expect(page.text).not.toContain('name="inquorateReason"');
    },
  );
});
