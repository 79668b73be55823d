/**
 * The day's emails, for whoever Teams cannot reach: the chair's checklist at the parents' slot, a
 * professional's "please join now", and the chair's briefing when the professionals join. Each
 * says what its card says (content/cards: checklist, join-now, chair-briefing), from the same model.
 */
import type { MeetingDetails } from '../../domain/conference-parts.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import type { MeetingMode } from '../../domain/vocabulary.ts';
import type { ChairBriefingModel } from '../cards/chair-briefing.ts';
import type { ChecklistModel } from '../cards/checklist.ts';
import { dateAndTime } from '../format.ts';
import { arrangementFact } from '../labels.ts';
import { joiningBlocks } from './joining.ts';
import { facts, footer, heading, link, list, p, renderEmail, type RenderedEmail } from './layout.ts';

interface DayInput {
  reference: string;
  policy: Pick<Policy, 'sender'>;
}

/** To the chair at the parents' slot: the checklist to go through with the parents. */
/**
 * The meeting day's subjects: an email's subject and the Teams card's notification summary say the
 * same, from here.
 */
export const meetingDaySubject = {
  parentsSlot: (reference: string) => `${reference}: parents' slot checklist`,
  joinNow: (reference: string) => `${reference}: please join now`,
  chairBriefing: (reference: string) => `${reference}: professionals are joining`,
} as const;

/** `links`: the chair's own checklist page and chair's page (their personal links: the email goes only to them). */
export function parentsSlotEmail(
  input: DayInput & { model: ChecklistModel; links: { checklist: string; chair: string } },
): RenderedEmail {
  const { reference, model } = input;
  return renderEmail({
    subject: meetingDaySubject.parentsSlot(reference),
    preview: `${reference}: the parents' slot starts now. Your checklist.`,
    blocks: [
      ...(model.invitationsNotGone?.length
        ? [
            heading('Family members whose invitation has not gone'),
            p('They may not know about the meeting. Check with the social worker before you start.'),
            facts(model.invitationsNotGone.map((g) => [g.who, g.why])),
          ]
        : []),
      p("The parents' slot starts now. Before the professionals join, go through this checklist with the parents:"),
      list(model.items.map((i) => i.label)),
      p('Tick each item on your checklist page as you go (these links are for you alone):'),
      link('Your checklist with the parents', input.links.checklist),
      p('Record any exclusion and the attendance register on your chair’s page:'),
      link('Chair’s page', input.links.chair),
      ...(model.attending.length ? [heading('Expected today'), list(model.attending)] : []),
    ],
    footer: footer(input.policy, reference, 'mailbox'),
  });
}

/** To a professional when the chair is ready for them: come in, or join online, and how. */
export function joinNowEmail(
  input: DayInput & { mode: MeetingMode; venue?: string; meeting?: MeetingDetails },
): RenderedEmail {
  const { reference, mode } = input;
  return renderEmail({
    subject: meetingDaySubject.joinNow(reference),
    preview: `${reference}: the chair is ready for the professionals to join.`,
    blocks: [
      p(
        mode === 'in-person'
          ? `The chair is ready for the professionals to join the child protection conference ${reference}. Please come into the room now.`
          : `The chair is ready for the professionals to join the child protection conference ${reference}.${mode === 'blended' ? ' If you are in the building, please come into the room now; if' : ' If'} you join online early you will wait in the lobby until the chair lets you in.`,
      ),
      ...joiningBlocks({
        mode,
        ...(input.venue ? { venue: input.venue } : {}),
        ...(input.meeting ? { meeting: input.meeting } : {}),
        audience: 'professional',
      }),
    ],
    footer: footer(input.policy, reference, 'mailbox'),
  });
}

/** To the chair when the professionals join: who has replied, which reports are missing or unshared. */
export function chairBriefingEmail(
  input: DayInput & { model: ChairBriefingModel; professionalsJoinAt: string },
): RenderedEmail {
  const { reference, model } = input;
  return renderEmail({
    subject: meetingDaySubject.chairBriefing(reference),
    preview: `${reference}: who has replied and whose reports are missing.`,
    blocks: [
      heading('Replies to the invitation'),
      facts(model.rsvps.map((r) => [r.who, r.answer])),
      ...(model.invitationsNotGone?.length
        ? [
            heading('Family members whose invitation has not gone'),
            facts(model.invitationsNotGone.map((g) => [g.who, g.why])),
          ]
        : []),
      heading('Reports'),
      model.missingReports.length
        ? facts(model.missingReports.map((r) => [r.who, `${r.status}, due ${r.dueAt}`]))
        : p('Every report has arrived.'),
      ...(model.unsharedReports?.length
        ? [
            heading('Not recorded as shared with the family'),
            facts(model.unsharedReports.map((u) => [u.who, `not shared with ${u.notSharedWith.join(', ')}`])),
          ]
        : []),
      // As on the Teams card: a chair who reads only email also learns an interpreter is not confirmed.
      ...(model.arrangements?.length
        ? [heading('Interpreters, accessibility and advocacy'), facts(model.arrangements.map(arrangementFact))]
        : []),
      p(
        `Professionals were asked to join on ${dateAndTime(input.professionalsJoinAt)}. Record who is there and who sent apologies on your chair's page (the link in your invitation) or on the briefing card in Teams: you will be warned if the conference is not quorate.`,
      ),
    ],
    footer: footer(input.policy, reference, 'mailbox'),
  });
}
