/**
 * The child's participation record (issue #19.1): per child, whether they attended, gave their
 * views another way (through an advocate, in the social worker's report, a drawing or letter, or
 * another way) or whether their views were not recorded, and why. Recorded by the coordinator for
 * the chair or the social worker, before or after the meeting; a child's later record replaces
 * their earlier one. The professionals' decision letter lists it; figures count it
 * (domain/participation.ts: countParticipation).
 */
import { z } from 'zod/v4';
import type { Conference } from '../../domain/conference.ts';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import {
  PARTICIPATION_WAYS,
  takesPart,
  WAYS_NEEDING_DETAIL,
  withParticipation,
  type ChildParticipation,
} from '../../domain/participation.ts';
import { isEnded } from '../../domain/state-machine.ts';
import { audited, requested, type Actor } from '../credentials/actor.ts';
import type { AppDeps } from '../deps.ts';
import { loadConference } from '../shared/load.ts';
import { parseInput } from '../shared/parse.ts';
import { childIdField } from '../shared/field-schemas.ts';
import { toLondonIso } from '../shared/time.ts';

export const ParticipationBody = z
  .object({
    /** One entry per child recorded now: how their views reached the conference. */
    children: z
      .array(
        z
          .object({
            childId: childIdField,
            way: z.enum(PARTICIPATION_WAYS, {
              error: `Choose how the child took part: ${PARTICIPATION_WAYS.join(', ')}`,
            }),
            /** Required for `other` (what the way was) and `not-recorded` (why). No names. */
            detail: z.string().trim().min(1).max(500).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(12),
    /** Who asked (the chair, the social worker): kept in the audit as requestedBy. */
    by: z.string().trim().min(1).max(120).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    b.children.forEach((x, i) => {
      if (WAYS_NEEDING_DETAIL.has(x.way) && !x.detail)
        ctx.addIssue({
          code: 'custom',
          path: ['children', i, 'detail'],
          message:
            x.way === 'other'
              ? 'required: say what the other way was'
              : 'required: say why the child’s views were not recorded',
        });
      if (b.children.findIndex((y) => y.childId === x.childId) !== i)
        ctx.addIssue({ code: 'custom', path: ['children', i, 'childId'], message: `${x.childId} is given twice` });
    });
  });

function childIssues(c: Conference, input: z.infer<typeof ParticipationBody>) {
  return input.children.flatMap((x, i) => {
    const ch = c.children.find((y) => y.id === x.childId);
    if (!ch)
      return [
        {
          field: `children.${i}.childId`,
          message: `no child ${x.childId} in this conference (children: ${c.children.map((y) => y.id).join(', ')})`,
        },
      ];
    if (!takesPart(ch))
      return [{ field: `children.${i}.childId`, message: `${x.childId} is not born yet: record the birth first` }];
    return [];
  });
}

/** Records how each child given took part: validated whole (nothing is recorded if one entry is wrong), audited. */
export async function recordParticipation(
  deps: AppDeps,
  id: string,
  raw: unknown,
  actor: Actor,
): Promise<ChildParticipation[]> {
  const input = parseInput(ParticipationBody, raw, 'participation record');
  const who = audited(actor, input.by);
  const current = await loadConference(deps.store, id);
  const check = (c: Conference) => {
    if (isEnded(c.state)) throw new ConflictError(`${c.reference} is ${c.state}: its record is closed`);
    const issues = childIssues(c, input);
    if (issues.length) throw new ValidationError('Invalid participation record', issues);
  };
  check(current);
  const at = toLondonIso(deps.clock.now());
  const recorded: ChildParticipation[] = input.children.map((x) => ({
    childId: x.childId,
    way: x.way,
    ...(x.detail ? { detail: x.detail } : {}),
    recordedAt: at,
    recordedBy: who.actor,
  }));
  const updated = await deps.store.update(id, (c) => {
    check(c);
    return { ...c, participation: withParticipation(c.participation, recorded) };
  });
  // The detail may say what a child asked for: it stays in the record, not the audit trail.
  await deps.store.audit(id, {
    at,
    actor: who.actor,
    action: 'participation.recorded',
    detail: { children: recorded.map((p) => ({ childId: p.childId, way: p.way })), ...requested(who) },
  });
  return updated.participation ?? [];
}
