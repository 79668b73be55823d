/**
 * "Send a new link" (new-user trial: every refusal page said "ask the conference coordinator to send
 * you a new one", and the coordinator could only revoke). From the dashboard and the API: the old
 * links say "replaced", one email carries the links the person may use now (by the conference's
 * stage and their role; a companion never more than the parent they come with), a double click or a
 * retried request sends one email, and a child or a parent who gets letters is refused with the
 * reason and nothing changed.
 */
import { describe, expect, it } from 'vitest';
import { linksNow } from '../../src/app/credentials/new-links.ts';
import type { Conference } from '../../src/domain/conference.ts';
import { byRole, create, decidedConference, extraAttendees, settle } from '../helpers/decision-flow.ts';
import { FIXTURE_FAMILY_NAMES } from '../helpers/fixtures.ts';
import {
  csrfOf,
  linksInMail,
  PageClient,
  plainText,
  purposeOf,
  signedInDashboard,
  snapshot,
} from '../helpers/pages.ts';
import { hackneyInitialBody, startedServices, TEST_API_KEY, type TestService } from '../helpers/service.ts';

const start = startedServices();
const HV = 'hv@nhs.example.org';
const CHAIR = 'chair@example.gov.uk';

const newLinkMails = (s: TestService, to: string) =>
  s.smtp.messages.filter((m) => m.envelopeTo.includes(to) && /new (personal )?link/.test(m.parsed.subject ?? ''));
const linksIn = (m: TestService['smtp']['messages'][number]) =>
  [...(m.parsed.text ?? '').matchAll(/https?:\/\/[^\s)]+(\/l\/[A-Za-z0-9_.-]+)/g)].map((x) => x[1]!);

function withSupporterOfJade() {
  const base = hackneyInitialBody();
  const extra = extraAttendees().map((a) => (a.role === 'supporter' ? { ...a, accompanies: 'a5' } : a));
  return { ...base, attendees: [...base.attendees, ...extra] };
}

