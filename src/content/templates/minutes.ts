/**
 * The approved minutes as sent: the professionals' full copy (confidential sections marked), a
 * parent's or carer's copy, and the separate copy for a parent's solicitor (Cumbria); where the
 * policy has a record bundle (Hackney) the same, with the reports the reader may have listed and
 * attached. The input holds only the sections the reader may have: the app chooses them
 * (domain/minutes.ts), so a confidential section cannot reach a family copy from here. Subjects and
 * previews carry the reference only.
 */
import type { Policy } from '../../domain/policy/schema.ts';
import type { Role } from '../../domain/vocabulary.ts';
import { dateAndTime, longDate } from '../format.ts';
import { footer, facts, heading, list, notice, p, renderEmail, type Block, type RenderedEmail } from './layout.ts';
import type { RenderedLetter } from './letter-text.ts';
import { roleLabel } from '../words.ts';

export type MinutesCopy = 'full' | 'family' | 'solicitor';

export interface MinutesReportLine {
  /** The author by role and agency. */
  who: string;
  /** The files attached to the email (download names carry the reference, author id and version only). */
  files: readonly string[];
  /** The report's pasted text, printed in a posted copy. */
  text?: string;
  /** Shared with the parent, but there is no version of it for them to have here: they ask the social worker. */
  askSocialWorker?: boolean;
}

export interface MinutesLetterInput {
  reference: string;
  policy: Policy;
  heldOn: string;
  approvedAt: string;
  copy: MinutesCopy;
  /** The record bundle (minutes with reports) rather than the minutes alone. */
  bundle: boolean;
  sections: readonly { heading: string; text: string; confidential: boolean }[];
  /** A family or solicitor copy that leaves sections out (confidential, or a part the parent was asked to leave). */
  leftOut: boolean;
  /** For a solicitor's copy: the number of the parent or carer they act for ("parent or carer 2"). */
  forParent?: number;
  reports?: readonly MinutesReportLine[];
  /** The copy is printed for the post: report texts are printed in it, files are enclosed. */
  printed?: boolean;
  /** A correction: when the minutes it corrects were sent, and the chair's reason. */
  corrects?: { sentAt: string; reason: string };
}

const SUBJECT: Record<MinutesCopy, (ref: string, bundle: boolean) => string> = {
  full: (ref, bundle) =>
    bundle ? `Conference record ${ref}: minutes and reports` : `Minutes of child protection conference ${ref}`,
  family: (ref, bundle) =>
    bundle
      ? `The record of your child protection meeting (reference ${ref})`
      : `The minutes of your child protection meeting (reference ${ref})`,
  solicitor: (ref, bundle) =>
    `${bundle ? 'Conference record' : 'Minutes of child protection conference'} ${ref}: copy for a parent's solicitor`,
};

/** A section's text as blocks: `- ` lines become a list, other lines paragraphs. */
function textBlocks(text: string): Block[] {
  const out: Block[] = [];
  let items: string[] = [];
  const flush = () => {
    if (items.length) out.push(list(items));
    items = [];
  };
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line.startsWith('- ')) items.push(line.slice(2));
    else {
      flush();
      if (line) out.push(p(line));
    }
  }
  flush();
  return out;
}

function intro(input: MinutesLetterInput): Block[] {
  const what = input.bundle
    ? 'record of the conference: the approved minutes with the reports'
    : 'approved minutes of the conference';
  switch (input.copy) {
    case 'full':
      return [
        notice(
          `The ${what}. Sections marked CONFIDENTIAL are for the professionals only: they are left out of every family copy and must not be passed on.`,
        ),
      ];
    case 'family':
      return [
        notice(
          `These are the ${input.bundle ? 'minutes of your child protection meeting, with the reports you were given' : 'minutes of your child protection meeting'}, as the chair approved them.`,
        ),
        ...(input.leftOut
          ? [
              p(
                'Some parts are not in your copy: parts the chair marked confidential, and anything said while you were out of the room.',
              ),
            ]
          : []),
        p(
          `If you think something in them is wrong, tell your social worker or the chair. How to complain: ${input.policy.complaints}`,
        ),
      ];
    case 'solicitor':
      return [
        notice(
          `A separate copy of the ${what}, for the solicitor of ${input.forParent ? `parent or carer ${input.forParent}` : 'a parent or carer'}, as the ${input.policy.shortName} policy asks.`,
        ),
        p(
          "It is the parent's own copy: the confidential sections and anything from a part of the meeting the parent was asked to leave are not in it.",
        ),
      ];
  }
}

