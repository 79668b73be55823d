/**
 * A pre-birth plan's birth plan not recorded as agreed by its deadline (pre-birth.ts, tasks.ts): the
 * social worker is chased and the coordinator told, by reference and child number only (never a name
 * in the subject).
 */
import type { Policy } from '../../domain/policy/schema.ts';
import { dateAndTime, longDate } from '../format.ts';
import { footer, list, notice, p, renderEmail, type RenderedEmail } from './layout.ts';

export function birthPlanOverdue(input: {
  reference: string;
  policy: Policy;
  /** "Child 1, unborn (due 20 February 2027)": no names. */
  children: { label: string; expectedDueDate: string; dueAt: string }[];
  audience: 'social-worker' | 'coordinator';
}): RenderedEmail {
  const { reference, policy } = input;
  return renderEmail({
    subject: `${reference}: birth plan not recorded yet`,
    preview: `${reference}: the birth plan for a pre-birth child protection plan is not recorded as agreed.`,
    blocks: [
      notice(
        `Under the ${policy.shortName} policy the birth plan for an unborn baby on a child protection plan is agreed ${policy.timings.birthPlanWeeksBeforeDueDate} weeks before the expected due date, and it is not recorded as agreed:`,
      ),
      list(
        input.children.map(
          (c) => `${c.label}, due ${longDate(c.expectedDueDate)}: birth plan was due ${dateAndTime(c.dueAt)}`,
        ),
      ),
      p(
        input.audience === 'social-worker'
          ? 'Please agree the birth plan with the family and the core group now (where the baby will be born, who the hospital tells, what happens after the birth), then tell the coordinator so it is recorded.'
          : 'The social worker has been reminded. Record the birth plan on the conference’s page once it is agreed.',
      ),
    ],
    footer: footer(policy, reference),
  });
}

/** Why a birth plan task closed without a plan agreed: the baby came first (the conference page shows it). */
export const birthPlanOvertaken = (bornOn: string): string =>
  `the baby was born on ${longDate(bornOn)}, before a birth plan was recorded as agreed`;
