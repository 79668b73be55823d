/**
 * Every email about a professional's report: the request, reminders, the overdue chaser, the
 * escalation to their manager, the chair's list of missing reports, the receipt, and a reply that
 * could not be filed.
 * Subjects carry the reference and role only.
 */
import type { Policy } from '../../domain/policy/schema.ts';
import type { ConferenceKind, Role } from '../../domain/vocabulary.ts';
import { dateAndTime, longDate, shortDate, time } from '../format.ts';
import { facts, heading, link, list, notice, p, renderEmail, type Block, type RenderedEmail } from './layout.ts';
import { whoItIsAboutBlocks, type WhoItIsAbout } from './who-it-is-about.ts';
import { kindLabel, reportSections, roleLabel, SHARE_WITH_FAMILY, whereToSend } from '../words.ts';

/** Beside an example line to copy: the date stays a placeholder, so a copy left unedited is refused, not filed as a wrong date. */
const DATE_HINT = '(the date you shared it, as year-month-day)';

export const REPORT_EMAIL_KINDS = [
  'request',
  'reminder',
  'last-reminder',
  'overdue',
  'escalation',
  'chair-flag',
  'thanks',
  'not-shared',
  'not-filed',
] as const;
export type ReportEmailKind = (typeof REPORT_EMAIL_KINDS)[number];