describe('sending someone a new link', () => {
  it(
    'from the dashboard: replaces the old links, emails the ones open now once per click, refuses a child or a parent by post',
    { timeout: 120_000 },
    async () => {
      const s = await start();
      const c = await create(s, withSupporterOfJade());
      await settle(s);
      const hv = c.attendees.find((a) => a.email === HV)!;
      const child = byRole(c, 'child');
      const marcus = c.attendees.find((a) => a.role === 'parent' && !a.email)!;
      const oldLinks = linksInMail(s, HV);
      expect(oldLinks.length).toBeGreaterThan(0);
      const client = await signedInDashboard(s.url, TEST_API_KEY);
      let page = await client.get(`/dashboard/c/${c.id}`);
      const action = `/dashboard/c/${c.id}/attendees/${hv.id}/new-links`;
      expect(page.text).toContain(`action="${action}"`);
      expect(page.text).toMatch(
        new RegExp(`action="${action}" class="inline">[^]*?name="replacing" value="1"[^]*?Send a new link`),
      );
      // The attendees page points there.
      const people = await client.get(`/dashboard/c/${c.id}/people`);
      expect(plainText(people.text)).toContain('Use “Send a new link” beside them in the attendees table');
      expect(people.text).toContain(`href="/dashboard/c/${c.id}#reports"`);
      // Nobody emails a child or a parent who gets letters: no button for them.
      expect(page.text).not.toContain(`/attendees/${child.id}/new-links`);
      expect(page.text).not.toContain(`/attendees/${marcus.id}/new-links`);

      // A double click: the same form twice. One replacement, one email.
      const csrf = csrfOf(page.text);
      for (let i = 0; i < 2; i++) {
        const r = await client.post(action, { _csrf: csrf, replacing: '1' });
        expect(r.status, r.text).toBe(303);
        expect(r.location).toBe(`/dashboard/c/${c.id}?done=new-links#reports`);
      }
      await settle(s);
      await s.idle();
      const mails = newLinkMails(s, HV);
      expect(mails).toHaveLength(1);
      const mail = mails[0]!;
      expect(mail.parsed.subject).toBe(`${c.reference}: your new personal link`);
      for (const name of FIXTURE_FAMILY_NAMES) expect(mail.parsed.subject).not.toContain(name);
      expect(mail.parsed.text).toContain('The links sent to you before no longer work.');
      const fresh = linksIn(mail);
      // Before the meeting a professional asked for a report has their answer and their upload.
      expect(fresh.map(purposeOf).sort()).toEqual(['report', 'rsvp']);
      const audit = await s.rt.deps.store.readAudit(c.id);
      expect(audit.filter((e) => e.action === 'links.replaced')).toHaveLength(1);
      expect((await s.rt.deps.ledger.get(c.id, `send-new-links-${hv.id}-v2`))?.state).toBe('sent');

      // The old links say "replaced"; the new ones open.
      const visitor = new PageClient(s.url);
      for (const old of oldLinks.filter((l) => purposeOf(l) === 'rsvp' || purposeOf(l) === 'report')) {
        const r = await visitor.get(old);
        expect(r.status).toBe(410);
        expect(plainText(r.text)).toContain('This link has been replaced');
        // What it tells them to do now exists (the button above).
        expect(plainText(r.text)).toContain('ask the conference coordinator to send you a new one');
      }
      for (const l of fresh) expect((await visitor.get(l)).status).toBe(200);

      page = await client.get(`/dashboard/c/${c.id}?done=new-links`);
      expect(plainText(page.text)).toContain('A new link is on its way to that attendee by email');
      expect(plainText(page.text)).toContain('replaced the personal links of Hana Health');
      // The page now offers to replace version 2: a new click is a new email.
      expect(page.text).toMatch(new RegExp(`action="${action}" class="inline">[^]*?name="replacing" value="2"`));
      expect((await client.post(action, { _csrf: csrfOf(page.text), replacing: '2' })).status).toBe(303);
      await settle(s);
      await s.idle();
      expect(newLinkMails(s, HV)).toHaveLength(2);

      // A parent by email: in plain words, only her answer (before the meeting that is all she has).
      const jade = c.attendees.find((a) => a.email === 'jade@family.example.com')!;
      const forJade = await s.api('POST', `/api/conferences/${c.id}/attendees/${jade.id}/new-links`, { replacing: 1 });
      expect(forJade.status, JSON.stringify(forJade.body)).toBe(202);
      await settle(s);
      await s.idle();
      const hers = newLinkMails(s, 'jade@family.example.com');
      expect(hers).toHaveLength(1);
      expect(hers[0]!.parsed.subject).toBe(`Your conference ${c.reference}: your new link`);
      expect(hers[0]!.parsed.text).toContain('The link we sent you before does not work any more');
      expect(linksIn(hers[0]!).map(purposeOf)).toEqual(['rsvp']);

      // Forged posts for the child and the parent by post: refused, saying why, nothing changed.
      const before = await snapshot(s, c.id);
      const forChild = await client.post(`/dashboard/c/${c.id}/attendees/${child.id}/new-links`, {
        _csrf: csrf,
        replacing: '1',
      });
      expect(forChild.status).toBe(409);
      expect(plainText(forChild.text)).toContain('Children are never emailed');
      const forMarcus = await client.post(`/dashboard/c/${c.id}/attendees/${marcus.id}/new-links`, {
        _csrf: csrf,
        replacing: '1',
      });
      expect(forMarcus.status).toBe(409);
      expect(plainText(forMarcus.text)).toContain(
        'has no email address on record: their letter carries a reply code instead',
      );
      expect(plainText(forMarcus.text)).toContain('For Marcus Testfamily, Parent:');
      expect(plainText(forMarcus.text)).toContain('Nothing was changed');
      await settle(s);
      expect(await snapshot(s, c.id)).toEqual(before);
    },
  );

  it(
    'through the API after the decision: the chair gets the chair’s page and the minutes, a retry sends nothing more, a parent with no page open is refused',
    { timeout: 120_000 },
    async () => {
      const s = await start();
      const { c } = await decidedConference(s, { body: withSupporterOfJade() });
      const chair = byRole(c, 'chair');
      const jade = c.attendees.find((a) => a.email === 'jade@family.example.com')!;
      const supporter = byRole(c, 'supporter');
      const view = (await s.api('GET', `/api/conferences/${c.id}`)).body;
      expect(view.attendees.find((a: { id: string }) => a.id === chair.id).linkVersion).toBe(1);

      const path = `/api/conferences/${c.id}/attendees/${chair.id}/new-links`;
      // Bad input names the field and changes nothing.
      const bad = await s.api('POST', path, { replacing: 'one' });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('replacing');
      const first = await s.api('POST', path, { replacing: 1 });
      expect(first.status, JSON.stringify(first.body)).toBe(202);
      expect(first.body).toMatchObject({ attendee: { id: chair.id, linkVersion: 2 }, replaced: true });
      // The answer was lost and the client retries: nothing more.
      const retry = await s.api('POST', path, { replacing: 1 });
      expect(retry.status).toBe(202);
      expect(retry.body).toMatchObject({ attendee: { linkVersion: 2 }, replaced: false });
      await settle(s);
      await s.idle();
      const mails = newLinkMails(s, CHAIR);
      expect(mails).toHaveLength(1);
      expect(linksIn(mails[0]!).map(purposeOf).sort()).toEqual(['chair', 'minutes']);
      // Older than the last replacement: refused, naming the version now.
      const stale = await s.api('POST', path, { replacing: 3 });
      expect(stale.status).toBe(409);

      // The family's side: answers are closed and no core group is booked, so there is nothing to send.
      const before = await snapshot(s, c.id);
      const forJade = await s.api('POST', `/api/conferences/${c.id}/attendees/${jade.id}/new-links`, {
        replacing: 1,
      });
      expect(forJade.status).toBe(409);
      expect(JSON.stringify(forJade.body)).toContain('no personal page open at this stage');
      expect(JSON.stringify(forJade.body)).not.toContain('Jade');
      expect(await snapshot(s, c.id)).toEqual(before);

      // A companion gets what the parent they come with gets, never more: a core group with the
      // supporter in it but not Jade gives the supporter no link to it; with Jade in it too, it does.
      const stored = (await s.rt.deps.store.get(c.id)) as Conference;
      const group = (members: string[]): Conference => ({
        ...stored,
        coreGroups: [
          {
            id: 'cg1',
            revision: 1,
            state: 'booked',
            startsAt: '2027-01-20T10:00:00.000Z',
            endsAt: '2027-01-20T11:00:00.000Z',
            durationMinutes: 60,
            mode: 'virtual',
            chairAttendeeId: byRole(c, 'social-worker').id,
            members,
            bookedAt: '2027-01-05T10:00:00.000Z',
            bookedBy: 'coordinator',
            warnings: [],
          },
        ],
      });
      const purposes = (conf: Conference, id: string) =>
        linksNow(
          s.rt.deps,
          conf,
          conf.attendees.find((a) => a.id === id)!,
        ).map((l) => l.purpose);
      expect(purposes(group([supporter.id]), supporter.id)).toEqual([]);
      expect(purposes(group([supporter.id, jade.id]), supporter.id)).toEqual(['core-group']);
      expect(purposes(group([supporter.id, jade.id]), jade.id)).toEqual(['core-group']);
      // Never a child.
      expect(purposes(group([byRole(c, 'child').id]), byRole(c, 'child').id)).toEqual([]);
      // In the meeting with the round of views open: a professional's views link; the chair's page
      // and checklist for the chair (who gives no view); no answer or report link for anyone.
      const inSession: Conference = {
        ...stored,
        state: 'in-session',
        viewRound: { state: 'open', openedAt: '2027-01-04T10:30:00+00:00', openedBy: chair.id },
      };
      delete inSession.decision;
      expect(purposes(inSession, c.attendees.find((a) => a.email === 'hv@nhs.example.org')!.id)).toEqual(['views']);
      expect(purposes(inSession, chair.id)).toEqual(['chair', 'checklist']);
      expect(purposes(inSession, supporter.id)).toEqual([]);
    },
  );
});
