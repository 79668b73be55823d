/**
 * The draft's placeholders are not minutes (#18 trial finding 4): a draft still saying "To be
 * written by the chair." could be approved and sent. Approval is now refused naming every section
 * still to write, and nothing changes; the draft also carries the chair's recorded reasons for
 * deciding inquorate and without reports (the professionals' record: confidential to the family).
 */
import { describe, expect, it } from 'vitest';
import { NO_REPORTS_REASON, byRole, create, extraAttendees, holdMeeting, settle } from '../helpers/decision-flow.ts';
import { snapshot } from '../helpers/pages.ts';
import { hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';

const start = startedServices();
const QUORUM_REASON = 'QUORUMREASON police sent a written contribution; delay would leave the baby unprotected';
const ok = async (s: TestService, method: string, path: string, body?: unknown) => {
  const r = await s.api(method, path, body);
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
  return r.body;
};

describe('minutes still to write', () => {
  it(
    'Cumbria: the draft holds both reasons; approving it unwritten is refused naming each section; once written it goes',
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const body = hackneyInitialBody({ policy: 'cumbria' });
      const c = await create(s, { ...body, attendees: [...body.attendees, ...extraAttendees()] });
      await settle(s);
      // The police are not there: Cumbria's initial conference is inquorate without them.
      await holdMeeting(s, c, {
        at: '2027-01-04T10:00',
        decideAt: '2027-01-04T11:45',
        absent: [byRole(c, 'police').id],
        reasons: { withoutReportsReason: NO_REPORTS_REASON, inquorateReason: QUORUM_REASON },
      });
      await ok(s, 'POST', `/api/conferences/${c.id}/decision/approve`, {});
      await settle(s);
      const base = `/api/conferences/${c.id}/minutes`;
      const chair = byRole(c, 'chair');
      const draft = await ok(s, 'POST', `${base}/draft`, { by: byRole(c, 'minute-taker').id });
      const reasons = draft.sections.find((x: any) => x.heading === 'Decided without a safeguard: the chair’s reasons');
      expect(reasons).toMatchObject({ confidential: true });
      expect(reasons.text).toContain(`The chair’s reason: ${NO_REPORTS_REASON}`);
      expect(reasons.text).toContain(`The chair’s reason: ${QUORUM_REASON}`);

      const unwritten = draft.sections.filter((x: any) => x.text.includes('To be written by the chair.'));
      expect(unwritten.length).toBeGreaterThan(0);
      const before = await snapshot(s, c.id);
      const refused = await s.api('POST', `${base}/approve`, { by: chair.id });
      expect(refused.status, JSON.stringify(refused.body)).toBe(400);
      expect(refused.body.issues).toEqual(
        unwritten.map((x: any) => ({
          field: `sections.${x.id}`,
          message: `"${x.heading}" still says "To be written by the chair.": write it (or delete the section) before approving`,
        })),
      );
      expect(refused.body.issues.map((i: any) => i.message).join(' ')).toContain('"What are we worried about?"');
      expect(await snapshot(s, c.id)).toEqual(before);
      expect((await ok(s, 'GET', base)).approvedAt).toBeNull();

      await ok(s, 'POST', base, {
        text: (draft.text as string).replaceAll('To be written by the chair.', 'Written up.'),
        confidentialSections: draft.confidentialSections,
        by: chair.id,
      });
      const approved = await ok(s, 'POST', `${base}/approve`, { by: chair.id });
      expect(approved.approvedAt).toBeTruthy();
    },
  );
});
