/**
 * The chair's copy of a report the moment it arrives: who sent it and how, whether it was late,
 * whom in the family it was shared with and when (and what was withheld), and the report itself,
 * pasted text in the body and files attached under names that carry the reference, never a name.
 */
import type { Channel } from '../../domain/report-record.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import type { Role } from '../../domain/vocabulary.ts';
import { calendarDate, dateAndTime } from '../format.ts';
import { footer, facts, heading, list, notice, p, renderEmail, type Block, type RenderedEmail } from './layout.ts';
import { roleLabel } from '../words.ts';

export interface ReportReceivedInput {
  reference: string;
  policy: Policy;
  author: { name: string; role: Role; agency?: string };
  /** 1 for the first report, 2 and on for updated versions. */
  version: number;
  receivedAt: string;
  late: boolean;
  dueAt?: string;
  channel: Channel;
  /** Pasted report text, printed in the body. */
  text?: string;
  /** Names of the attached files, as attached. */
  attachments: string[];
  /** One line per parent or carer: their name (the chair may see it) and when it was shared, if it was. */
  sharing: { who: string; sharedOn?: string; withheld?: string }[];
  signedBy?: string;
  readBy?: string;
}

const BY: Record<Channel, string> = {
  email: 'by email',
  teams: 'in Teams',
  web: 'on their personal upload page',
  api: 'through the coordinator',
};

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export function reportReceivedChairEmail(input: ReportReceivedInput): RenderedEmail {
  const ref = input.reference;
  const what = input.version > 1 ? `An updated version (version ${input.version}) of the report` : 'The report';
  const where = [input.attachments.length ? 'attached' : '', input.text?.trim() ? 'below' : '']
    .filter(Boolean)
    .join(' and ');
  const blocks: Block[] = [
    (input.late ? notice : p)(
      `${what} from ${input.author.name} arrived ${input.late ? 'late, ' : ''}${BY[input.channel]}, on ${dateAndTime(input.receivedAt)}. It is ${where}.`,
    ),
    facts([
      ['Reference', ref],
      ['From', `${input.author.name}, ${roleLabel(input.author.role, input.author.agency)}`],
      ['Received', `${dateAndTime(input.receivedAt)} (London time)`],
      ...(input.dueAt
        ? ([['Was due', `${dateAndTime(input.dueAt)}${input.late ? ' (late)' : ''}`]] as [string, string][])
        : []),
      ...(input.signedBy ? ([['Signed by', input.signedBy]] as [string, string][]) : []),
      ...(input.readBy ? ([['Read before sending by', input.readBy]] as [string, string][]) : []),
    ]),
  ];
  if (input.sharing.length) {
    blocks.push(
      heading('Shared with the family'),
      list(
        input.sharing.map(
          (s) =>
            `${s.who}: ${s.sharedOn ? `shared on ${calendarDate(s.sharedOn)}` : 'not recorded as shared'}${s.withheld ? `; withheld: ${s.withheld}` : ''}`,
        ),
      ),
    );
    if (input.policy.reports.sharedWithFamilyFirst && input.sharing.some((s) => !s.sharedOn))
      blocks.push(p('The policy asks for reports to be shared with the family before the conference.'));
  }
  if (input.attachments.length) blocks.push(heading('Attached'), list(input.attachments));
  if (input.text?.trim())
    blocks.push(
      heading('The report'),
      ...input.text
        .trim()
        .split(/\n\s*\n/)
        .map((para) => p(para.trim())),
    );
  return renderEmail({
    subject: `${ref}: report received from the ${lower(roleLabel(input.author.role))}${input.version > 1 ? ` (version ${input.version})` : ''}`,
    preview: `${ref}: the ${lower(roleLabel(input.author.role))}'s report, ${where}.`,
    blocks,
    footer: footer(input.policy, ref, 'chair'),
  });
}

/** `CPC-2027-0001-report-a4-v1-2.pdf`: the reference, the author's id and version, the original extension. */
export function reportAttachmentName(
  reference: string,
  attendeeId: string,
  version: number,
  index: number,
  original: string,
): string {
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(original)?.[1]?.toLowerCase();
  return `${reference}-report-${attendeeId}-v${version}-${index}${ext ? `.${ext}` : ''}`;
}
