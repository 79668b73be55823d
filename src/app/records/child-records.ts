/**
 * Children across conferences: their record ids are given when a conference is created (a new
 * one, or the record of a child who comes back), carried by the review draft, and each approved
 * decision is written into the child's record by the `record-child-plans` job (retried with
 * backoff like any step, and harmless to run twice: a conference's entry is replaced, not added).
 *
 * `childPlans` is what the figures and the census read: the records that could count in a period
 * and each child's plans, from one index read (no conference is loaded).
 */
import {
  onPlanOn,
  planHistory,
  timeOnPlan,
  withConference,
  type ChildConferenceEntry,
  type ChildRecord,
  type PlanEpisode,
} from '../../domain/child-record.ts';
import type { Child } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import { z } from 'zod/v4';
import { NotFoundError, ValidationError, type FieldIssue } from '../../domain/errors.ts';
import { CHILD_RECORD_ID } from '../../domain/ids.ts';
import type { AppDeps } from '../deps.ts';
import { parseInput } from '../shared/parse.ts';
import { londonDate, toLondonIso } from '../shared/time.ts';

/** Each child's record id for a new conference: the one given (which must exist), or a new one. */
export async function childRecordIdsFor(
  deps: Pick<AppDeps, 'childRecords'>,
  children: readonly { recordId?: string | undefined; previousPlans?: number | undefined }[],
  at: string,
): Promise<string[]> {
  const issues: FieldIssue[] = [];
  const found = await Promise.all(
    children.map((ch) => (ch.recordId ? deps.childRecords.get(ch.recordId) : Promise.resolve(undefined))),
  );
  children.forEach((ch, i) => {
    if (ch.recordId && !found[i])
      issues.push({
        field: `children.${i}.recordId`,
        message: `no child record ${ch.recordId} (see GET /api/children/${ch.recordId})`,
      });
  });
  if (issues.length) throw new ValidationError('Invalid conference', issues);
  const ids: string[] = [];
  for (const ch of children) {
    if (ch.recordId) {
      // The coordinator now knows how many plans came before: kept on the child, not the conference.
      if (ch.previousPlans !== undefined)
        await deps.childRecords.update(ch.recordId, (r) => ({
          ...r,
          previousPlansBefore: ch.previousPlans!,
          updatedAt: at,
        }));
      ids.push(ch.recordId);
    } else
      ids.push(
        (
          await deps.childRecords.mint({
            at,
            ...(ch.previousPlans !== undefined ? { previousPlansBefore: ch.previousPlans } : {}),
          })
        ).id,
      );
  }
  return ids;
}

/**
 * Conferences made before child records existed: each child gets the record of the same child at
 * the conference this one reviews, or a new one. Stored on the conference before anything is
 * written to a record, so a retried job finds the same ids.
 */
async function ensureRecordIds(deps: AppDeps, c: Conference): Promise<Conference> {
  if (c.children.every((ch) => ch.recordId)) return c;
  const before = c.reviewOf ? await deps.store.get(c.reviewOf) : undefined;
  const at = toLondonIso(deps.clock.now());
  const minted = new Map<string, string>();
  for (const ch of c.children) {
    if (ch.recordId) continue;
    const carried = before?.children.find((b) => b.id === ch.id)?.recordId;
    minted.set(ch.id, carried ?? (await deps.childRecords.mint({ at })).id);
  }
  return deps.store.update(c.id, (cur) => ({
    ...cur,
    children: cur.children.map((ch): Child =>
      ch.recordId || !minted.has(ch.id) ? ch : { ...ch, recordId: minted.get(ch.id)! },
    ),
  }));
}

