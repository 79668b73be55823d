/**
 * An escalation without a route (issue #19, bad input), through the doors a person uses. A policy
 * must name someone on each route (a file whose route names nobody is refused at start-up:
 * startup.test.ts), but a route can still leave nobody to tell on a given conference: here the
 * authority's file (POLICY_FILE) sends a professional's disagreement only to that professional's
 * manager, and the police officer gave no manager's email. Opening the police officer's escalation
 * through the API or on the chair's own page is refused 400 naming the field (`route`, and the policy
 * field to fix), with nothing stored, audited, queued or sent; the health visitor, whose manager is
 * known, escalates the same decision and her manager is told.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { byRole, create, holdMeeting, settle } from '../helpers/decision-flow.ts';
import { PageClient, csrfOf, linkPath, plainText, snapshot } from '../helpers/pages.ts';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

const start = startedServices();
const dir = mkdtempSync(path.join(tmpdir(), 'cpc-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ROUTE = 'views.disagreement.escalation.professional.tell';

describe('an escalation whose route leaves nobody to tell', () => {
  it(
    'is refused 400 naming the route through the API and the chair’s page; nothing is stored or sent',
    { timeout: 120_000 },
    async () => {
      const file = path.join(dir, 'managers-only.yaml');
      writeFileSync(
        file,
        [
          'extends: statutory',
          'id: managers-only',
          'name: Managers only',
          'authority: Managers Only Council (fictional)',
          'example: true',
          'basis: test policy',
          'views:',
          '  disagreement:',
          '    escalation:',
          "      professional: { tell: [{ who: 'professionals-manager' }], resolveWithinWorkingDays: 5 }",
          '',
        ].join('\n'),
      );
      const s = await start({ POLICY_FILE: file });
      const body = hackneyInitialBody({ policy: 'managers-only' });
      const attendees = (body.attendees as Record<string, unknown>[]).map((a) => {
        if (a['role'] !== 'police') return a;
        const { managerEmail: _m, ...noManager } = a;
        return noManager;
      });
      const c = await create(s, { ...body, attendees });
      await settle(s);
      await holdMeeting(s, c, { at: '2027-01-04T10:00' });
      const base = `/api/conferences/${c.id}`;
      const police = byRole(c, 'police');

      // The API: 400 naming the route and the policy field to fix; nothing changes, nothing is sent.
      const before = await snapshot(s, c.id);
      const refused = await s.api('POST', `${base}/escalations`, {
        childId: 'c1',
        attendeeId: police.id,
        concern: 'Police support a plan for both children',
      });
      expect(refused.status, JSON.stringify(refused.body)).toBe(400);
      expect(refused.body.issues).toEqual([
        {
          field: 'route',
          message: `nobody on the Managers Only policy's professional escalation route can be told (${ROUTE}): add the chair's or the professional's manager's email, or a named contact to notify`,
        },
      ]);
      await settle(s);
      expect(await snapshot(s, c.id)).toEqual(before);
      expect((await s.api('GET', `${base}/escalations`)).body.escalations).toEqual([]);

      // The chair's own page: the same refusal shown on the form, and still nothing.
      const chairPath = await linkPath(s, c.id, byRole(c, 'chair').id, 'chair');
      const chair = new PageClient(s.url);
      const page = await chair.get(chairPath);
      const onPage = await chair.post(chairPath, {
        _csrf: csrfOf(page.text),
        action: 'escalate',
        childId: 'c1',
        who: police.id,
        concern: 'Police support a plan for both children',
      });
      expect(onPage.status).toBe(400);
      expect(plainText(onPage.text)).toContain(
        `nobody on the Managers Only policy's professional escalation route can be told (${ROUTE})`,
      );
      await settle(s);
      expect(await snapshot(s, c.id)).toEqual(before);

      // The health visitor's manager is known: the same decision escalates, and only her manager is told.
      const hv = byRole(c, 'professional');
      const opened = await s.api('POST', `${base}/escalations`, {
        childId: 'c2',
        attendeeId: hv.id,
        concern: 'Health needs are not met without a plan',
      });
      expect(opened.status, JSON.stringify(opened.body)).toBe(201);
      await settle(s);
      const told = await until('the escalation notice', () => {
        const m = s.smtp.messages.filter(
          (x) => x.parsed.subject === `${c.reference}: disagreement with the decision escalated`,
        );
        return m.length ? m : undefined;
      });
      expect(told.flatMap((m) => m.envelopeTo)).toEqual(['hv.manager@nhs.example.org']);
    },
  );
});
