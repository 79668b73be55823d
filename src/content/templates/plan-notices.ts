/**
 * The plan on the clock: the owner's reminder before an action is due (a professional's, or plain
 * words for a parent or carer) and the overdue flag to the social worker and the core group chair.
 * The reference and the action's words only: the plan's rows never name the child.
 */
import type { Policy } from '../../domain/policy/schema.ts';
import { calendarDate } from '../format.ts';
import { footer, facts, notice, p, renderEmail, type RenderedEmail } from './layout.ts';
import { renderLetter, type RenderedLetter } from './letter-text.ts';

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
  updateUrl: string;
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

/** The owner's reminder by email. */
export function planActionReminder(
  input: PlanActionNoticeInput & { audience: 'professional' | 'family' },
): RenderedEmail {
  const due = calendarDate(input.dueOn);
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
        `When it is done, or if the date must change, record it (POST ${input.updateUrl} with status, dueOn or a note), or tell the social worker.`,
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
      p(`Take it to the core group, and record its progress or a new date (POST ${input.updateUrl}).`),
    ],
    footer: footer(input.policy, input.reference),
  });
}
