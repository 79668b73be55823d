/**
 * The working emails around circulation: tasks for the social worker (tell an absent parent in
 * person; hand a letter over) and the hard-copy deadline (the watchdog's alert:
 * circulation-watchdog.ts). Subjects carry the reference and roles only.
 */
import type { Policy } from '../../domain/policy/schema.ts';
import { dateAndTime, shortDate } from '../format.ts';
import { footer, list, notice, p, renderEmail, type RenderedEmail } from './layout.ts';
import { roleLabel } from '../words.ts';
import type { Role } from '../../domain/vocabulary.ts';

export function tellInPersonTask(input: {
  reference: string;
  policy: Policy;
  parentRole: Role;
  attendeeId: string;
  /** When the letter is late: the chair and the coordinator are told then. */
  letterHeldUntil: string;
  parentName?: string;
  /** Not at the meeting, or asked to leave part of it. */
  reason?: 'absent' | 'excluded';
  /** A chaser: the letter is late and still held (the hold time has passed). */
  chaser?: boolean;
}): RenderedEmail {
  const { reference, policy } = input;
  // The name is for the social worker or chair who visits (body only, never the subject or preview).
  const who = input.parentName
    ? `${input.parentName} (${roleLabel(input.parentRole).toLowerCase()}, ${input.attendeeId})`
    : `${roleLabel(input.parentRole).toLowerCase()} (${input.attendeeId})`;
  const Who = input.parentName ? who : `A ${who}`;
  const excluded = input.reason === 'excluded';
  const late = input.chaser ? 'Still waiting: ' : '';
  return renderEmail({
    subject: `${input.chaser ? 'Reminder: ' : ''}${
      excluded
        ? `${reference}: please explain the decision to a ${input.parentRole} who left part of the meeting`
        : `${reference}: please tell an absent ${input.parentRole} the decision in person`
    }`,
    preview: input.chaser
      ? `${reference}: nobody has recorded telling a ${input.parentRole} the decision; their letter is still held.`
      : excluded
        ? `${reference}: a ${input.parentRole} was asked to leave part of the conference; explain why and the decision before their letter arrives.`
        : `${reference}: a ${input.parentRole} was not at the conference; tell them the decision before their letter arrives.`,
    blocks: [
      ...(input.chaser
        ? [
            notice(
              `${late}nobody has recorded telling ${input.parentName ? who : `the ${who}`} the decision, which was due by ${dateAndTime(input.letterHeldUntil)}. Their letter is still held: they have not been sent it.`,
            ),
          ]
        : []),
      notice(
        excluded
          ? `${Who} was asked to leave part of the conference. Their letter leaves that part out, so they are told why, and what was decided, before any letter reaches them.`
          : `${Who} was not at the conference. Under the ${policy.shortName} policy they are told the decision in person before any letter reaches them.`,
      ),
      p(
        excluded
          ? 'Please visit or call them (or ask the chair to) to explain why they were asked to leave, the decision and what it means, and ask for their view of it. The approved decision letter you received has the details.'
          : 'Please visit or call them to explain the decision and what it means, and ask for their view of it. The approved decision letter you received has the details.',
      ),
      p(
        "Their letter waits until someone records telling them. When they have been told, the chair records it on the chair's page (or reply to this email and the coordinator records it): who told them, how, and how they gave their view. The letter goes then, and says so.",
      ),
      p(
        input.chaser
          ? `You will be reminded every ${policy.timings.letterHoldChaseEveryWorkingDays === 1 ? 'working day' : `${policy.timings.letterHoldChaseEveryWorkingDays} working days`} until it is recorded. If they cannot be reached, the chair or the coordinator can send the letter without it, giving the reason; it then tells them the chair or their social worker will contact them.`
          : `If nothing is recorded by ${dateAndTime(input.letterHeldUntil)}, you are reminded and the chair and the coordinator are told it is late. The letter still waits.`,
      ),
    ],
    footer: footer(policy, reference),
  });
}

/**
 * A held letter is late: nobody recorded telling the parent by the hold time. The letter has not
 * gone; the chair and the coordinator are asked to see it done, or to release the letter with a reason.
 */
export function heldLetterLate(input: {
  reference: string;
  policy: Policy;
  parentRole: Role;
  attendeeId: string;
  reason: 'absent' | 'excluded';
  heldUntil: string;
  parentName?: string;
}): RenderedEmail {
  const { reference, policy } = input;
  const who = input.parentName
    ? `${input.parentName} (${roleLabel(input.parentRole).toLowerCase()}, ${input.attendeeId})`
    : `the ${roleLabel(input.parentRole).toLowerCase()} (${input.attendeeId})`;
  return renderEmail({
    subject: `${reference}: a ${input.parentRole}'s decision letter is held and late: nobody has recorded explaining it`,
    preview: `${reference}: nobody recorded telling a ${input.parentRole} the decision by ${dateAndTime(input.heldUntil)}; their letter is still held.`,
    blocks: [
      notice(
        `Nobody recorded by ${dateAndTime(input.heldUntil)} that ${who} had been told ${input.reason === 'excluded' ? 'why they were asked to leave part of the conference and ' : ''}what was decided. Under the ${policy.shortName} policy their letter waits until someone does: it has not been sent.`,
      ),
      p(
        "Please make sure the chair or the social worker explains the decision to them and asks for their view, then record it on the chair's page or the coordinator's desk: the letter goes then. The social worker has been reminded.",
      ),
      p(
        "If they cannot be reached, the chair (on the chair's page) or the coordinator (on the conference's page) can send the letter now without the record, giving the reason; the letter then tells them the chair or their social worker will contact them. It stays on the worklist until the explanation is recorded.",
      ),
    ],
    footer: footer(policy, reference),
  });
}

