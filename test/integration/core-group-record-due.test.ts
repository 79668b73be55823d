/**
 * A core group's record has a deadline (`coreGroup.recordWithin`, 10 working days by default): from
 * its end until then the coordinator's worklist shows it; at the deadline with nothing recorded the
 * miss is kept once and the social worker and that core group's chair are chased; a rescheduled core
 * group's old deadline job is gone; recording it takes it off the list.
 */
import { describe, expect, it } from 'vitest';
import { byRole, settle } from '../helpers/decision-flow.ts';
import { decidedWithCoreGroup } from '../helpers/core-group-flow.ts';
import { plainText, rowOf, signedInDashboard } from '../helpers/pages.ts';
import { TEST_API_KEY, startedServices, type TestService } from '../helpers/service.ts';

const start = startedServices();
const view = async (s: TestService, id: string) => (await s.api('GET', `/api/conferences/${id}`)).body;
const work = async (s: TestService, id: string) =>
  ((await s.api('GET', '/api/worklist')).body.items as any[]).filter(
    (i) => i.conferenceId === id && i.kind === 'core-group-record-due',
  );

describe('a core group record’s deadline under cumbria', () => {
  it(
    'is on the worklist after the meeting, chased and kept as missed at its deadline, and cleared by the record',
    {
      timeout: 90_000,
    },
    async () => {
      const s = await start();
      const { c, tm } = await decidedWithCoreGroup(s, {
        policy: 'cumbria',
        mode: 'virtual',
        firstAt: '2027-01-11T10:00',
      });
      await s.advanceTo('2027-01-04T11:50');
      expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
      await settle(s);
      // Moved a day: the first revision's deadline job is gone, the new one is 10 working days after the new end.
      await s.advanceTo('2027-01-05T09:00');
      const moved = await s.api('POST', `/api/conferences/${c.id}/core-groups/cg1/reschedule`, {
        startsAt: '2027-01-12T10:00',
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(moved.body.coreGroup.recordDueAt).toBe('2027-01-26T17:00:00+00:00');
      await settle(s);
      let v = await view(s, c.id);
      expect(v.pendingJobs.filter((j: any) => j.step === 'core-group-record-due').map((j: any) => j.seq)).toEqual([
        102,
      ]);
      expect(await work(s, c.id)).toEqual([]);

      // It has met: on the worklist, not yet overdue.
      await s.advanceTo('2027-01-12T11:05');
      const due = await work(s, c.id);
      expect(due.map((i) => [i.urgency, i.dueAt])).toEqual([['soon', '2027-01-26T17:00:00+00:00']]);
      const desk = await signedInDashboard(s.url, TEST_API_KEY);
      expect(plainText((await desk.get('/dashboard')).text)).toContain(
        'The record of core group 1 has not gone to its members',
      );

      // The deadline passes with nothing recorded: the social worker and the core group chair are chased, once.
      await s.advanceTo('2027-01-26T18:00');
      const chasers = s.smtp.messages.filter((m) =>
        (m.parsed.messageId ?? '').startsWith('<core-group-record-due-cg1-'),
      );
      const sw = byRole(c, 'social-worker');
      expect(chasers.map((m) => m.envelopeTo[0]).sort()).toEqual([sw.email, tm.email].sort());
      const chaser = (chasers[0]!.parsed.text ?? '').replace(/\s+/g, ' ');
      expect(chasers[0]!.parsed.subject).toBe(
        `${c.reference}: first core group record not circulated, was due Tue 26 Jan 2027`,
      );
      expect(chaser).toContain('its record was due to reach the members by Tuesday 26 January 2027 at 17:00');
      expect(chaser).toContain('within 10 working days of the meeting');
      expect(chaser).not.toMatch(/Ruby|Leo|Testfamily/);
      v = await view(s, c.id);
      expect(v.coreGroups[0].recordMissedAt).toBe('2027-01-26T17:00:00+00:00');
      expect(v.audit.filter((e: any) => e.action === 'core-group.record-missed')).toHaveLength(1);
      expect((await work(s, c.id)).map((i) => i.urgency)).toEqual(['overdue']);
      const row = plainText(rowOf((await desk.get(`/dashboard/c/${c.id}`)).text, 'Core groups', 'cg1'));
      expect(row).toContain('record missed (due');

      // Recorded late: circulated, off the worklist, and the page says so.
      const recorded = await s.api('POST', `/api/conferences/${c.id}/core-groups/cg1/record`, {
        present: [sw.id, tm.id],
        notes: 'Plan reviewed; progress on every action.',
      });
      expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
      await settle(s);
      expect(await work(s, c.id)).toEqual([]);
      expect(
        s.smtp.messages.filter((m) => (m.parsed.messageId ?? '').startsWith('<core-group-record-due-cg1-')),
      ).toHaveLength(2);
    },
  );
});