/** The `record-child-plans` step: the approved decision for each child, into the child's record. */
export async function recordChildPlans(deps: AppDeps, conference: Conference): Promise<void> {
  const d = conference.decision;
  if (!d?.approvedAt || !conference.heldOn) return;
  const c = await ensureRecordIds(deps, conference);
  const at = toLondonIso(deps.clock.now());
  const written: { childId: string; recordId: string; outcome: string }[] = [];
  for (const o of d.outcomes) {
    const child = c.children.find((ch) => ch.id === o.childId);
    if (!child?.recordId) continue;
    const entry: ChildConferenceEntry = {
      conferenceId: c.id,
      reference: c.reference,
      kind: c.kind,
      childId: child.id,
      heldOn: c.heldOn!,
      ...(c.strategyDiscussionOn ? { strategyDiscussionOn: c.strategyDiscussionOn } : {}),
      outcome: o.outcome,
      categories: [...o.categories],
      approvedAt: d.approvedAt,
    };
    await deps.childRecords.update(child.recordId, (r) => withConference(r, entry, at));
    written.push({ childId: child.id, recordId: child.recordId, outcome: o.outcome });
  }
  await deps.store.audit(c.id, { at, actor: 'system', action: 'child-plans.recorded', detail: { children: written } });
}

/** A child's record and the plans worked out from it. */
export interface ChildPlans {
  record: ChildRecord;
  plans: PlanEpisode[];
}

/**
 * Every child who could count in a period starting on `activeSince` (a London date): a conference
 * held on or after it, or a plan still open. Without it, every child with a conference. The figures
 * ("children on a plan for over 12 months": `onPlanOverMonths` in domain/child-record.ts) and the
 * census read this.
 */
export async function childPlans(
  deps: Pick<AppDeps, 'childRecords'>,
  options: { activeSince?: string } = {},
): Promise<ChildPlans[]> {
  const records = await deps.childRecords.list(options);
  return records.map((record) => ({ record, plans: planHistory(record) }));
}

/** One child's record as the coordinator reads it: every conference, every plan and its time so far (no names). */
export async function childRecordView(deps: Pick<AppDeps, 'childRecords' | 'clock'>, recordId: string) {
  if (!CHILD_RECORD_ID.test(recordId))
    throw new ValidationError('Invalid child record id', [
      { field: 'recordId', message: 'expected a child record id such as k0123456789ab' },
    ]);
  const record = await deps.childRecords.get(recordId);
  if (!record) throw new NotFoundError(`No child record ${recordId}`);
  const today = londonDate(deps.clock.now());
  return {
    id: record.id,
    previousPlansBefore: record.previousPlansBefore ?? null,
    ...(record.previousPlansGiven ? { previousPlansGiven: record.previousPlansGiven } : {}),
    conferences: record.conferences,
    plans: planHistory(record).map((p) => ({ ...p, onPlan: onPlanOn(p, today), timeOnPlan: timeOnPlan(p, today) })),
    asOf: today,
  };
}

export const PreviousPlansBody = z
  .object({
    /** Child protection plans the child had before this service knew them (here or in another authority). */
    previousPlans: z.number().int().min(0).max(50),
    /** Who gave the number (for the record), e.g. the coordinator's name or team. */
    by: z.string().trim().min(1).max(120).optional(),
  })
  .strict();

/**
 * The coordinator gives (or corrects) how many plans the child had before this service knew them:
 * every plan's number of previous plans follows. Kept on the child's record with when it was given.
 */
export async function setPreviousPlans(
  deps: Pick<AppDeps, 'childRecords' | 'clock'>,
  recordId: string,
  raw: unknown,
): Promise<ReturnType<typeof childRecordView>> {
  if (!CHILD_RECORD_ID.test(recordId))
    throw new ValidationError('Invalid child record id', [
      { field: 'recordId', message: 'expected a child record id such as k0123456789ab' },
    ]);
  const input = parseInput(PreviousPlansBody, raw, 'previous plans');
  if (!(await deps.childRecords.get(recordId))) throw new NotFoundError(`No child record ${recordId}`);
  const at = toLondonIso(deps.clock.now());
  await deps.childRecords.update(recordId, (r) => ({
    ...r,
    previousPlansBefore: input.previousPlans,
    previousPlansGiven: { at, by: input.by ?? 'coordinator' },
    updatedAt: at,
  }));
  return childRecordView(deps, recordId);
}
