/**
 * The chaos suite's count. Expected = every send the ledger knows of (sent, or still sending or
 * failed: those were attempted and never completed) plus the plan's floor (an invitation for every
 * attendee with an email address). Sent = expected messages the SMTP sink accepted, matched by
 * (recipient, Message-ID). Duplicated = extra acceptances of one (recipient, Message-ID); of those,
 * `visibleDuplicates` are copies whose Date differs from the first: an exact repeat (same Message-ID
 * and Date) is dropped by mail stores that detect duplicates (Exchange keys on Internet Message-ID
 * and submit time, Gmail on Message-ID), so the recipient sees one message.
 */
import type { Runtime } from '../../src/runtime/start.ts';
import type { ChaosSmtp } from './infra.ts';

export interface ChaosTally {
  expected: number;
  sent: number;
  lost: number;
  duplicated: number;
  /** Duplicates whose first copy arrived within 1 s of a worker kill: the SMTP hand-over window (an exact repeat, so mail stores can drop it). */
  duplicatedInKillWindow: number;
  /** Duplicates a recipient would see: another copy with a different Date (not an exact repeat). */
  visibleDuplicates: number;
  failedJobs: number;
  extraConferences: number;
  refusedRcpts: number;
  details: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const norm = (id: string) => id.replace(/^<|>$/g, '').toLowerCase();

/** Until nothing is running, waiting or retrying (parked future jobs of simulated time do not count). */
export async function waitForDrain(rt: Runtime, timeoutMs: number): Promise<void> {
  const q = rt.scheduler.queue;
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  while (Date.now() < deadline) {
    try {
      const c = await q.getJobCounts('waiting', 'active', 'prioritized');
      const retrying = (await q.getDelayed(0, -1)).filter((j) => j.attemptsMade > 0).length;
      quiet = (c['waiting'] ?? 0) + (c['active'] ?? 0) + (c['prioritized'] ?? 0) + retrying === 0 ? quiet + 1 : 0;
      if (quiet >= 5) return;
    } catch {
      quiet = 0;
    }
    await sleep(200);
  }
}

export async function tally(rt: Runtime, smtp: ChaosSmtp, killTimes: number[] = []): Promise<ChaosTally> {
  const accepted = new Map<string, number>();
  const dates = new Map<string, Set<string>>();
  for (const m of smtp.messages)
    for (const to of m.to) {
      const k = `${to} ${norm(m.messageId)}`;
      accepted.set(k, (accepted.get(k) ?? 0) + 1);
      dates.set(k, (dates.get(k) ?? new Set()).add(m.date));
    }
  const acceptedIds = new Set(smtp.messages.map((m) => norm(m.messageId)));
  const details: string[] = [];
  let expected = 0;
  let sent = 0;
  const conferences = await rt.deps.store.list();
  for (const s of conferences) {
    const c = (await rt.deps.store.get(s.id))!;
    const ledger = await rt.deps.ledger.list(s.id);
    for (const [key, e] of Object.entries(ledger)) {
      if (e.state === 'sent' && !(e.messageId ?? '').includes('@')) continue; // post, Teams, in person
      if (e.state === 'skipped') continue; // started by an attempt that died, no longer needed when retried
      expected++;
      // A chaser whose retry was removed because the report arrived meanwhile is no longer owed.
      const chaser = /^report-(request|reminder-\d|last-reminder|overdue|escalation)-(a\d+)-/.exec(key);
      if (e.state === 'failed' && chaser && c.reports[chaser[2]!]?.status === 'received') {
        expected--;
        continue;
      }
      if (e.state !== 'sent') {
        details.push(`${s.reference} ${key}: ledger says ${e.state}${e.reason ? ` (${e.reason.slice(0, 80)})` : ''}`);
        continue;
      }
      const id = norm(e.messageId!);
      // The Message-ID is deterministic per (conference, step, recipient, version): one send, one id.
      if (acceptedIds.has(id)) sent++;
      else details.push(`${s.reference} ${key}: ledger says sent, SMTP never accepted ${id}`);
    }
    if (c.state === 'draft') continue; // a review drafted by the follow-ups: nothing is sent until it is confirmed
    for (const a of c.attendees) {
      if (!a.email || a.role === 'child') continue;
      if (!Object.keys(ledger).some((k) => k.startsWith(`send-invites-${a.id}-`))) {
        expected++;
        details.push(`${s.reference} invitation to ${a.id} never sent`);
      }
    }
  }
  let duplicated = 0;
  let sameIdAfterKill = 0;
  let visibleDuplicates = 0;
  for (const [k, n] of accepted)
    if (n > 1) {
      duplicated += n - 1;
      const distinctDates = dates.get(k)!.size;
      if (distinctDates > 1) {
        visibleDuplicates += distinctDates - 1;
        details.push(`visible duplicate: ${k} went out with ${distinctDates} different Date headers`);
      }
      // The nearest worker kill around the first copy's acceptance. Before it: a worker killed after it
      // wrote the end of DATA still gets its message delivered (the kernel flushes the socket). Just
      // after it: the server has said 250 but the worker dies before reading it or writing the ledger.
      // Either way the message is never marked sent.
      const copies = smtp.messages.filter((m) => k.endsWith(` ${norm(m.messageId)}`));
      const first = copies[0]!.at;
      const nearest = killTimes.reduce<number | undefined>(
        (best, t) => (best === undefined || Math.abs(t - first) < Math.abs(best - first) ? t : best),
        undefined,
      );
      const gap = nearest === undefined ? Infinity : first - nearest;
      const later = copies
        .slice(1)
        .map((m) => `${(m.at - first).toFixed(0)} ms`)
        .join(', ');
      const when = !Number.isFinite(gap)
        ? 'with no worker kill at all'
        : gap >= 0
          ? `${gap.toFixed(1)} ms after a worker kill`
          : `${(-gap).toFixed(1)} ms before a worker kill`;
      details.push(`duplicate: ${k} accepted ${n} times (first copy accepted ${when}; again ${later} later)`);
      if (Number.isFinite(gap) && gap < 1_000 && gap > -1_000) sameIdAfterKill += n - 1;
    }
  const failedJobs = (await rt.scheduler.failed()).length;
  for (const f of (await rt.scheduler.failed()).slice(0, 5))
    details.push(`failed job ${f.id}: ${f.failedReason.slice(0, 120)}`);
  return {
    expected,
    sent,
    lost: expected - sent,
    duplicated,
    duplicatedInKillWindow: sameIdAfterKill,
    visibleDuplicates,
    failedJobs,
    extraConferences: Math.max(0, conferences.length - conferences.filter((c) => c.state !== 'draft').length),
    refusedRcpts: smtp.refusedRcpts,
    details,
  };
}
