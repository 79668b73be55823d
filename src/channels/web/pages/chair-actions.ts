/** What the chair's page posts: each action calls the same use-case as the API and the Teams card. */
import { approveDecision, decide } from '../../../app/meeting-day/decision.ts';
import { confirmToldInPerson, releaseHeldLetter } from '../../../app/circulation/circulation-actions.ts';
import { recordParticipation } from '../../../app/meeting-day/participation.ts';
import { closeViewRound, recordView } from '../../../app/meeting-day/meeting.ts';
import { openRoundOfViews } from '../../../app/meeting-day/view-links.ts';
import { viewTarget } from '../../../app/meeting-day/view-target.ts';
import { attendeeActor } from '../../../app/credentials/actor.ts';
import { unexplained } from '../../../domain/held-letters.ts';
import { participationByChild } from '../../../domain/participation.ts';
import { ConflictError, IllegalTransitionError, ValidationError } from '../../../domain/errors.ts';
import type { FormState } from './html.ts';
import { renderChair } from './chair-page.ts';
import type { LinkCtx, LinkPage, PostResult } from './link-page.ts';
import { friendlyIssues, many, one, readViewFields } from './view-fields.ts';
import { ESCALATION_ACTIONS, escalationAction, escalationFormOf } from './chair-escalations.ts';
import { ATTENDANCE_ACTION, attendanceAction } from './chair-attendance.ts';
import { EXCLUSION_ACTION, exclusionAction, exclusionErrors } from './chair-exclusions.ts';
import { BOOK_CORE_GROUP, bookFromLink } from './link-core-group-booking.ts';
import { coreGroupErrors } from './core-group-form.ts';

const PLAN_KEYS = ['risk', 'task', 'byWhom', 'timescale', 'plannedOutcome'] as const;

function formValues(body: Record<string, unknown>): FormState['values'] {
  return Object.fromEntries(
    Object.entries(body)
      .filter(([k]) => k !== '_csrf' && k !== 'action')
      .map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]),
  );
}

async function act(ctx: LinkCtx, action: string, body: Record<string, unknown>): Promise<string> {
  const c = ctx.link.conference;
  const by = ctx.link.attendee.id;
  // Proven by the chair's own link: audited as the chair.
  const actor = attendeeActor(by);
  switch (action) {
    case 'open-round':
      await openRoundOfViews(ctx.deps, c.id, {}, actor);
      return 'round-opened';
    case 'close-round':
      await closeViewRound(ctx.deps, c.id, {}, actor);
      return 'round-closed';
    case 'record-view': {
      const who = one(body['who']);
      if (!who) throw new ValidationError('Invalid view', [{ field: 'who', message: 'Choose whose view this is' }]);
      const mayShare = one(body['mayShare']).trim();
      await recordView(
        ctx.deps,
        c.id,
        {
          ...viewTarget(who),
          childId: one(body['childId']),
          ...readViewFields(body),
          ...(mayShare ? { mayShare } : {}),
        },
        actor,
      );
      return 'view-recorded';
    }
    case 'decide': {
      const plan = [];
      for (let i = 0; i < 20; i++) {
        const row = Object.fromEntries(PLAN_KEYS.map((k) => [k, one(body[`plan-${i}-${k}`]).trim()]));
        if (Object.values(row).some(Boolean)) plan.push(row);
      }
      // Blank optional fields are left out, so the rules say "required" rather than "too short".
      const filled = (...keys: string[]) =>
        Object.fromEntries(keys.map((k) => [k, one(body[k]).trim()]).filter(([, v]) => v));
      const outcomes = c.children.map((ch) => {
        const { recommendation, ...rest } = readViewFields(body, `${ch.id}-`);
        const plan = Object.fromEntries(
          Object.entries(filled(`${ch.id}-keyWorker`, `${ch.id}-visitingFrequency`, `${ch.id}-familyRationale`)).map(
            ([k, v]) => [k.slice(ch.id.length + 1), v],
          ),
        );
        return { childId: ch.id, ...(recommendation ? { outcome: recommendation } : {}), ...rest, ...plan };
      });
      await decide(
        ctx.deps,
        c.id,
        {
          outcomes,
          plan,
          coreGroup: many(body['coreGroup']),
          ...filled('confidentialNotes', 'withoutReportsReason', 'inquorateReason'),
        },
        actor,
      );
      return 'decided';
    }
    case 'approve':
      await approveDecision(ctx.deps, c.id, {}, actor);
      return 'approved';
    case 'participation': {
      const detail = one(body['detail']).trim();
      await recordParticipation(
        ctx.deps,
        c.id,
        { children: [{ childId: one(body['childId']), way: one(body['way']), ...(detail ? { detail } : {}) }] },
        actor,
      );
      return 'participation';
    }
    case 'told': {
      const fields = Object.fromEntries(
        ['explainedBy', 'how', 'view'].map((k) => [k, one(body[k])]).filter(([, v]) => v),
      );
      await confirmToldInPerson(ctx.deps, c.id, one(body['attendeeId']), fields, actor);
      return 'told';
    }
    case 'release': {
      // A blank box is a blank reason: refused with the reason's own message, not a bare "required".
      await releaseHeldLetter(ctx.deps, c.id, one(body['attendeeId']), { reason: one(body['reason']) }, actor);
      return 'released';
    }
    default:
      if (ESCALATION_ACTIONS.has(action)) return escalationAction(ctx, action, body);
      if (action === BOOK_CORE_GROUP) return bookFromLink(ctx, body);
      if (action === ATTENDANCE_ACTION) return attendanceAction(ctx, body);
      if (action === EXCLUSION_ACTION) return exclusionAction(ctx, body);
      throw new ValidationError('Unknown action', [{ field: 'action', message: 'Reload the page and try again' }]);
  }
}

