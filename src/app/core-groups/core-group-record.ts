/**
 * A core group's record: attendance, progress against each plan action, the scaling against each
 * danger statement and safety goal (where the policy works in Signs of Safety) and notes. Recording
 * it updates the plan (status and progress, scaling per meeting) and circulates it to the members
 * at once: professionals the full record, a parent or carer the copy without the confidential notes
 * (as the disclosure table says), by their contact preference.
 */
import { coreGroupRecordText } from '../../content/templates/core-group-record.ts';
import { decisionLetterHeld } from '../circulation/held-letter-steps.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import { coreGroupSeq, type CoreGroupMeeting } from '../../domain/core-groups.ts';
import { accessFor } from '../../domain/disclosure.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import { isApproved } from '../../domain/state-machine.ts';
import type { FieldIssue } from '../../domain/errors.ts';
import { usesSection } from '../../domain/plan.ts';
import { audited, requested, type Actor } from '../credentials/actor.ts';
import { CoreGroupRecordBody } from './core-group-schemas.ts';
import { coreGroupsOpen } from './core-group-meeting.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail } from '../shared/deliver.ts';
import { sendFamilyLetter } from '../post-and-texts/family-letters.ts';
import { loadConference } from '../shared/load.ts';
import { parseInput } from '../shared/parse.ts';
import { senderOf } from '../shared/sender.ts';
import { toLondonIso } from '../shared/time.ts';

export async function recordCoreGroup(
  deps: AppDeps,
  id: string,
  cgId: string,
  raw: unknown,
  actor: Actor,
): Promise<{ conference: Conference; coreGroup: CoreGroupMeeting }> {
  const input = parseInput(CoreGroupRecordBody, raw, 'core group record');
  const current = await loadConference(deps.store, id);
  const policy = deps.policies.get(current.policyId);
  // Its record goes to the members, the family too: not before the chair approves the decision.
  if (!isApproved(current.state) || !current.decision?.approvedAt)
    throw new ConflictError(
      `${current.reference} is ${current.state}: a core group's record is kept once the chair has approved the decision`,
    );
  const g = (current.coreGroups ?? []).find((x) => x.id === cgId);
  if (!g) throw new NotFoundError(`No core group ${cgId} in ${current.reference}`);
  if (g.state !== 'booked') throw new ConflictError(`Core group ${cgId} was cancelled: there is nothing to record`);
  const now = deps.clock.now();
  if (Date.parse(g.startsAt) > now.getTime())
    throw new ConflictError(`Core group ${cgId} has not met yet (it starts ${g.startsAt})`);
  const issues: FieldIssue[] = [];
  for (const f of ['present', 'apologies'] as const)
    input[f].forEach((a, i) => {
      if (!current.attendees.some((x) => x.id === a))
        issues.push({ field: `${f}.${i}`, message: `${a} is not an attendee of ${current.reference}` });
    });
  const plan = current.decision?.plan ?? [];
  input.progress.forEach((p, i) => {
    if (!plan.some((r) => r.id === p.actionId))
      issues.push({ field: `progress.${i}.actionId`, message: `no plan action ${p.actionId}` });
  });
  const sos = current.decision?.signsOfSafety;
  input.scaling.forEach((s, i) => {
    const section = s.target.startsWith('d') ? 'danger-statements' : 'safety-goals';
    if (!usesSection(policy, section))
      issues.push({
        field: `scaling.${i}.target`,
        message: `the ${policy.shortName} policy does not use ${section.replace('-', ' ')} (no Signs of Safety scaling)`,
      });
    else if (![...(sos?.dangerStatements ?? []), ...(sos?.safetyGoals ?? [])].some((x) => x.id === s.target))
      issues.push({ field: `scaling.${i}.target`, message: `no ${s.target} in the plan` });
  });
  if (issues.length) throw new ValidationError('Invalid core group record', issues);
  const at = toLondonIso(now);
  const who = audited(actor, input.by);
  const conference = await deps.store.update(id, (c) => {
    const record = {
      present: input.present,
      apologies: input.apologies,
      progress: input.progress,
      scaling: input.scaling,
      notes: input.notes,
      ...(input.confidentialNotes ? { confidentialNotes: input.confidentialNotes } : {}),
      recordedAt: at,
      recordedBy: who.actor,
    };
    const d = c.decision!;
    const scale = <T extends { id: string; scaling: { meeting: string; score: number; at: string }[] }>(x: T): T => {
      const s = input.scaling.find((y) => y.target === x.id);
      return s
        ? { ...x, scaling: [...x.scaling.filter((y) => y.meeting !== cgId), { meeting: cgId, score: s.score, at }] }
        : x;
    };
    return {
      ...c,
      coreGroups: (c.coreGroups ?? []).map((x) => (x.id === cgId ? { ...x, record } : x)),
      decision: {
        ...d,
        plan: d.plan.map((r) => {
          const p = input.progress.find((y) => y.actionId === r.id);
          return p
            ? {
                ...r,
                status: p.status,
                progress: [
                  ...(r.progress ?? []),
                  { at, by: who.actor, status: p.status, meeting: cgId, ...(p.note ? { note: p.note } : {}) },
                ],
              }
            : r;
        }),
        ...(d.signsOfSafety
          ? {
              signsOfSafety: {
                ...d.signsOfSafety,
                dangerStatements: d.signsOfSafety.dangerStatements.map(scale),
                safetyGoals: d.signsOfSafety.safetyGoals.map(scale),
              },
            }
          : {}),
      },
    };
  });
  const coreGroup = conference.coreGroups!.find((x) => x.id === cgId)!;
  await deps.store.audit(id, {
    at,
    actor: who.actor,
    action: 'core-group.recorded',
    detail: {
      ...requested(who),
      coreGroup: cgId,
      present: input.present.length,
      progress: input.progress.length,
      scaling: input.scaling.length,
    },
  });
  await deps.jobs.schedule([
    {
      conferenceId: id,
      version: conference.version,
      step: 'core-group-record',
      seq: coreGroupSeq(coreGroup),
      runAt: now,
    },
  ]);
  return { conference, coreGroup };
}

