/** The day's prompts follow what has happened: nobody is asked to join a meeting that has decided. */
import { describe, expect, it } from 'vitest';
import { create, holdMeeting, NO_REPORTS_REASON, settle } from '../helpers/decision-flow.ts';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';
import { csrfOf, linkPath, PageClient } from '../helpers/pages.ts';

const start = startedServices();

describe('the professionals’ join time after an early decision', () => {
  it(
    'sends no "please join now" and no chair briefing once the decision is recorded',
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const c = await create(s, hackneyInitialBody());
      await settle(s);
      const joinAt = c.timetable['professionalsJoinAt']!;
      const decideAt = new Date(Date.parse(joinAt) - 10 * 60_000).toISOString();
      await holdMeeting(s, c, {
        at: c.timetable['parentsJoinAt'] ?? '2027-01-04T10:00',
        decideAt,
        reasons: { withoutReportsReason: NO_REPORTS_REASON },
      });
      const sentBefore = s.smtp.messages.length;
      await s.advanceTo(new Date(Date.parse(joinAt) + 5 * 60_000).toISOString());
      await s.idle();
      const late = s.smtp.messages.slice(sentBefore).map((m) => m.parsed.subject ?? '');
      expect(late.filter((subject) => /please join now|professionals are joining/.test(subject))).toEqual([]);
      const audit = await s.rt.deps.store.readAudit(c.id);
      expect(audit.find((e) => e.action === 'meeting.professionals-join')?.detail).toEqual({ skipped: 'decided' });
    },
  );
});

describe('the professionals’ join time for someone who cannot attend', () => {
  it(
    'sends "please join now" to the professionals coming, not to the officer who answered that they cannot attend',
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const c = await create(s, hackneyInitialBody());
      await settle(s);
      const police = c.attendees.find((a) => a.role === 'police')!;
      const path = await linkPath(s, c.id, police.id, 'rsvp');
      const client = new PageClient(s.url);
      const page = await client.get(path);
      const answered = await client.post(path, { _csrf: csrfOf(page.text), answer: 'declined' });
      expect(answered.status, answered.text).toBe(303);
      const joinAt = c.timetable['professionalsJoinAt']!;
      await s.advanceTo(new Date(Date.parse(joinAt) + 60_000).toISOString());
      await s.idle();
      const joinNow = (address: string) =>
        s.smtp.messages.filter((m) => m.envelopeTo.includes(address) && /please join now/.test(m.parsed.subject ?? ''));
      expect(joinNow(police.email!)).toHaveLength(0);
      const hv = c.attendees.find((a) => a.role === 'professional')!;
      expect(joinNow(hv.email!)).toHaveLength(1);
    },
  );
});
