/**
 * The plan on the clock: the owner's reminder before an action is due (a professional's, or plain
 * words for a parent or carer, or for whoever comes with one, as who they are) and the overdue flag to the social worker and the core group chair.
 * The reference and the action's words only: the plan's rows never name the child.
 */
import type { Policy } from '../../domain/policy/schema.ts';
import { calendarDate } from '../format.ts';
import { footer, facts, notice, p, renderEmail, type RenderedEmail } from './layout.ts';
import { renderLetter, type RenderedLetter } from './letter-text.ts';
import { companionAs, type CoreGroupCompanion } from './core-group-invite.ts';

export interface PlanActionNoticeInput {
  reference: string;
  policy: Policy;
  /** `p3`: the action's number in the plan. */
  actionId: string;
  task: string;
  plannedOutcome: string;
  dueOn: string;
  /** The owner by role, for the overdue flag. */
  owner?: string;
}

const number = (id: string) => id.slice(1);

/** A parent's or carer's reminder, in plain words: by email, or printed for the post or the social worker to hand over. */
export function planActionReminderLetter(input: PlanActionNoticeInput): RenderedLetter {
  const due = calendarDate(input.dueOn);
  return renderLetter({
    subject: `Something in your plan is due on ${due} (reference ${input.reference})`,
    preview: `Reference ${input.reference}: a step in the plan is due on ${due}.`,
    blocks: [
      p('Hello,'),
      notice(`This step in the child protection plan is yours and is due on ${due}: ${input.task}`),
      p(`What we hope for: ${input.plannedOutcome}`),
      p('If you need help with it, or it is done, tell your social worker.'),
    ],
    footer: footer(input.policy, input.reference, 'family'),
  });
}

/** Whom an owner's reminder is written for: a professional, a parent or carer, or someone who comes with one. */
export type PlanReminderAudience =
  { audience: 'professional' | 'family' } | { audience: 'companion'; companion: CoreGroupCompanion };

/**
 * An interpreter's, supporter's or advocate's reminder: plain words as who they are ('as a supporter
 * for a parent'), the social worker (not "your social worker") to tell, and what they read kept private.
 */
function companionReminder(input: PlanActionNoticeInput, companion: CoreGroupCompanion): RenderedEmail {
  const due = calendarDate(input.dueOn);
  return renderLetter({
    subject: `A step in the plan is due on ${due} (reference ${input.reference})`,
    preview: `Reference ${input.reference}: a step in the plan is due on ${due}.`,
    blocks: [
      p('Hello,'),
      notice(
        `This step in the child protection plan is yours, as ${companionAs(companion)}, and is due on ${due}: ${input.task}`,
      ),
      p(`What we hope for: ${input.plannedOutcome}`),
      p('If you need help with it, or it is done, tell the social worker.'),
      p('What you read here is private to the family. Please do not share it with anyone.'),
    ],
    footer: `${input.policy.sender.name} · reference ${input.reference}`,
  });
}

/** The owner's reminder by email. */
export function planActionReminder(input: PlanActionNoticeInput & PlanReminderAudience): RenderedEmail {
  const due = calendarDate(input.dueOn);
  if (input.audience === 'companion') return companionReminder(input, input.companion);
  if (input.audience === 'family') return planActionReminderLetter(input);
  return renderEmail({
    subject: `${input.reference}: plan action ${number(input.actionId)} due ${due}`,
    preview: `${input.reference}: your plan action is due ${due}.`,
    blocks: [
      notice(`Your action in the child protection plan is due on ${due}.`),
      facts([
        ['Action', input.task],
        ['Planned outcome', input.plannedOutcome],
      ]),
      p(
        `When it is done, or if the date must change, tell the social worker or the conference coordinator (quoting ${input.reference} and plan action ${number(input.actionId)}), who record it.`,
      ),
    ],
    footer: footer(input.policy, input.reference),
  });
}

export function planActionOverdue(input: PlanActionNoticeInput): RenderedEmail {
  const due = calendarDate(input.dueOn);
  return renderEmail({
    subject: `${input.reference}: plan action ${number(input.actionId)} overdue (due ${due})`,
    preview: `${input.reference}: a plan action was due ${due} and is not recorded as done.`,
    blocks: [
      notice(`Plan action ${number(input.actionId)} was due on ${due} and is not recorded as done.`),
      facts([
        ['Action', input.task],
        ['Owner', input.owner ?? 'not named'],
        ['Planned outcome', input.plannedOutcome],
      ]),
      p(
        `Take it to the core group, and ask the conference coordinator to record its progress or a new date (plan action ${number(input.actionId)} on the conference's page).`,
      ),
    ],
    footer: footer(input.policy, input.reference),
  });
}