/**
 * Sends the record to each member once: the form the disclosure table gives them, by their preference.
 * A family member whose decision letter is still held (or their companion) gets it after the letter
 * (held-follow-ups.ts, which sends to `only` those members).
 */
export async function circulateCoreGroupRecord(
  deps: AppDeps,
  c: Conference,
  seq: number | undefined,
  only?: readonly string[],
): Promise<void> {
  const g = (c.coreGroups ?? []).find((x) => seq !== undefined && coreGroupSeq(x) === seq);
  if (!g?.record || !coreGroupsOpen(deps, c)) return;
  const policy = deps.policies.get(c.policyId);
  const label = (a: Attendee) => a.role;
  const members = c.attendees.filter(
    (x) => g.members.includes(x.id) && x.role !== 'child' && (!only || only.includes(x.id)),
  );
  for (const a of members) {
    const full = accessFor(c, policy, a, 'core-group-record') === 'receive';
    const family = !full && accessFor(c, policy, a, 'core-group-record-family') === 'receive';
    if (!full && !family) continue;
    if (family && (await decisionLetterHeld(deps, c, policy, a))) continue;
    const rendered = coreGroupRecordText({ c, g, policy, full, label });
    const recipient = `${g.id}-${a.id}-r${g.revision}`;
    if (family && a.contactPreference !== 'email') {
      await sendFamilyLetter(deps, c, a, 'core-group-record', `core-group-record-${g.id}`, rendered, { recipient });
      continue;
    }
    if (!a.email) continue;
    await deliverEmail(deps, c, {
      step: 'core-group-record',
      recipient,
      message: { ...rendered, to: a.email, from: senderOf(policy), headers: { 'X-Conference-Reference': c.reference } },
    });
  }
  if (only) return;
  await deps.store.audit(c.id, {
    at: toLondonIso(deps.clock.now()),
    actor: 'system',
    action: 'core-group.record-circulated',
    detail: { coreGroup: g.id },
  });
}
