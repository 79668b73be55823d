/**
 * What every email about a professional's report shares: the conference summary, what to send and
 * where, and the footer with the mailbox a reply goes to.
 */
import type { Policy } from '../../domain/policy/schema.ts';
import type { ConferenceKind, Role } from '../../domain/vocabulary.ts';
import { longDate, time } from '../format.ts';
import {
  footer,
  facts,
  heading,
  link,
  list,
  notice,
  p,
  renderEmail,
  type Block,
  type RenderedEmail,
} from './layout.ts';
import type { WhoItIsAbout } from './who-it-is-about.ts';
import { kindLabel, reportSections, SHARE_WITH_FAMILY, whereToSend } from '../words.ts';

/** Beside an example line to copy: the date stays a placeholder, so a copy left unedited is refused, not filed as a wrong date. */
export const DATE_HINT = '(the date you shared it, as year-month-day)';

export interface ReportEmailBase {
  reference: string;
  conferenceKind: ConferenceKind;
  policy: Policy;
  /** When the conference starts. ISO instant. */
  conferenceAt: string;
  /** When professionals are asked to join, where the policy differs from the start (arrive early, or after the parents' slot). */
  professionalsJoinAt?: string;
  /** The author's personal upload page; only ever in emails to the author. */
  uploadUrl?: string;
  /** The children and parents, in the body of a request, reminder, chaser or escalation (never the subject). */
  whoItIsAbout?: WhoItIsAbout;
  /** The policy keeps names on the personal link page only: the email says where to find them. */
  namesOnPageOnly?: boolean;
}
export interface ReportAuthor {
  role: Role;
  agency?: string;
}
export function instructions(input: ReportEmailBase): Block[] {
  const { policy } = input;
  const f = policy.reports.format;
  const blocks: Block[] = [
    heading('What to send'),
    p(`Use the ${f.name} format, with these sections:`),
    list(reportSections(policy, input.conferenceKind)),
  ];
  if (f.guidance) blocks.push(p(f.guidance));
  if (policy.reports.sharedWithFamilyFirst) blocks.push(notice(SHARE_WITH_FAMILY));
  blocks.push(heading('Where to send it'), p(whereToSend(policy, input.reference)));
  if (policy.reports.sharedWithFamilyFirst)
    blocks.push(
      p(
        `If you reply by email, say when you shared it with each parent or carer (numbered as on your personal page) with a line such as "Shared with parent or carer 1 on YYYY-MM-DD" ${DATE_HINT}, and anything withheld with "Withheld from parent or carer 1: what and why". A reply with only those lines records them without changing your report.`,
      ),
    );
  if (input.uploadUrl)
    blocks.push(
      p('Or upload it on your personal page (this link is for you alone: please do not forward it):'),
      link('Upload your report', input.uploadUrl),
    );
  return blocks;
}

export function summary(input: ReportEmailBase, extra: [string, string][]): Block {
  const join = input.professionalsJoinAt;
  return facts([
    ['Reference', input.reference],
    [
      'Conference',
      `${kindLabel(input.conferenceKind)}, ${longDate(input.conferenceAt)} at ${time(input.conferenceAt)}`,
    ],
    ...(join && join !== input.conferenceAt ? [['Professionals join at', time(join)] as [string, string]] : []),
    ...extra,
  ]);
}

export function render(input: ReportEmailBase, subject: string, preview: string, blocks: Block[]): RenderedEmail {
  const { policy } = input;
  return renderEmail({
    subject,
    preview,
    blocks,
    footer: footer(policy, input.reference, 'mailbox'),
  });
}
