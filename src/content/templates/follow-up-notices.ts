/**
 * Follow-up emails after the decision has gone out: the first core group (professional and plain
 * versions), the minutes and record-bundle reminders, and the draft review for the coordinator.
 */
import type { Policy } from '../../domain/policy/schema.ts';
import { dateAndTime, longDate, shortDate } from '../format.ts';
import { footer, facts, list, notice, p, renderEmail, type RenderedEmail } from './layout.ts';

export interface CoreGroupInput {
  reference: string;
  policy: Policy;
  /** `companion`: someone who comes with a family member (a supporter, advocate or interpreter): the family's news, not their family. */
  audience: 'professional' | 'family' | 'companion';
  /** A companion: how they come and with whom, by role ("the interpreter", "a parent"). */
  companion?: { as: string; comesWith?: string };
  /** How the email names the children on a plan. */
  children: readonly string[];
  /** Deadline for the first core group; absent with `straightAfter`. */
  by?: string;
  straightAfter: boolean;
  cadence?: string;
  /** Pre-birth plan: counted from the birth on this date. */
  bornOn?: string;
  coreGroup: readonly string[];
}

export function coreGroupNotice(input: CoreGroupInput): RenderedEmail {
  const { reference, policy } = input;
  const when = input.straightAfter
    ? 'straight after the conference'
    : input.by
      ? `by ${dateAndTime(input.by)}`
      : 'as soon as possible';
  const from = input.bornOn ? ` (counted from the birth on ${longDate(input.bornOn)})` : '';
  // A pre-birth plan's first core group met before the birth: this one is the core group after it.
  const which = input.bornOn ? 'core group after the birth' : 'first core group';
  if (input.audience === 'companion') {
    const meeting = input.bornOn ? 'core group meeting after the birth' : 'first core group meeting';
    return renderEmail({
      subject: `${input.bornOn ? 'Core group meeting after the birth' : 'First core group meeting'} (reference ${reference})`,
      preview: `Reference ${reference}: the core group meets ${input.by && !input.straightAfter ? `by ${longDate(input.by)}` : 'soon'} to start the plan.`,
      blocks: [
        p('Hello,'),
        p(
          `You come to the core group as ${input.companion?.as ?? 'a supporter'} for ${input.companion?.comesWith ?? 'a family member'}. The core group is the family and the main workers who help them. It meets to start the child protection plan and check it is working.`,
        ),
        notice(
          `The ${meeting} will be ${input.straightAfter ? 'straight after the conference' : input.by ? `by ${longDate(input.by)}` : 'soon'}${from}. You will be invited with the time and how to join.`,
        ),
        ...(input.cadence ? [p(`After that, it will meet at least every ${input.cadence}.`)] : []),
        p('If you have any questions, contact the social worker.'),
      ],
      footer: footer(policy, reference, 'family'),
    });
  }
  if (input.audience === 'family') {
    return renderEmail({
      subject: `Your ${input.bornOn ? 'core group meeting after the birth' : 'first core group meeting'} (reference ${reference})`,
      preview: `Reference ${reference}: the core group meets ${input.by && !input.straightAfter ? `by ${longDate(input.by)}` : 'soon'} to start the plan.`,
      blocks: [
        p('Hello,'),
        p(
          `The core group is you and the main workers who help your family. It meets to start the child protection plan and check it is working.`,
        ),
        notice(
          `The ${input.bornOn ? 'core group meeting after the birth' : 'first core group meeting'} will be ${input.straightAfter ? 'straight after the conference' : input.by ? `by ${longDate(input.by)}` : 'soon'}${from}. Your social worker will tell you the time and place.`,
        ),
        ...(input.cadence ? [p(`After that, it will meet at least every ${input.cadence}.`)] : []),
        p('If you have any questions, contact your social worker.'),
      ],
      footer: footer(policy, reference, 'family'),
    });
  }
  return renderEmail({
    subject: `${reference}: ${which} ${input.by && !input.straightAfter ? `by ${shortDate(input.by)}` : 'to meet'}`,
    preview: `${reference}: the ${which} must meet ${input.straightAfter ? 'straight after the conference' : input.by ? `by ${shortDate(input.by)}` : 'soon'}.`,
    blocks: [
      notice(`The ${which} must meet ${when}${from}.`),
      facts([
        ['Children on a child protection plan', input.children.join(', ')],
        ['Core group', input.coreGroup.join(', ') || 'to be confirmed by the social worker'],
        ...(input.cadence ? ([['Later core groups', `at least every ${input.cadence}`]] as [string, string][]) : []),
      ]),
      p('The social worker, as lead professional, arranges the meeting and circulates the core group record.'),
    ],
    footer: footer(policy, reference),
  });
}

export function recordReminder(input: {
  reference: string;
  policy: Policy;
  what: 'minutes' | 'record-bundle';
  dueAt: string;
  /** The recipient's own page for writing (and, for the chair, approving) the minutes. */ minutesUrl?: string;
}): RenderedEmail {
  const { reference, policy } = input;
  const name = input.what === 'minutes' ? 'minutes' : 'record bundle';
  return renderEmail({
    subject: `${reference}: ${name} due ${shortDate(input.dueAt)}`,
    preview: `${reference}: the conference ${name} must be circulated by ${shortDate(input.dueAt)}.`,
    blocks: [
      notice(
        `The ${name} for ${reference} must be circulated by ${dateAndTime(input.dueAt)} under the ${policy.shortName} policy.`,
      ),
      ...(input.what === 'record-bundle'
        ? [p('The bundle is the minutes with the social work report and the agency reports, sent together.')]
        : []),
      p(
        'Family copies leave out the confidential sections and anything from a part a family member was asked to leave.',
      ),
      ...(input.minutesUrl
        ? [
            p(
              `Write the minutes, or start from a draft built from the record, on your own page (the chair approves them there): ${input.minutesUrl}`,
            ),
          ]
        : []),
    ],
    footer: footer(policy, reference),
  });
}

export function reviewDraftNotice(input: {
  reference: string;
  policy: Policy;
  draftReference: string;
  startsAt: string;
  reviewBy: string;
  children: number;
  confirmUrl: string;
  /** Things to put right before confirming, e.g. a parent's own slot that no longer fits. */
  warnings?: readonly string[];
}): RenderedEmail {
  const { reference, policy } = input;
  return renderEmail({
    subject: `${reference}: review conference ${input.draftReference} drafted for ${shortDate(input.startsAt)}`,
    preview: `${input.draftReference}: the review must be held by ${shortDate(input.reviewBy)}; please confirm the draft.`,
    blocks: [
      notice(
        `A review conference (${input.draftReference}) is drafted for ${dateAndTime(input.startsAt)}. It must be held by ${longDate(input.reviewBy)}.`,
      ),
      list([
        `Children on a plan: ${input.children}.`,
        'Same attendees as the conference; no invitations go out until you confirm.',
        'Confirming sends the invitations and report requests; you can give a different start time when you confirm.',
      ]),
      ...(input.warnings?.length ? [notice('Check before confirming:'), list([...input.warnings])] : []),
      p(`Confirm: POST ${input.confirmUrl} (optionally with {"startsAt": "YYYY-MM-DDTHH:mm"}).`),
    ],
    footer: footer(policy, reference),
  });
}