const SECTION: Record<string, string> = {
  'open-round': 'round',
  'close-round': 'round',
  'record-view': 'other',
  decide: 'decide',
  approve: 'approve',
  [BOOK_CORE_GROUP]: 'core-group',
  [ATTENDANCE_ACTION]: ATTENDANCE_ACTION,
  [EXCLUSION_ACTION]: EXCLUSION_ACTION,
};

export const chairPage: LinkPage = {
  render: renderChair,
  async post(ctx, body): Promise<PostResult> {
    const action = one(body['action']);
    const c = ctx.link.conference;
    // A form's errors show beside it; a child or parent with no form on the page (a forged or stale
    // post) has theirs at the top of the page, so the refusal is never lost.
    const childId = one(body['childId']);
    const attendeeId = one(body['attendeeId']);
    const section =
      action === 'told' || action === 'release'
        ? unexplained(c).some((h) => h.attendeeId === attendeeId)
          ? `${action}-${attendeeId}`
          : 'round'
        : action === 'participation'
          ? participationByChild(c).some((k) => k.childId === childId)
            ? `part-${childId}`
            : 'round'
          : ESCALATION_ACTIONS.has(action)
            ? escalationFormOf(action, body)
            : (SECTION[action] ?? 'round');
    try {
      return { kind: 'done', done: await act(ctx, action, body) };
    } catch (err) {
      const values = formValues(body);
      if (err instanceof ValidationError && action === 'participation') {
        // One child per form: `children.0.way` is this form's `way`.
        const errors = err.issues.map((e) => ({ ...e, field: e.field.replace(/^children\.0\./, '') }));
        return { kind: 'invalid', form: { values, errors }, section };
      }
      if (err instanceof ValidationError && action === BOOK_CORE_GROUP)
        return { kind: 'invalid', form: { values, errors: coreGroupErrors(err.issues) }, section };
      if (err instanceof ValidationError && action === EXCLUSION_ACTION)
        return { kind: 'invalid', form: { values, errors: exclusionErrors(err.issues) }, section };
      if (err instanceof ValidationError && (ESCALATION_ACTIONS.has(action) || action === ATTENDANCE_ACTION))
        return { kind: 'invalid', form: { values, errors: err.issues }, section };
      if (err instanceof ValidationError) {
        // The decision's per-child fields are named `<childId>-…` on the page; the rules report `outcomes.<i>.…`.
        return { kind: 'invalid', form: { values, errors: friendlyIssues(err.issues) }, section };
      }
      if (err instanceof ConflictError || err instanceof IllegalTransitionError)
        return { kind: 'invalid', form: { values, errors: [{ field: '(form)', message: err.message }] }, section };
      throw err;
    }
  },
};
