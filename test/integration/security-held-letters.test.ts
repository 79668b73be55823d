/**
 * Replaying the chair's release of a held family letter. The chair presses "Send the letter now
 * without the record" twice at once (a double click, a Teams retry, a replayed request): one
 * release is recorded, with its reason; the other is refused ("no longer held") and leaves no
 * second audit entry with another reason, and the letter goes once. The same for recording that a
 * parent was told: the first record stands, the second is refused and audits nothing.
 */
import { describe, expect, it } from 'vitest';
import { decidedConference } from '../helpers/decision-flow.ts';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

const start = startedServices();
const JADE = 'jade@family.example.com';

describe('a held letter released or recorded twice at once', () => {
  it('is released and recorded once, the second refused and audited nowhere', { timeout: 90_000 }, async () => {
    const s = await start();
    const ground = s.rt.deps.policies.get('hackney').exclusionGrounds[0]!;
    const body = hackneyInitialBody();
    const jadeId = `a${(body.attendees as { email?: string }[]).findIndex((a) => a.email === JADE) + 1}`;
    const { c } = await decidedConference(s, {
      body,
      meeting: {
        at: '2027-01-04T10:00',
        decideAt: '2027-01-04T11:45',
        exclude: { attendeeId: jadeId, part: 'police information about a third party', ground },
      },
    });
    const jade = c.attendees.find((a) => a.email === JADE)!;
    expect(jade.id).toBe(jadeId);
    await until('her letter held', async () =>
      (await s.rt.deps.store.get(c.id))!.heldLetters?.some((h) => h.attendeeId === jade.id) ? true : undefined,
    );
    const audit = async (action: string) => (await s.rt.deps.store.readAudit(c.id)).filter((e) => e.action === action);

    const release = (reason: string) =>
      s.api('POST', `/api/conferences/${c.id}/circulation/${jade.id}/release`, { reason });
    const [one, two] = await Promise.all([release('No answer by phone'), release('Moved away')]);
    expect([one.status, two.status].sort()).toEqual([202, 409]);
    const refused = [one, two].find((r) => r.status === 409)!;
    expect(refused.body.message).toBe(`The letter to ${jade.id} is no longer held`);
    const released = await audit('decision.letter-released-unexplained');
    expect(released).toHaveLength(1);
    const held = (await s.rt.deps.store.get(c.id))!.heldLetters!.find((h) => h.attendeeId === jade.id)!;
    expect(held.released?.reason).toBe(released[0]!.detail!['why']);

    const told = () =>
      s.api('POST', `/api/conferences/${c.id}/circulation/${jade.id}/told`, {
        explainedBy: 'chair',
        how: 'phone',
        view: 'told-them',
      });
    const answers = await Promise.all([told(), told()]);
    expect(answers.map((r) => r.status).sort()).toEqual([202, 409]);
    expect(await audit('decision.told-in-person')).toHaveLength(1);

    await s.advanceTo(new Date(s.rt.clock.now().getTime() + 60_000).toISOString());
    const letters = s.smtp.messages.filter(
      (m) =>
        m.envelopeTo.includes(JADE) && /^The decision of your child protection meeting/.test(m.parsed.subject ?? ''),
    );
    expect(letters).toHaveLength(1);
  });
});
