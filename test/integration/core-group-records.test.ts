/**
 * A core group's record (Cumbria, Signs of Safety): attendance, progress on each action and the
 * scaling are recorded against the plan and circulated to the members, the family's copy without
 * the confidential notes; a record for an action or a goal that does not exist is refused.
 */
import { describe, expect, it } from 'vitest';
import { byRole, create, decidedConference, settle } from '../helpers/decision-flow.ts';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';
import type { SmtpSink } from '../helpers/smtp-sink.ts';

type Sent = SmtpSink['messages'][number];
const start = startedServices();
const text = (m: Sent) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
const TEAM_MANAGER = {
  name: 'Tom Manager',
  email: 'tm@example.gov.uk',
  role: 'professional',
  agency: "Children's social care (team manager)",
  managerEmail: 'head@example.gov.uk',
};
const SECRET = 'CG-CONFIDENTIAL-MARKER third party information';

describe('a core group record under cumbria', () => {
  it(
    'updates the plan and scaling, and reaches each member in the form the disclosure table gives them',
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const body = hackneyInitialBody({ policy: 'cumbria', mode: 'virtual' });
      const c = await create(s, { ...body, attendees: [...(body.attendees as object[]), TEAM_MANAGER] });
      await settle(s);
      const sw = byRole(c, 'social-worker');
      const hv = c.attendees.find((a) => a.role === 'professional')!;
      const jade = byRole(c, 'parent');
      const tm = c.attendees.find((a) => a.email === TEAM_MANAGER.email)!;
      await decidedConference(s, {
        conference: c,
        approveAt: '2027-01-04T11:50',
        meeting: {
          at: '2027-01-04T10:00',
          decideAt: '2027-01-04T11:45',
          plan: [
            {
              risk: 'Missed health care',
              task: 'Attend the developmental check',
              byWhom: 'Health visitor',
              timescale: 'soon',
              plannedOutcome: 'Check done',
              ownerAttendeeId: hv.id,
              dueOn: '2027-01-29',
            },
          ],
          decision: {
            signsOfSafety: {
              dangerStatements: [{ text: 'Health needs may be missed', scale: 3 }],
              safetyGoals: [{ text: 'Every appointment kept', dangerStatement: 1, scale: 4 }],
            },
            firstCoreGroup: {
              startsAt: '2027-01-11T10:00',
              durationMinutes: 60,
              mode: 'virtual',
              chairAttendeeId: tm.id,
            },
          },
        },
      });
      const record = {
        present: [sw.id, hv.id, jade.id, tm.id],
        progress: [{ actionId: 'p1', status: 'in-progress', note: 'Booked for 20 January' }],
        scaling: [{ target: 'g1', score: 6 }],
        notes: 'Good progress with appointments',
        confidentialNotes: SECRET,
      };
      expect((await s.api('POST', `/api/conferences/${c.id}/core-groups/cg1/record`, record)).status).toBe(409); // not met yet
      await s.advanceTo('2027-01-11T11:30');
      const bad = await s.api('POST', `/api/conferences/${c.id}/core-groups/cg1/record`, {
        ...record,
        progress: [{ actionId: 'p9', status: 'done' }],
        scaling: [{ target: 'g9', score: 2 }],
      });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('progress.0.actionId');
      expect(JSON.stringify(bad.body)).toContain('scaling.0.target');
      const ok = await s.api('POST', `/api/conferences/${c.id}/core-groups/cg1/record`, record);
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
      expect(ok.body.plan[0]).toMatchObject({ id: 'p1', status: 'in-progress' });
      expect(ok.body.signsOfSafety.safetyGoals[0].scaling.map((x: any) => [x.meeting, x.score])).toEqual([
        ['conference', 4],
        ['cg1', 6],
      ]);
      await settle(s);
      const records = s.smtp.messages.filter((m) => (m.parsed.messageId ?? '').startsWith('<core-group-record-cg1-'));
      expect(records.map((m) => m.envelopeTo[0]).sort()).toEqual([sw.email, hv.email, jade.email, tm.email].sort());
      const pro = records.find((m) => m.envelopeTo[0] === hv.email)!;
      expect(text(pro)).toContain(SECRET);
      expect(text(pro)).toContain('Safety goals: Every appointment kept: 6 out of 10');
      expect(text(pro)).toContain('Attend the developmental check: in progress. Booked for 20 January');
      const family = records.find((m) => m.envelopeTo[0] === jade.email)!;
      expect(family.parsed.subject).toBe(`Core group record (reference ${c.reference})`);
      expect(text(family)).toContain('Good progress with appointments');
      expect(text(family)).not.toContain('CG-CONFIDENTIAL-MARKER');
    },
  );
});