interface Base {
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

export type ReportEmailInput =
  | (Base & { kind: 'request' | 'reminder' | 'last-reminder' | 'overdue'; dueAt: string; recipient: ReportAuthor })
  | (Base & {
      kind: 'escalation';
      dueAt: string;
      about: ReportAuthor;
      /** The professional's name, for their manager's eyes only: body text, never the subject. */
      professionalName?: string;
    })
  | (Base & {
      kind: 'chair-flag';
      missing: readonly MissingReport[];
      unshared?: readonly UnsharedReport[];
      sharingDueAt?: string;
    })
  | (Base & { kind: 'not-shared'; dueAt: string; notSharedWith: string[] })
  /** An emailed reply from the author that could not be filed: what was wrong with it, in their words. */
  | (Base & { kind: 'not-filed'; receivedAt: string; problems: string[] })
  | (Base & {
      kind: 'thanks';
      receivedAt: string;
      late: boolean;
      dueAt?: string;
      /** Where the policy shares reports with the family first: those it is not yet recorded as shared with. */
      notSharedWith?: string[];
    });

function instructions(input: Base): Block[] {
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

function summary(input: Base, extra: [string, string][]): Block {
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

function render(input: Base, subject: string, preview: string, blocks: Block[]): RenderedEmail {
  const { policy } = input;
  return renderEmail({
    subject,
    preview,
    blocks,
    footer: `${policy.sender.name} <${policy.sender.address}> · ${input.reference}`,
  });
}

export function reportEmail(input: ReportEmailInput): RenderedEmail {
  const ref = input.reference;
  switch (input.kind) {
    case 'request':
    case 'reminder':
    case 'last-reminder':
    case 'overdue': {
      const due = dateAndTime(input.dueAt);
      const rows: [string, string][] = [
        ['Your role', roleLabel(input.recipient.role, input.recipient.agency)],
        ['Report due', `${due} (London time)`],
      ];
      const text = {
        request: {
          subject: `Report request for child protection conference ${ref}: due ${shortDate(input.dueAt)} ${time(input.dueAt)}`,
          lead: `Please send your written report for this conference by ${due}.`,
        },
        reminder: {
          subject: `Reminder: report for ${ref} due ${shortDate(input.dueAt)} ${time(input.dueAt)}`,
          lead: `This is a reminder that your report is due by ${due}. We have not received it yet.`,
        },
        'last-reminder': {
          subject: `Report for ${ref} due today at ${time(input.dueAt)}`,
          lead: `Your report is due today, by ${time(input.dueAt)}. We have not received it yet.`,
        },
        overdue: {
          subject: `Overdue: report for ${ref} (was due ${shortDate(input.dueAt)})`,
          // A reply to this email is filed as the report itself: a note saying when goes to the mailbox instead.
          lead: `Your report was due by ${due} and we have not received it. Please send it today: the chair needs it before the conference. If you cannot, write to ${input.policy.sender.address}, quoting ${ref}, to tell us when it will arrive (not a reply to this email: a reply is filed as your report).`,
        },
      }[input.kind];
      const blocks: Block[] = [
        input.kind === 'request' ? p(text.lead) : notice(text.lead),
        summary(input, rows),
        ...whoItIsAboutBlocks(input.whoItIsAbout, Boolean(input.namesOnPageOnly)),
        ...instructions(input),
      ];
      return render(input, text.subject, `${ref}: report due ${due}.`, blocks);
    }
    case 'escalation': {
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
    case 'chair-flag': {
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
              list(
                unshared.map((u) => `${roleLabel(u.role, u.agency)}: not shared with ${u.notSharedWith.join(', ')}`),
              ),
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
    case 'not-shared': {
      const blocks: Block[] = [
        notice(`We have your report, but not that you shared it with ${input.notSharedWith.join(', ')}.`),
        p(
          `The policy asks for every report to be shared and discussed with the family before the conference. It was due by ${dateAndTime(input.dueAt)}.`,
        ),
        summary(input, [['Not recorded as shared with', input.notSharedWith.join(', ')]]),
        p(
          `Please share it with them now if you have not, then record the date on your personal page, or reply to this email with a line such as "Shared with ${input.notSharedWith[0] ?? 'parent or carer 1'} on YYYY-MM-DD" ${DATE_HINT}. If something must be withheld from someone, say what and why there: the chair will see it.`,
        ),
        ...(input.uploadUrl ? [link('Record when you shared it', input.uploadUrl)] : []),
      ];
      return render(
        input,
        `${ref}: please share your report with the family`,
        `${ref}: your report is not recorded as shared with the family.`,
        blocks,
      );
    }
    case 'not-filed': {
      const blocks: Block[] = [
        p(
          `We could not file the email you sent on ${dateAndTime(input.receivedAt)}: nothing from it has been recorded, and the chair has not been sent it.`,
        ),
        list(input.problems),
        summary(input, []),
        p('Please put this right and reply to this email again, with your report attached.'),
        ...(input.uploadUrl
          ? [p('Or upload it on your personal page:'), link('Upload your report', input.uploadUrl)]
          : []),
      ];
      return render(input, `Report not filed for ${ref}`, `${ref}: your email was not filed.`, blocks);
    }
    case 'thanks': {
      const when = dateAndTime(input.receivedAt);
      const blocks: Block[] = [
        p(`Thank you: we received your report on ${when}.`),
        ...(input.late && input.dueAt
          ? [
              p(
                `It arrived after the deadline of ${dateAndTime(input.dueAt)}. The chair has it now; please send reports on time so everyone, including the family, can read them before the conference.`,
              ),
            ]
          : input.late
            ? [p('It arrived after the deadline. The chair has it now.')]
            : []),
        summary(input, []),
        ...(input.policy.reports.sharedWithFamilyFirst && input.notSharedWith?.length
          ? [
              notice(`It is not recorded as shared with ${input.notSharedWith.join(', ')}.`),
              p(
                `Please share and discuss it with them before the conference, then record the date on your personal page, or reply with a line such as "Shared with ${input.notSharedWith[0]} on YYYY-MM-DD" ${DATE_HINT}.`,
              ),
              ...(input.uploadUrl ? [link('Record when you shared it', input.uploadUrl)] : []),
            ]
          : []),
        p('To send an updated version, reply to this email with it attached.'),
      ];
      return render(
        input,
        `Report received for ${ref}${input.late ? ' (late)' : ''}`,
        `${ref}: report received.`,
        blocks,
      );
    }
  }
}