function reportBlocks(input: MinutesLetterInput): Block[] {
  if (!input.bundle) return [];
  const reports = input.reports ?? [];
  if (!reports.length) return [heading('Reports'), p('No reports are in this copy.')];
  const line = (r: MinutesReportLine) =>
    r.askSocialWorker
      ? `${r.who}: shared with you, but not as a copy we can send: ask the social worker for it`
      : `${r.who}: ${r.files.join(', ')}`;
  const blocks: Block[] = [heading('Reports'), list(reports.map(line))];
  if (input.printed) {
    for (const r of reports) if (r.text?.trim()) blocks.push(heading(`Report: ${r.who}`), ...textBlocks(r.text));
    if (reports.some((r) => r.files.length))
      blocks.push(p('The report files listed above are enclosed with this letter.'));
  } else blocks.push(p('Each report is attached to this email.'));
  return blocks;
}

/** What a corrected copy says first: "This corrects the minutes sent on <date>: <reason>". */
export const correctionLine = (c: { sentAt: string; reason: string }, bundle: boolean): string =>
  `This corrects the ${bundle ? 'record' : 'minutes'} sent on ${longDate(c.sentAt)}: ${c.reason}`;

export function minutesLetter(input: MinutesLetterInput): RenderedLetter {
  const { reference, policy } = input;
  const title = `${input.corrects ? 'Corrected: ' : ''}${SUBJECT[input.copy](reference, input.bundle)}`;
  const blocks: Block[] = [
    ...(input.corrects ? [notice(correctionLine(input.corrects, input.bundle))] : []),
    ...intro(input),
    facts([
      ['Reference', reference],
      ['Held on', longDate(input.heldOn)],
      ['Approved by the chair', dateAndTime(input.approvedAt)],
    ]),
  ];
  for (const s of input.sections) {
    blocks.push(heading(s.confidential ? `CONFIDENTIAL: ${s.heading}` : s.heading), ...textBlocks(s.text));
  }
  blocks.push(...reportBlocks(input));
  const email = renderEmail({
    subject: title,
    preview: `${reference}: the ${input.corrects ? 'corrected ' : ''}${input.bundle ? 'conference record' : 'minutes'} as approved by the chair (attached as a PDF).`,
    blocks,
    footer: footer(policy, reference),
  });
  return { ...email, title, blocks };
}

/**
 * A parent who hears from the conference through the social worker: their copy goes to the social
 * worker to hand over. A correction says so (subject, preview and first line), with what it corrects
 * and why, so the social worker tells them it replaces the copy they had.
 */
export function minutesViaSocialWorker(input: {
  reference: string;
  policy: Policy;
  parentRole: Role;
  attendeeId: string;
  bundle: boolean;
  corrects?: { sentAt: string; reason: string };
}): RenderedEmail {
  const { reference, policy, corrects } = input;
  const what = input.bundle ? 'conference record (minutes and reports)' : 'minutes';
  const copy = corrects ? 'corrected copy' : 'copy';
  return renderEmail({
    subject: `${corrects ? 'Corrected: ' : ''}${reference}: please give a ${input.parentRole} their ${copy} of the ${what}`,
    preview: corrects
      ? `${reference}: the ${input.bundle ? 'record' : 'minutes'} were corrected; a ${input.parentRole} hears from the conference through you; their corrected copy is attached.`
      : `${reference}: a ${input.parentRole} asked to hear from the conference through you; their copy is attached.`,
    blocks: [
      ...(corrects ? [notice(correctionLine(corrects, input.bundle))] : []),
      p(
        `The ${roleLabel(input.parentRole).toLowerCase()} (${input.attendeeId}) asked to receive letters through their social worker.`,
      ),
      corrects
        ? p(
            `Their corrected copy of the ${what} is attached as a PDF. It replaces the copy sent on ${longDate(corrects.sentAt)}: please give it to them, tell them what was corrected and why, and go through it with them.`,
          )
        : p(`Their copy of the ${what} is attached as a PDF. Please give it to them and go through it with them.`),
      p('It has no confidential sections and leaves out anything from a part of the meeting they were asked to leave.'),
    ],
    footer: footer(policy, reference),
  });
}
