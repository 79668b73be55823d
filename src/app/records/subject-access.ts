/**
 * Subject-access export: every conference and record that mentions one person, found by their
 * email address (as an attendee, or as the manager reports were escalated to): their attendee
 * records, their views, their reports, the deliveries addressed to them and audit entries about them.
 */
import type { Attendee } from '../../domain/conference-parts.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import { toLondonIso } from '../shared/time.ts';

const EMAIL = /^[^\s@<>(),;:"]{1,64}@[^\s@<>(),;:"]{1,255}$/;

export async function subjectAccessExport(deps: AppDeps, rawEmail: unknown) {
  if (typeof rawEmail !== 'string' || !EMAIL.test(rawEmail.trim()))
    throw new ValidationError('Invalid subject-access request', [
      { field: 'email', message: 'expected one email address' },
    ]);
  const email = rawEmail.trim().toLowerCase();
  const matches = (a: Attendee) => a.email?.toLowerCase() === email || a.managerEmail?.toLowerCase() === email;
  const conferences = [];
  for (const summary of await deps.store.list()) {
    const c = await deps.store.get(summary.id);
    if (!c) continue;
    const people = c.attendees.filter(matches);
    if (people.length === 0) continue;
    const ids = new Set(people.map((a) => a.id));
    const [ledger, audit] = await Promise.all([deps.ledger.list(c.id), deps.store.readAudit(c.id)]);
    const mentions = (key: string) => [...ids].some((id) => key.includes(`-${id}-`) || key.endsWith(`-${id}`));
    conferences.push({
      attendeeIds: [...ids],
      id: c.id,
      reference: c.reference,
      state: c.state,
      startsAt: c.startsAt,
      asManagerOf: people
        .filter((a) => a.managerEmail?.toLowerCase() === email && a.email?.toLowerCase() !== email)
        .map((a) => a.id),
      attendees: people.filter((a) => a.email?.toLowerCase() === email),
      // Their own views only: a child's view they relayed (as advocate or social worker) is the child's.
      views: c.views.filter((v) => v.attendeeId !== undefined && ids.has(v.attendeeId) && !v.childsVoice),
      reports: Object.values(c.reports).filter((r) => ids.has(r.attendeeId)),
      deliveries: Object.fromEntries(Object.entries(ledger).filter(([k]) => mentions(k))),
      audit: audit.filter(
        (e) => ids.has(e.actor) || [...ids].some((id) => JSON.stringify(e.detail ?? {}).includes(`"${id}"`)),
      ),
    });
  }
  for (const c of conferences) {
    await deps.store.audit(c.id, {
      at: toLondonIso(deps.clock.now()),
      actor: 'coordinator',
      action: 'subject-access.exported',
      detail: { attendeeIds: c.attendeeIds },
    });
  }
  return { subject: email, generatedAt: toLondonIso(deps.clock.now()), conferences };
}
