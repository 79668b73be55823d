/**
 * The chair's decision form keeps what the chair wrote (trial as a chair): the per-child fields are
 * named `<childId>-…`, but the form read them back without that prefix, so a refused decision came
 * back with each child's decision, categories, reasons and scale blank, and a recorded decision
 * awaiting approval showed an empty, required "Reasons" box to correct it with.
 */
import { describe, expect, it } from 'vitest';
import { byRole, create, settle } from '../helpers/decision-flow.ts';
import { csrfOf, linkPath, PageClient } from '../helpers/pages.ts';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';

const start = startedServices();
const REASONS = 'Persistent neglect of health needs over two years';

describe("the chair's decision form", () => {
  it('keeps each child’s decision, categories, reasons and scale when refused, and shows them once recorded', async () => {
    const s = await start();
    const c = await create(s, hackneyInitialBody());
    await settle(s);
    await s.advanceTo('2027-01-04T10:00');
    expect((await s.api('POST', `/api/conferences/${c.id}/start`, {})).status).toBe(200);
    const path = await linkPath(s, c.id, byRole(c, 'chair').id, 'chair');
    const client = new PageClient(s.url);
    const page = await client.get(path);
    const decision = {
      _csrf: csrfOf(page.text),
      action: 'decide',
      'c1-recommendation': 'child-protection-plan',
      'c1-categories': 'neglect',
      'c1-rationale': REASONS,
      'c1-scale': '3',
      'c2-recommendation': 'child-in-need',
      'c2-rationale': 'Needs met with support',
    };
    // No reports and no register: refused until the chair gives the reasons; what they wrote stays.
    const refused = await client.post(path, decision);
    expect(refused.status).toBe(400);
    const rationale = (html: string) =>
      /<textarea[^>]*name="c1-rationale"[^>]*>([^<]*)<\/textarea>/.exec(html)?.[1] ?? '(no box)';
    expect(rationale(refused.text)).toBe(REASONS);
    expect(refused.text).toMatch(/name="c1-recommendation" type="radio" value="child-protection-plan" checked/);
    expect(refused.text).toMatch(/name="c1-categories" type="checkbox" value="neglect" checked/);
    expect(refused.text).toMatch(/<option value="3" selected>/);

    const recorded = await client.post(path, {
      ...decision,
      _csrf: csrfOf(refused.text),
      withoutReportsReason: 'Reports were given orally',
      inquorateReason: 'The register is on paper',
    });
    expect(recorded.status, recorded.text).toBe(303);
    // Awaiting approval: the form to correct it shows the decision as recorded.
    expect(rationale((await client.get(path)).text)).toBe(REASONS);
  });
});
