/**
 * An advocacy referral still not made at its due date (tasks.ts): the social worker is reminded and
 * the coordinator and the chair told, by reference and child number only (never a name in the subject).
 */
import type { Policy } from '../../domain/policy/schema.ts';
import { dateAndTime } from '../format.ts';
import { footer, list, notice, p, renderEmail, type RenderedEmail } from './layout.ts';

export function advocacyReferralOverdue(input: {
  reference: string;
  policy: Policy;
  /** "Child 1, aged 13 (due Wednesday 23 December 2026 at 17:00)": no names. */
  children: { label: string; dueAt: string }[];
  audience: 'social-worker' | 'coordinator' | 'chair';
  meetingAt: string;
}): RenderedEmail {
  const { reference, policy } = input;
  return renderEmail({
    subject: `${reference}: advocacy referral not made yet`,
    preview: `${reference}: a child offered an advocate has not been referred to the advocacy service yet; the meeting is ${dateAndTime(input.meetingAt)}.`,
    blocks: [
      notice(
        `Under the ${policy.shortName} policy a child of this age is offered an advocate, and the referral to the advocacy service is not recorded as made:`,
      ),
      list(input.children.map((c) => `${c.label}: was due ${dateAndTime(c.dueAt)}`)),
      p(
        input.audience === 'social-worker'
          ? `Please refer the child now so their views can reach the meeting on ${dateAndTime(input.meetingAt)}, then tell the coordinator so it is recorded.`
          : input.audience === 'chair'
            ? `You chair the meeting on ${dateAndTime(input.meetingAt)}. The social worker has been reminded and the coordinator told. Your briefing on the day says whether the referral was made; if not, check how the child's views will be heard.`
            : `The social worker has been reminded. Record the referral on the conference's page once it is made, or check with the chair how the child's views will be heard on ${dateAndTime(input.meetingAt)}.`,
      ),
    ],
    footer: footer(policy, reference),
  });
}
