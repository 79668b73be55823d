/**
 * The emails about a professional's report that go to someone else: the escalation to the author's
 * manager when reminders have not brought it in, and the chair's list of reports missing or not
 * shared with the family.
 */
import { dateAndTime, shortDate } from '../format.ts';
import { heading, list, notice, p, type Block, type RenderedEmail } from './layout.ts';
import { instructions, render, summary, type ReportAuthor, type ReportEmailBase } from './report-email-parts.ts';
import { whoItIsAboutBlocks } from './who-it-is-about.ts';
import { roleLabel } from '../words.ts';

/** A report that arrived but is not recorded as shared with every parent or carer. */
export interface UnsharedReport extends ReportAuthor {
  /** "Parent or carer 1", or names where the recipient may see them. */
  notSharedWith: string[];
}
export interface MissingReport extends ReportAuthor {
  dueAt: string;
  /** e.g. `requested`, `reminded`, `overdue`, `escalated` */
  status: string;
}

export interface EscalationInput extends ReportEmailBase {
  kind: 'escalation';
  dueAt: string;
  about: ReportAuthor;
  /** The professional's name, for their manager's eyes only: body text, never the subject. */
  professionalName?: string;
}
export interface ChairFlagInput extends ReportEmailBase {
  kind: 'chair-flag';
  missing: readonly MissingReport[];
  unshared?: readonly UnsharedReport[];
  sharingDueAt?: string;
}

/** To the author's manager: the report is overdue and reminders have not brought it in. */
export function escalationEmail(input: EscalationInput): RenderedEmail {
  const ref = input.reference;
  const who = roleLabel(input.about.role, input.about.agency);
  const due = dateAndTime(input.dueAt);
  const blocks: Block[] = [
    notice(`A report for child protection conference ${ref} is overdue.`),
    p(
      `We asked ${input.professionalName ? `${input.professionalName} (${who})` : `a member of your team (${who})`} for a written report, due by ${due}. It has been overdue since then, and reminders have not brought it in. You are receiving this as their manager.`,
    ),
    summary(input, [
      ['Report from', who],
      ['Overdue since', `${due} (London time)`],
    ]),
    // A manager has no personal page: under a names-on-the-page-only policy they get the reference alone.
    ...(input.whoItIsAbout && !input.namesOnPageOnly ? whoItIsAboutBlocks(input.whoItIsAbout, false) : []),
    // A reply goes to the author's reply address and is filed as their report: a reason is not a report.
    p(
      `Please make sure the report is sent as soon as possible. If it cannot be, write to ${input.policy.sender.address}, quoting ${ref}, to tell us why (not a reply to this email: a reply is filed as the report).`,
    ),
    ...instructions(input),
  ];
  return render(input, `Overdue report for ${ref}: ${who}`, `${ref}: a report from ${who} is overdue.`, blocks);
}

/** To the chair: the reports not received, and those received but not shared with the family. */
export function chairFlagEmail(input: ChairFlagInput): RenderedEmail {
  const ref = input.reference;
  const n = input.missing.length;
  const unshared = input.unshared ?? [];
  const items = input.missing.map(
    (m) => `${roleLabel(m.role, m.agency)}: due ${dateAndTime(m.dueAt)} (${m.status.replace(/-/g, ' ')})`,
  );
  const blocks: Block[] = [
    n === 0
      ? p('All requested reports have been received.')
      : notice(`${n} report${n === 1 ? ' has' : 's have'} not been received.`),
    summary(input, []),
    ...(n ? [heading('Missing reports'), list(items)] : []),
    ...(n
      ? [
          p(
            'Reminders and chasers have gone to each author; overdue ones have been escalated to their managers where the policy says so.',
          ),
        ]
      : []),
    ...(unshared.length
      ? [
          heading('Not recorded as shared with the family'),
          p(
            'These reports arrived, but their authors have not recorded sharing them with every parent or carer, as the policy asks before the conference:',
          ),
          list(unshared.map((u) => `${roleLabel(u.role, u.agency)}: not shared with ${u.notSharedWith.join(', ')}`)),
        ]
      : []),
  ];
  const subject = n
    ? `${ref}: ${n} report${n === 1 ? '' : 's'} not yet received (conference ${shortDate(input.conferenceAt)})`
    : `${ref}: ${unshared.length} report${unshared.length === 1 ? '' : 's'} not shared with the family (conference ${shortDate(input.conferenceAt)})`;
  const preview = n
    ? `${ref}: ${n} missing report${n === 1 ? '' : 's'}.`
    : `${ref}: reports not yet shared with the family.`;
  return render(input, subject, preview, blocks);
}
