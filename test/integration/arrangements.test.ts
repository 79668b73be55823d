/**
 * Arrangements that happen (issue #19.2), through the running service: a mother who needs a Polish
 * interpreter and easy read gets coordinator tasks due before the meeting; her invitation says
 * "we are arranging" until the coordinator confirms the booking, then an updated invitation (same
 * time, in place) says it "has been booked". Bad input changes nothing. Every preset, one service for
 * the file (each preset's conference and messages found by its reference).
 */
import { describe, expect, it } from 'vitest';
import { create, settle } from '../helpers/decision-flow.ts';
import { oneService, PRESETS, presetConference, type Preset } from '../helpers/every-preset.ts';
import { csrfOf, PageClient, snapshot } from '../helpers/pages.ts';
import { TEST_API_KEY, type TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

const s = oneService();
type Msg = TestService['smtp']['messages'][number];
const text = (m: Msg) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
const JADE = 'jade@family.example.com';

function body(p: Preset) {
  const b = presetConference(p) as { attendees: Record<string, unknown>[] } & Record<string, unknown>;
  b.attendees = b.attendees.map((a) =>
    a['email'] === JADE ? { ...a, interpreterNeeded: true, language: 'Polish', accessibilityNeeds: ['easy-read'] } : a,
  );
  return b;
}

describe.each(PRESETS)('interpreter and accessibility needs become tasks under $policy', (p) => {
  it(
    'says "we are arranging" until the booking is confirmed, then "has been booked" in an updated invitation',
    { timeout: 60_000 },
    async () => {
      const c = await create(s, body(p));
      await settle(s);
      const jade = c.attendees.find((a) => a.email === JADE)!;
      const tasks = (await s.api('GET', `/api/conferences/${c.id}/tasks`)).body.tasks;
      // Due the working day before the meeting: Monday 4 January 2027 follows the New Year bank holiday.
      expect(tasks).toEqual([
        {
          id: 't1',
          kind: 'book-interpreter',
          subject: jade.id,
          detail: 'an interpreter who speaks Polish',
          dueAt: '2026-12-31T17:00:00+00:00',
          status: 'open',
        },
        {
          id: 't2',
          kind: 'arrange-accessibility',
          subject: jade.id,
          detail: 'easy-read',
          dueAt: '2026-12-31T17:00:00+00:00',
          status: 'open',
        },
      ]);
      // Today's work and the conference's page say what to arrange in words, never the code ("Arrange easy-read").
      const work = (await s.api('GET', '/api/worklist')).body.items.filter(
        (i: { conferenceId: string; kind: string }) => i.conferenceId === c.id && i.kind === 'arrangement',
      );
      expect(work.map((i: { what: string }) => i.what)).toEqual([
        expect.stringMatching(/^Book an interpreter who speaks Polish: for /),
        expect.stringMatching(/^Arrange an easy read version of letters and reports: for /),
      ]);
      const desk = new PageClient(s.url);
      const signIn = await desk.get('/dashboard/sign-in');
      await desk.post('/dashboard/sign-in', { key: TEST_API_KEY, _csrf: csrfOf(signIn.text) });
      const page = (await desk.get(`/dashboard/c/${c.id}`)).text;
      expect(page).toContain('Arrange an easy read version of letters and reports');
      expect(page).not.toContain('Arrange easy-read');
      const invites = () =>
        s.smtp.messages.filter(
          (m) =>
            m.envelopeTo.includes(JADE) &&
            /^Your (meeting|child protection meeting)/.test(m.parsed.subject ?? '') &&
            (m.parsed.subject ?? '').includes(c.reference),
        );
      const first = await until('Jade’s invitation', () => invites()[0]);
      expect(text(first)).toContain('We are arranging an interpreter who speaks Polish for you.');
      expect(text(first)).not.toContain('has been booked');
      expect(text(first)).toContain('We are arranging these.');

      // An unknown task is refused and changes nothing.
      const before = await snapshot(s, c.id);
      expect((await s.api('POST', `/api/conferences/${c.id}/tasks/t9/done`, {})).status).toBe(404);
      expect((await s.api('POST', `/api/conferences/${c.id}/tasks/t1/done`, { by: 'x', extra: 1 })).status).toBe(400);
      // An easy-read request for a professional is refused, naming the field.
      const pro = await s.api('POST', `/api/conferences/${c.id}/attendees`, {
        attendee: {
          name: 'Tom Teacher',
          email: 'teacher@school.example.org',
          role: 'professional',
          agency: 'School',
          accessibilityNeeds: ['easy-read'],
        },
        requestedBy: 'a1',
      });
      expect(pro.status).toBe(400);
      expect(pro.body.issues).toEqual([
        {
          field: 'attendee.accessibilityNeeds',
          message: 'easy read letters are for family members (this attendee is professional)',
        },
      ]);
      expect(await snapshot(s, c.id)).toEqual(before);

      const done = await s.api('POST', `/api/conferences/${c.id}/tasks/t1/done`, { by: 'Coordinator Cara' });
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      expect(done.body).toMatchObject({ id: 't1', status: 'done', doneBy: 'coordinator' });
      await settle(s);
      const updated = await until('the updated invitation', () =>
        invites().find((m) => /arrangements confirmed/.test(m.parsed.subject ?? '')),
      );
      expect(updated.parsed.subject).not.toMatch(/Testfamily|Jade|Ruby|Leo/);
      expect(text(updated)).toContain('An interpreter who speaks Polish has been booked for you.');
      expect(text(updated)).toContain('The time is the same.');
      expect(text(updated)).not.toContain('the time has changed');
      // Confirming again sends nothing more.
      const sent = s.smtp.messages.length;
      expect((await s.api('POST', `/api/conferences/${c.id}/tasks/t1/done`, {})).status).toBe(200);
      await settle(s);
      expect(s.smtp.messages.length).toBe(sent);
      const audit = (await s.api('GET', `/api/conferences/${c.id}`)).body.audit.filter(
        (e: any) => e.action === 'task.done',
      );
      expect(audit).toHaveLength(1);
    },
  );
});
