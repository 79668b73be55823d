/**
 * The end of circulating a decision: once every recipient is served, the follow-ups are queued and
 * the conference moves approved → circulated → follow-up. Called by each circulation job and by
 * the watchdog as a backstop.
 */
import { awaitedRecipients, deliveredRecipients } from '../../domain/circulation.ts';
import type { Conference } from '../../domain/conference.ts';
import { planFollowUps } from '../../domain/follow-ups.ts';
import { waitingToPrint } from '../../domain/letters.ts';
import { mayFinishCirculation, transition } from '../../domain/state-machine.ts';
import { CIRCULATE_STEP } from './circulation-status.ts';
import { circulatedAction, exceptPostWords } from './circulated-audit.ts';
import type { AppDeps } from '../deps.ts';
import { ledgerKey } from '../shared/deliver.ts';
import { toLondonIso } from '../shared/time.ts';

/** Reads only this circulation's entries (the ledger also holds every invitation, reminder and chaser). */
function everyoneServed(deps: AppDeps, c: Conference): Promise<boolean> {
  return deps.ledger.allSent(
    c.id,
    awaitedRecipients(c, deps.policies.get(c.policyId)).map((r) => ledgerKey(CIRCULATE_STEP, r.key, c.version)),
  );
}

/**
 * Once every recipient is served (a letter held past its hold time excepted: it goes when someone
 * records telling the parent, and the follow-ups do not wait for it): queue the follow-ups (deterministic ids, so a race queues them
 * once), then record approved → circulated → follow-up. Safe to call from any job.
 */
export async function finishIfComplete(deps: AppDeps, id: string, seen?: Conference): Promise<boolean> {
  // Most jobs of a fan-out are not the last: the conference this job read says who is still
  // waiting (the same version's recipients), so only the last one reads it again.
  if (seen && !(await everyoneServed(deps, seen))) return false;
  const c = await deps.store.get(id);
  if (!c || !mayFinishCirculation(c.state)) return false;
  const policy = deps.policies.get(c.policyId);
  const recipients = awaitedRecipients(c, policy);
  const stillHeld = deliveredRecipients(c, policy).length - recipients.length;
  const ledger = await deps.ledger.list(id);
  if (!recipients.every((r) => ledger[ledgerKey(CIRCULATE_STEP, r.key, c.version)]?.state === 'sent')) return false;
  const now = deps.clock.now();
  const at = toLondonIso(now);
  const plan = planFollowUps(c, policy, deps.calendar, now);
  await deps.jobs.schedule(
    plan.jobs.map((j) => ({ conferenceId: id, version: c.version, step: j.step, runAt: j.runAt })),
  );
  let moved = false;
  await deps.store.update(id, (cur) => {
    moved = false;
    let next = cur;
    if (next.state === 'approved')
      next = transition(next, 'circulated', { at, by: 'system', reason: `${recipients.length} recipient(s) served` });
    if (next.state === 'circulated') {
      next = transition(next, 'follow-up', { at, by: 'system' });
      moved = true;
    }
    return next;
  });
  if (moved) {
    // Everyone has their copy: what was rendered once for them is no longer needed.
    await deps.renders.forget(id);
    const received = recipients.map((r) => Date.parse(ledger[ledgerKey(CIRCULATE_STEP, r.key, c.version)]!.at));
    // Follow-ups do not wait for the print room, but a posted letter has gone only once printed: say how many have not.
    const toPrint = recipients.filter((r) =>
      waitingToPrint(
        c,
        ledgerKey(CIRCULATE_STEP, r.key, c.version),
        ledger[ledgerKey(CIRCULATE_STEP, r.key, c.version)],
      ),
    ).length;
    // "Circulated" only once every copy has gone: until the posted ones are printed, say so.
    await deps.store.audit(id, {
      at,
      actor: 'system',
      action: circulatedAction('decision', toPrint),
      detail: {
        recipients: recipients.length,
        lastAt: toLondonIso(new Date(Math.max(...received, now.getTime()))),
        waitingToPrint: toPrint,
        ...(toPrint ? { summary: exceptPostWords(toPrint) } : {}),
        ...(stillHeld ? { heldLetters: stillHeld } : {}),
      },
    });
    await deps.store.audit(id, {
      at,
      actor: 'system',
      action: 'follow-ups.scheduled',
      detail: { jobs: plan.jobs.map((j) => ({ step: j.step, runAt: toLondonIso(j.runAt) })), notes: plan.notes },
    });
    deps.logger.info('decision circulated', {
      conferenceId: id,
      reference: c.reference,
      recipients: recipients.length,
    });
  }
  return moved;
}

/**
 * `finishIfComplete` again for every conference still approved (from the store's index by state),
 * returning how many it moved on. After a Redis failover: Sentinel promotes the replica while the
 * old master still takes writes (up to `min-replicas-max-lag`), and a write it acknowledged in that
 * window is thrown away when it rejoins as a replica. Every other write of a fan-out is made again by
 * something later (a job whose lock went missing runs again, a claim's lease runs out), but the move
 * to circulated is made once, by whichever job finds everyone served; lost, only the circulation
 * watchdog, hours later, would move the conference on. Idempotent: safe from any process, any time.
 */
export async function recheckApprovedCirculations(deps: AppDeps): Promise<number> {
  if (!deps.store.listPage) return 0;
  const ids: string[] = [];
  for (let offset = 0; ; offset += 500) {
    const { summaries } = await deps.store.listPage({ state: 'approved', offset, count: 500 });
    ids.push(...summaries.map((s) => s.id));
    if (summaries.length < 500) break;
  }
  let moved = 0;
  for (const id of ids) if (await finishIfComplete(deps, id)) moved++;
  return moved;
}