export function viaSocialWorkerTask(input: {
  reference: string;
  policy: Policy;
  parentRole: Role;
  attendeeId: string;
}): RenderedEmail {
  const { reference, policy } = input;
  return renderEmail({
    subject: `${reference}: please give a ${input.parentRole} the decision letter`,
    preview: `${reference}: a ${input.parentRole} asked to hear from the conference through you; their letter is attached.`,
    blocks: [
      p(
        `The ${roleLabel(input.parentRole).toLowerCase()} (${input.attendeeId}) asked to receive letters through their social worker.`,
      ),
      p(
        'Their plain-language decision letter is attached as a PDF. Please give it to them and go through it with them.',
      ),
      p('It has no confidential sections and leaves out anything from a part of the meeting they were asked to leave.'),
    ],
    footer: footer(policy, reference),
  });
}

export function hardCopyOverdue(input: {
  reference: string;
  policy: Policy;
  dueAt: string;
  /** Working days since the deadline: a repeated alert says how late the letters are. */
  workingDaysOverdue?: number;
  letters: readonly {
    role: Role;
    attendeeId: string;
    queuedAt: string;
    downloadUrl: string;
    tooLateForPost?: { neededBy: string };
  }[];
}): RenderedEmail {
  const { reference, policy } = input;
  const daysLate = input.workingDaysOverdue ?? 0;
  const lateWords = daysLate === 1 ? '1 working day' : `${daysLate} working days`;
  const late = (l: (typeof input.letters)[number]) =>
    l.tooLateForPost
      ? ` (post will not arrive before ${dateAndTime(l.tooLateForPost.neededBy)}: phone them and arrange hand delivery)`
      : '';
  return renderEmail({
    subject: daysLate
      ? `${reference}: still not printed, ${lateWords} late: ${input.letters.length} letter(s) to print and post (due ${shortDate(input.dueAt)})`
      : `${reference}: ${input.letters.length} letter(s) to print and post (due ${shortDate(input.dueAt)})`,
    preview: `${reference}: letters for family members without email are not yet marked as printed.`,
    blocks: [
      notice(
        daysLate
          ? `These letters were due in the post by ${dateAndTime(input.dueAt)}, ${lateWords} ago, and are still not marked as printed. Until they are, the family member has not been told. This reminder comes each working day until they are printed.`
          : `These letters must be in the post by ${dateAndTime(input.dueAt)} and are not yet marked as printed.`,
      ),
      list(
        input.letters.map(
          (l) =>
            `${roleLabel(l.role)} (${l.attendeeId}), queued ${dateAndTime(l.queuedAt)}: ${l.downloadUrl}${late(l)}`,
        ),
      ),
      p('Print each one, post it, then mark it printed: POST <the letter address>/printed.'),
    ],
    footer: footer(policy, reference),
  });
}

/**
 * A letter about the meeting that the post cannot bring in time: said at once, so the coordinator
 * can phone the family member and arrange hand delivery instead of relying on the post.
 */
export function postTooLate(input: {
  reference: string;
  policy: Policy;
  role: Role;
  attendeeId: string;
  letter: 'invitation' | 'updated invitation' | 'cancellation';
  postedBy: string;
  neededBy: string;
  postWorkingDays: number;
  downloadUrl: string;
}): RenderedEmail {
  const { reference, policy } = input;
  const who = `${roleLabel(input.role).toLowerCase()} (${input.attendeeId})`;
  return renderEmail({
    subject: `${reference}: post will not arrive in time: phone a family member`,
    preview: `${reference}: a letter by post cannot reach a family member before the meeting.`,
    blocks: [
      notice(
        `Post will not arrive in time. The ${who} gets letters by post, and their ${input.letter} cannot reach them before ${dateAndTime(input.neededBy)}: ` +
          `posted by ${dateAndTime(input.postedBy)}, it needs ${input.postWorkingDays} working days.`,
      ),
      p(
        'Please phone them today to tell them, and arrange for the letter to be delivered by hand (the social worker may be able to take it).',
      ),
      p(`The letter, to print: ${input.downloadUrl}`),
    ],
    footer: footer(policy, reference),
  });
}
