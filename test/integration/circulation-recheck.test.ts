/**
 * The circulation's re-check after a Redis failover (app/circulation/finish-circulation.ts): the move to
 * circulated and on to the follow-ups, made by the last job and thrown away with a demoted master's
 * writes, is made again from the ledger, once; a conference still waiting for someone is left alone.
 */
import { describe, expect, it } from 'vitest';
import { recheckApprovedCirculations } from '../../src/app/circulation/finish-circulation.ts';
import { create, holdMeeting, settle } from '../helpers/decision-flow.ts';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

const start = startedServices();

describe('circulation re-check after a failover', () => {
  it('moves on a conference left approved with everyone served, and only that', { timeout: 90_000 }, async () => {
    const s = await start();
    const c = await create(s, hackneyInitialBody());
    await settle(s);
    await holdMeeting(s, c, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45' });
    const state = async () => (await s.api('GET', `/api/conferences/${c.id}`)).body.state as string;
    // Nothing to do while the decision is not approved.
    expect(await recheckApprovedCirculations(s.rt.deps)).toBe(0);
    expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
    await settle(s);
    await until('follow-up', async () => (await state()) === 'follow-up', 30_000);
    const circulated = async () =>
      (await s.rt.deps.store.readAudit(c.id)).filter((e) => e.action.startsWith('decision.circulated')).length;
    expect(await circulated()).toBe(1);
    // The last job's write met the demoted master and was thrown away: the conference is approved again.
    await s.rt.deps.store.update(c.id, (x) => ({ ...x, state: 'approved' }));
    expect(await recheckApprovedCirculations(s.rt.deps)).toBe(1);
    expect(await state()).toBe('follow-up');
    expect(await circulated()).toBe(2);
    expect(await recheckApprovedCirculations(s.rt.deps)).toBe(0);
  });
});
