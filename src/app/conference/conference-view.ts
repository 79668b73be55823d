import { queuedLetter } from '../../domain/letters.ts';
import { sharingByParent } from '../../domain/report-sharing.ts';
import { circulationView } from '../circulation/circulation-status.ts';
import { minutesView } from '../minutes/minutes-watch.ts';
import type { AppDeps } from '../deps.ts';
import { loadConference } from '../shared/load.ts';
import { queuedChaseAudience } from '../reports/report-chasers.ts';
import type { PendingJob } from '../../ports/jobs.ts';
import { linkVersion } from '../credentials/links.ts';

/** What the coordinator sees of one conference: the aggregate plus deliveries, pending jobs and the audit trail. */
export async function conferenceView(deps: AppDeps, id: string) {
  const c = await loadConference(deps.store, id);
  const policy = deps.policies.get(c.policyId);
  const [deliveries, pendingJobs, audit] = await Promise.all([
    deps.ledger.list(id),
    deps.jobs.pending(id),
    deps.store.readAudit(id),
  ]);
  return {
    ...c,
    policy: { id: policy.id, name: policy.name, example: policy.example, planSections: policy.plan.sections },
    attendees: c.attendees.map((a) => ({
      ...a,
      /** Their personal links' version: what "Send a new link" replaces (`replacing`). */
      linkVersion: linkVersion(c, a.id),
      report: c.reports[a.id]
        ? {
            status: c.reports[a.id]!.status,
            dueAt: c.reports[a.id]!.dueAt,
            receivedAt: c.reports[a.id]!.receivedAt,
            channel: c.reports[a.id]!.channel,
            history: c.reports[a.id]!.history,
            // Whom in the family it was shared with, where the policy asks for that first.
            ...(policy.reports.sharedWithFamilyFirst && c.reports[a.id]!.status === 'received'
              ? {
                  sharing: sharingByParent(c, c.reports[a.id]!).map((x) => ({
                    parentId: x.parent.id,
                    ...(x.sharedOn ? { sharedOn: x.sharedOn } : {}),
                  })),
                }
              : {}),
          }
        : undefined,
      deliveries: Object.fromEntries(
        Object.entries(deliveries).filter(([k]) => k.includes(`-${a.id}-`) || k.endsWith(`-${a.id}`)),
      ),
    })),
    deliveries,
    circulation: (await circulationView(deps, c, deliveries)) ?? null,
    minutesCirculation: minutesView(c, policy, deliveries),
    hardCopies: c.hardCopies ?? [],
    /**
     * The ledger entries that are letters on the hard-copy queue, by ledger key: the ledger says
     * "sent" once a letter is queued, but it has gone only once printed.
     */
    letters: Object.fromEntries(
      Object.entries(deliveries).flatMap(([key, e]) => {
        const h = e.state === 'sent' ? queuedLetter(c, key, e) : undefined;
        return h ? [[key, h] as const] : [];
      }),
    ),
    // A chaser shared by the authors due at its time names whom it will chase (none once their reports are in).
    pendingJobs: pendingJobs.map((j): PendingJob & { chases?: string[] } => {
      const chases = queuedChaseAudience(deps, c, j, deliveries);
      return chases ? { ...j, chases } : j;
    }),
    audit,
    /** The kinds of text reminder this conference's families can get (GOV.UK Notify set up, a template, and the policy). */
    textKinds: deps.notify ? policy.familyContact.texts.filter((k) => deps.settings.notify?.smsTemplates[k]) : [],
  };
}
