/**
 * Core groups as meetings, per preset, through the running service: the first booked with the
 * decision and invited at approval (video and dial-in by email with a calendar entry, a letter for
 * the parent who asked for post), rescheduled and cancelled in place (same UID, SEQUENCE up), the
 * nag when none is booked before the cadence runs out, and Hampshire's rules (straight after the
 * conference, never chaired by the allocated social worker).
 */
import { describe, expect, it } from 'vitest';
import { findAcronyms } from '../../src/content/templates/family-invite.ts';
import { coreGroupLink } from '../../src/app/credentials/links.ts';
import type { Conference } from '../../src/domain/conference.ts';
import { byRole, create, settle, type Created } from '../helpers/decision-flow.ts';
import { TEAM_MANAGER, decidedWithCoreGroup } from '../helpers/core-group-flow.ts';
import { PageClient, csrfOf, linkPath, plainText, signedInDashboard } from '../helpers/pages.ts';
import { TEST_API_KEY, hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';
import type { SmtpSink } from '../helpers/smtp-sink.ts';

type Sent = SmtpSink['messages'][number];
const start = startedServices();
const text = (m: Sent) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
const ics = (m: Sent) =>
  m.parsed.attachments
    .filter((a) => /^text\/calendar$/i.test(a.contentType))
    .map((a) => a.content.toString('utf8').replace(/\r\n[ \t]/g, ''))
    .join('');
const view = async (s: TestService, id: string) => (await s.api('GET', `/api/conferences/${id}`)).body;
/** Messages of one step for one core group revision: Message-IDs are `<step>-<cg>-<attendee>-r<revision>-v1.<conference>@…`. */
const sent = (s: TestService, c: Created, step: string, cg: string, rev: number) =>
  s.smtp.messages.filter((m) =>
    new RegExp(`^<${step}-${cg}-a\\d+-r${rev}-v1\\.${c.id}@`).test(m.parsed.messageId ?? ''),
  );
const addressee = (m: Sent) => m.envelopeTo[0]!;

interface Preset {
  policy: string;
  mode: string;
  firstAt: string;
  /** Where the first core group moves to, and whether that is later than the policy allows. */
  movedTo: string;
  movedLate: boolean;
  /** When the nag for the next core group goes (none with no cadence). */
  nagAt?: string;
}

const PRESETS: Preset[] = [
  // Hampshire: straight after the conference (10:00–12:00), every 6 weeks: cg1 moved to 5 Jan is late; next due 16 Feb, nag 5 working days before.
  {
    policy: 'hampshire',
    mode: 'in-person',
    firstAt: '2027-01-04T12:00',
    movedTo: '2027-01-05T10:00',
    movedLate: true,
    nagAt: '2027-02-09T09:00:00+00:00',
  },
  // Cumbria: within 10 working days (18 Jan), every 4 weeks: next due 9 Feb, nag 2 Feb.
  {
    policy: 'cumbria',
    mode: 'virtual',
    firstAt: '2027-01-11T10:00',
    movedTo: '2027-01-12T10:00',
    movedLate: false,
    nagAt: '2027-02-02T09:00:00+00:00',
  },
  // Statutory rules: within 10 working days, no cadence.
  { policy: 'hackney', mode: 'virtual', firstAt: '2027-01-11T10:00', movedTo: '2027-01-19T10:00', movedLate: true },
  { policy: 'bexley', mode: 'virtual', firstAt: '2027-01-11T10:00', movedTo: '2027-01-12T10:00', movedLate: false },
  // The national minimum itself: within 10 working days (18 Jan), no cadence.
  { policy: 'statutory', mode: 'virtual', firstAt: '2027-01-11T10:00', movedTo: '2027-01-19T10:00', movedLate: true },
];

describe.each(PRESETS)('core groups under $policy', (p) => {
  it(
    'books the first at the conference, invites every member by preference, reschedules, cancels and nags',
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const { c, tm, parents, decided } = await decidedWithCoreGroup(s, p);
      // Hampshire's core group follows straight after: the conference invitation says so and its calendar entry covers it.
      const conferenceInvite = s.smtp.messages.find((m) =>
        (m.parsed.messageId ?? '').startsWith(`<send-invites-${byRole(c, 'social-worker').id}-v1.`),
      )!;
      const family = s.smtp.messages.find((m) =>
        (m.parsed.messageId ?? '').startsWith(`<send-invites-${parents[0]}-v1.`),
      )!;
      expect(text(conferenceInvite).includes('the core group meets straight after the conference')).toBe(
        p.policy === 'hampshire',
      );
      expect(text(family).includes('meets straight after it, until about 13:00')).toBe(p.policy === 'hampshire');
      expect(ics(conferenceInvite)).toContain(
        p.policy === 'hampshire'
          ? 'DTEND;TZID=Europe/London:20270104T130000'
          : 'DTEND;TZID=Europe/London:20270104T120000',
      );
      expect(decided.coreGroups.map((g: any) => [g.id, g.chairAttendeeId])).toEqual([['cg1', tm.id]]);
      // Nothing about the core group to warn of; the one warning is the shared decision's (c2 has no family reasons).
      expect(decided.warnings).toEqual([
        'c2: no reasons in plain words for the family: their letter will say the social worker will explain why, until you add them',
      ]);
      // Nothing goes out before the chair approves.
      expect(s.smtp.messages.filter((m) => (m.parsed.messageId ?? '').startsWith('<core-group-'))).toHaveLength(0);
      await s.advanceTo('2027-01-04T11:50');
      expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
      await settle(s);

      // One invitation per member with email, each with the video link, dial-in and a calendar REQUEST.
      const sw = byRole(c, 'social-worker');
      const emailed = [sw.id, c.attendees.find((a) => a.role === 'professional')!.id, parents[0]!, tm.id].map(
        (id) => c.attendees.find((a) => a.id === id)!.email!,
      );
      const invites = sent(s, c, 'core-group-invites', 'cg1', 1);
      expect(invites.map(addressee).sort()).toEqual([...emailed].sort());
      for (const m of invites) {
        expect(text(m)).toContain(`/meet/${c.id}-cg1`);
        expect(text(m)).toMatch(/PIN \d{4,}/);
        expect(ics(m)).toContain('METHOD:REQUEST');
        expect(ics(m)).toMatch(new RegExp(`UID:cpc-${c.id}-cg1@`));
        expect(ics(m)).toContain('SEQUENCE:0');
      }
      const familyInvite = invites.find((m) => addressee(m) === 'jade@family.example.com')!;
      expect(familyInvite.parsed.subject).toBe(`Core group meeting (reference ${c.reference})`);
      expect(findAcronyms(text(familyInvite), c.reference)).toEqual([]);
      expect(text(familyInvite)).not.toMatch(/Ruby|Leo|Testfamily|Tom Manager/);
      // The parent who asked for post gets a letter on the print queue, not an email.
      let v = await view(s, c.id);
      expect(v.hardCopies.filter((h: any) => h.document === 'core-group-cg1').map((h: any) => h.attendeeId)).toEqual([
        parents[1],
      ]);
      // The "must meet by" notice is not sent on top of a booked core group.
      expect(s.smtp.messages.filter((m) => (m.parsed.subject ?? '').includes('first core group by'))).toHaveLength(0);

      // Rescheduled: the same calendar entry updated (SEQUENCE 1), a new letter for the post.
      const moved = await s.api('POST', `/api/conferences/${c.id}/core-groups/cg1/reschedule`, {
        startsAt: p.movedTo,
        reason: 'room not free',
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(moved.body.warnings.length > 0).toBe(p.movedLate);
      await settle(s);
      const updates = sent(s, c, 'core-group-invites', 'cg1', 2);
      expect(updates.map(addressee).sort()).toEqual([...emailed].sort());
      for (const m of updates) {
        expect(ics(m)).toMatch(new RegExp(`UID:cpc-${c.id}-cg1@`));
        expect(ics(m)).toContain('SEQUENCE:1');
        expect(m.parsed.subject).toMatch(/^(Updated: |Changed: )/);
      }
      v = await view(s, c.id);
      expect(
        v.hardCopies.filter((h: any) => h.document === 'core-group-cg1' && !h.withdrawnAt).map((h: any) => h.blobId),
      ).toEqual([`hardcopy-core-group-cg1-cg1-${parents[1]}-r2-v1`]);

      // A later core group booked, then cancelled: every invitation withdrawn with METHOD:CANCEL, no job left for it.
      const booked = await s.api('POST', `/api/conferences/${c.id}/core-groups`, {
        startsAt: '2027-02-01T14:00',
        durationMinutes: 60,
        mode: 'virtual',
        chairAttendeeId: tm.id,
      });
      expect(booked.status, JSON.stringify(booked.body)).toBe(201);
      expect(booked.body.coreGroup.id).toBe('cg2');
      await settle(s);
      expect(sent(s, c, 'core-group-invites', 'cg2', 1)).toHaveLength(emailed.length);
      expect(
        (await s.api('POST', `/api/conferences/${c.id}/core-groups/cg2/cancel`, { reason: 'chair unwell' })).status,
      ).toBe(200);
      await settle(s);
      const cancels = sent(s, c, 'core-group-cancellations', 'cg2', 2);
      expect(cancels.map(addressee).sort()).toEqual([...emailed].sort());
      for (const m of cancels) {
        expect(ics(m)).toContain('METHOD:CANCEL');
        expect(ics(m)).toMatch(new RegExp(`UID:cpc-${c.id}-cg2@`));
        expect(ics(m)).toContain('SEQUENCE:1');
      }
      v = await view(s, c.id);
      // Nothing left for the cancelled cg2; cg1 (moved, revision 2) waits only for its record's deadline.
      expect(
        v.pendingJobs
          .filter((j: any) => j.step.startsWith('core-group-') && j.step !== 'core-group-nag')
          .map((j: any) => [j.step, j.seq]),
      ).toEqual([['core-group-record-due', 102]]);

      // None booked ahead once cg1 has met: the social worker and the core group chair are nagged before the cadence runs out.
      const nags = v.pendingJobs.filter((j: any) => j.step === 'core-group-nag');
      if (!p.nagAt) {
        expect(nags).toEqual([]);
        return;
      }
      expect(nags.map((j: any) => new Date(j.runAt).toISOString())).toEqual([new Date(p.nagAt).toISOString()]);
      await s.advanceTo(new Date(Date.parse(p.nagAt) + 3600_000).toISOString());
      const nagged = s.smtp.messages.filter((m) =>
        (m.parsed.subject ?? '').startsWith(`${c.reference}: no core group booked`),
      );
      expect(nagged.map(addressee).sort()).toEqual([sw.email!, tm.email].sort());
      // Each is sent to their own core group page to book it (never the coordinator's API).
      for (const m of nagged) {
        expect(text(m)).toContain('Book the next core group');
        expect(text(m)).toMatch(/\/l\/[\w.-]+/);
        expect(text(m)).not.toContain('/api/');
      }
    },
  );
});

describe('bad core group bookings change nothing', () => {
  it(
    'refuses the allocated social worker as chair under Hampshire, a past date and a member who is not an attendee',
    { timeout: 60_000 },
    async () => {
      const s = await start();
      const body = hackneyInitialBody({ policy: 'hampshire', mode: 'in-person', venue: 'Civic Offices, Room 2' });
      const people = body.attendees as {
        email?: string;
        role: string;
        language?: string;
        interpreterNeeded?: boolean;
      }[];
      const jadeAt = people.findIndex((a) => a.email === 'jade@family.example.com');
      Object.assign(people[jadeAt]!, { language: 'Polish', interpreterNeeded: true });
      const interpreter = {
        name: 'Ines Interpreter',
        email: 'ines@interpreting.example.org',
        role: 'interpreter',
        accompanies: `a${jadeAt + 1}`,
      };
      const c = await create(s, { ...body, attendees: [...people, TEAM_MANAGER, interpreter] });
      await settle(s);
      const sw = byRole(c, 'social-worker');
      const tm = c.attendees.find((a) => a.email === TEAM_MANAGER.email)!;
      await s.advanceTo('2027-01-04T10:00');
      const refused = await s.api('POST', `/api/conferences/${c.id}/start`, {});
      expect(refused.status).toBe(200);
      // Hampshire asks for the key worker and visiting frequency with a plan; no reports or register in this test (the chair says why).
      const outcomes = [
        {
          childId: 'c1',
          outcome: 'child-protection-plan',
          categories: ['neglect'],
          rationale: 'r',
          keyWorker: sw.id,
          visitingFrequency: 'weekly',
        },
        { childId: 'c2', outcome: 'child-in-need', categories: [], rationale: 'r' },
      ];
      const reasons = {
        withoutReportsReason: 'Reports were given orally',
        inquorateReason: 'The register is on paper',
      };
      const bySw = await s.api('POST', `/api/conferences/${c.id}/decision`, {
        outcomes,
        ...reasons,
        firstCoreGroup: { startsAt: '2027-01-04T12:00', mode: 'in-person', venue: 'Room 2', chairAttendeeId: sw.id },
      });
      expect(bySw.status).toBe(400);
      expect(JSON.stringify(bySw.body)).toContain('firstCoreGroup.chairAttendeeId');
      expect(JSON.stringify(bySw.body)).toContain('never the allocated social worker');
      const past = await s.api('POST', `/api/conferences/${c.id}/decision`, {
        outcomes,
        ...reasons,
        firstCoreGroup: { startsAt: '2027-01-03T12:00', mode: 'in-person', venue: 'Room 2', chairAttendeeId: tm.id },
      });
      expect(past.status).toBe(400);
      expect(JSON.stringify(past.body)).toContain('firstCoreGroup.startsAt');
      // Several problems in one decision: every field named in one 400, schema and rules together.
      const many = await s.api('POST', `/api/conferences/${c.id}/decision`, {
        outcomes: [
          { ...outcomes[0], keyWorker: undefined },
          { ...outcomes[1], childId: 'c9' },
        ],
        ...reasons,
        coreGroup: [sw.id, 'nobody@example.org'],
        firstCoreGroup: { startsAt: '2027-01-03T12:00', mode: 'by pigeon', chairAttendeeId: sw.id },
      });
      expect(many.status).toBe(400);
      expect(many.body.issues.map((i: { field: string }) => i.field).sort()).toEqual([
        'coreGroup.1',
        'firstCoreGroup.chairAttendeeId',
        'firstCoreGroup.mode',
        'firstCoreGroup.startsAt',
        'outcomes',
        'outcomes.0.keyWorker',
        'outcomes.1.childId',
      ]);
      expect(many.body.message).toContain('"nobody@example.org" is not an attendee');
      expect(many.body.message).toContain('no decision for child c2');
      // And in one view: an unknown attendee, a category that does not exist, no child c9 and no rationale.
      const badView = await s.api('POST', `/api/conferences/${c.id}/views`, {
        attendeeId: 'a99',
        childId: 'c9',
        recommendation: 'child-protection-plan',
        categories: ['bruises'],
        rationale: '',
      });
      expect(badView.status).toBe(400);
      expect(badView.body.issues.map((i: { field: string }) => i.field).sort()).toEqual([
        'attendeeId',
        'categories.0',
        'childId',
        'rationale',
      ]);
      const twoWhos = await s.api('POST', `/api/conferences/${c.id}/views`, {
        attendeeId: sw.id,
        family: true,
        childId: 'c1',
        recommendation: 'child-protection-plan',
        categories: ['neglect'],
        rationale: 'r',
        scale: 11,
      });
      expect(twoWhos.body.issues.map((i: { field: string }) => i.field).sort()).toEqual(['attendeeEmail', 'scale']);
      let v = await view(s, c.id);
      expect(v.views).toEqual([]);
      expect(v.state).toBe('in-session');
      expect(v.decision ?? null).toBeNull();
      // Decided and approved: later bookings are checked the same way.
      expect((await s.api('POST', `/api/conferences/${c.id}/decision`, { outcomes, ...reasons })).status).toBe(201);
      expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
      const later = { startsAt: '2027-01-20T10:00', mode: 'virtual', chairAttendeeId: tm.id };
      const r1 = await s.api('POST', `/api/conferences/${c.id}/core-groups`, { ...later, chairAttendeeId: sw.id });
      expect(r1.status).toBe(400);
      expect(JSON.stringify(r1.body)).toContain('chairAttendeeId');
      const r2 = await s.api('POST', `/api/conferences/${c.id}/core-groups`, { ...later, members: [sw.id, 'a99'] });
      expect(r2.status).toBe(400);
      expect(JSON.stringify(r2.body)).toContain('members.1');
      const r3 = await s.api('POST', `/api/conferences/${c.id}/core-groups`, {
        ...later,
        startsAt: '2027-01-03T10:00',
      });
      expect(r3.status).toBe(400);
      expect(r3.body.issues.map((i: { field: string }) => i.field)).toEqual(['startsAt']);
      v = await view(s, c.id);
      expect(v.coreGroups ?? []).toEqual([]);
      // A parent who needs an interpreter is not invited alone: the interpreter who comes with them is too.
      const jade = c.attendees.find((a) => a.email === 'jade@family.example.com')!;
      const ines = c.attendees.find((a) => a.email === interpreter.email)!;
      const booked = await s.api('POST', `/api/conferences/${c.id}/core-groups`, { ...later, members: [jade.id] });
      expect(booked.status, JSON.stringify(booked.body)).toBe(201);
      await settle(s);
      await s.idle();
      expect((await view(s, c.id)).coreGroups[0].members).toContain(ines.id);
      const invites = s.smtp.messages.filter((m) => m.envelopeTo.includes(interpreter.email));
      // Invited as the interpreter for a parent, not as a professional member (#19: never more than the parent gets).
      expect(invites.map((m) => m.parsed.subject)).toContain(
        `Core group meeting as an interpreter (reference ${c.reference})`,
      );
      const jadeInvite = s.smtp.messages.find(
        (m) => m.envelopeTo.includes(jade.email!) && /Core group meeting/.test(m.parsed.subject ?? ''),
      )!;
      expect(text(jadeInvite)).toContain('an interpreter');

      // The dashboard books one the same way: the allocated social worker as chair is refused on the form, naming
      // the field, and nothing is booked; a good booking invites the members and goes on the conference's page.
      const desk = await signedInDashboard(s.url, TEST_API_KEY);
      const formPage = `/dashboard/c/${c.id}/core-groups/new`;
      expect((await desk.get(`/dashboard/c/${c.id}`)).text).toContain(`href="${formPage}"`);
      const fields = { startsAt: '2027-01-27T10:00', durationMinutes: '60', mode: 'virtual', venue: '' };
      const post = async (chairAttendeeId: string) =>
        desk.post(`/dashboard/c/${c.id}/core-groups`, {
          ...fields,
          chairAttendeeId,
          _csrf: csrfOf((await desk.get(formPage)).text),
        });
      const bySwOnPage = await post(sw.id);
      expect(bySwOnPage.status).toBe(400);
      expect(plainText(bySwOnPage.text)).toContain('never the allocated social worker');
      expect((await view(s, c.id)).coreGroups).toHaveLength(1);
      const onPage = await post(tm.id);
      expect(onPage.status, onPage.text).toBe(303);
      await settle(s);
      v = await view(s, c.id);
      expect(v.coreGroups.map((g: any) => [g.id, g.chairAttendeeId, g.startsAt])).toEqual([
        ['cg1', tm.id, '2027-01-20T10:00:00+00:00'],
        ['cg2', tm.id, '2027-01-27T10:00:00+00:00'],
      ]);
      expect(
        s.smtp.messages.filter(
          (m) =>
            m.envelopeTo.includes(TEAM_MANAGER.email) && (m.parsed.subject ?? '').includes('Wed 27 Jan 2027 10:00'),
        ),
      ).toHaveLength(1);
      expect(plainText((await desk.get(`/dashboard/c/${c.id}`)).text)).toContain('Wed 27 Jan 2027');

      // And the chair's own page, the chair's link proving who acts (the audit names the chair).
      const chair = byRole(c, 'chair');
      const chairPage = await linkPath(s, c.id, chair.id, 'chair');
      const reader = new PageClient(s.url);
      expect((await reader.get(chairPage)).text).toContain('Book a core group meeting');
      const onLink = async (chairAttendeeId: string) =>
        reader.post(chairPage, {
          ...fields,
          startsAt: '2027-02-03T10:00',
          chairAttendeeId,
          action: 'book-core-group',
          _csrf: csrfOf((await reader.get(chairPage)).text),
        });
      const bySwOnLink = await onLink(sw.id);
      expect(bySwOnLink.status).toBe(400);
      expect(plainText(bySwOnLink.text)).toContain('never the allocated social worker');
      expect((await view(s, c.id)).coreGroups).toHaveLength(2);
      expect((await onLink(tm.id)).status).toBe(303);
      v = await view(s, c.id);
      expect(v.coreGroups.map((g: any) => g.id)).toEqual(['cg1', 'cg2', 'cg3']);
      expect(v.audit.filter((e: any) => e.action === 'core-group.booked').map((e: any) => e.actor)).toEqual([
        'coordinator',
        'coordinator',
        chair.id,
      ]);

      // And the allocated social worker's own core group page (the one they are nagged about): their link proves
      // who acts. A parent's page has no booking form, and her post changes nothing.
      const stored = (await s.rt.deps.store.get(c.id)) as Conference;
      // The dashboard's booking (cg2) has the decision's members, the social worker among them.
      const cg2 = stored.coreGroups!.find((g) => g.id === 'cg2')!;
      const pageOf = (attendeeId: string) => new URL(coreGroupLink(s.rt.deps, stored, attendeeId, cg2)).pathname;
      const swPage = pageOf(sw.id);
      const swText = plainText((await reader.get(swPage)).text);
      expect(swText).toContain('Book a core group meeting');
      // A parent on the first core group has her own page there, without the form.
      const cg1 = stored.coreGroups!.find((g) => g.id === 'cg1')!;
      const otherPage = new URL(coreGroupLink(s.rt.deps, stored, jade.id, cg1)).pathname;
      const otherText = (await reader.get(otherPage)).text;
      expect(plainText(otherText)).toContain('Can you come to the core group meeting?');
      expect(otherText).not.toContain('Book a core group meeting');
      const byOther = await reader.post(otherPage, {
        ...fields,
        startsAt: '2027-02-10T10:00',
        chairAttendeeId: tm.id,
        action: 'book-core-group',
        _csrf: csrfOf(otherText),
      });
      expect(byOther.status).toBe(403);
      expect((await view(s, c.id)).coreGroups).toHaveLength(3);
      const onSwPage = await reader.post(swPage, {
        ...fields,
        startsAt: '2027-02-10T10:00',
        chairAttendeeId: tm.id,
        action: 'book-core-group',
        _csrf: csrfOf((await reader.get(swPage)).text),
      });
      expect(onSwPage.status, onSwPage.text).toBe(303);
      v = await view(s, c.id);
      expect(v.coreGroups.map((g: any) => [g.id, g.startsAt])).toContainEqual(['cg4', '2027-02-10T10:00:00+00:00']);
      expect(v.audit.filter((e: any) => e.action === 'core-group.booked').at(-1).actor).toBe(sw.id);
    },
  );
});
