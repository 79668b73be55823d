/**
 * Every email about a professional's report, by kind: to the author (the request, reminders, the
 * overdue chaser, the receipt, a reminder to share it, a reply that could not be filed, and a short
 * reply passed to the coordinator) here;
 * to others about it (the escalation to their manager, the chair's list) in report-oversight.ts.
 * Subjects carry the reference and role only.
 */
import { dateAndTime, shortDate, time } from '../format.ts';
import { link, list, notice, p, type Block, type RenderedEmail } from './layout.ts';
import {
  DATE_HINT,
  instructions,
  render,
  summary,
  type ReportAuthor,
  type ReportEmailBase,
} from './report-email-parts.ts';
import { chairFlagEmail, escalationEmail, type ChairFlagInput, type EscalationInput } from './report-oversight.ts';
import { whoItIsAboutBlocks } from './who-it-is-about.ts';
import { roleLabel } from '../words.ts';

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
  'passed-on',
  'sharing-recorded',
] as const;
export type ReportEmailKind = (typeof REPORT_EMAIL_KINDS)[number];

export type ReportEmailInput =
  | (ReportEmailBase & {
      kind: 'request' | 'reminder' | 'last-reminder' | 'overdue';
      dueAt: string;
      recipient: ReportAuthor;
    })
  | EscalationInput
  | ChairFlagInput
  | (ReportEmailBase & { kind: 'not-shared'; dueAt: string; notSharedWith: string[] })
  /** An emailed reply from the author that could not be filed: what was wrong with it, in their words. */
  | (ReportEmailBase & {
      kind: 'not-filed';
      receivedAt: string;
      problems: string[];
      /** Their report is already filed (the reply only failed to record sharing, or was an update). */
      reportOnFile?: boolean;
    })
  /** A short emailed reply from the author with no file: passed to the coordinator to confirm, not filed. */
  | (ReportEmailBase & { kind: 'passed-on'; receivedAt: string })
  /** An emailed reply that only recorded sharing: what is recorded now ("parent or carer 1 on 2 December 2026"), who is still owed. */
  | (ReportEmailBase & { kind: 'sharing-recorded'; sharedWith: string[]; notSharedWith: string[] })
  | (ReportEmailBase & {
      kind: 'thanks';
      receivedAt: string;
      late: boolean;
      dueAt?: string;
      /** Where the policy shares reports with the family first: those it is not yet recorded as shared with. */
      notSharedWith?: string[];
    });

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
    case 'escalation':
      return escalationEmail(input);
    case 'chair-flag':
      return chairFlagEmail(input);
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
        // An author whose report is in is not asked to send it again (a second version would reach the chair).
        p(
          input.reportOnFile
            ? 'Your report itself is already filed: please put this right and reply to this email again. There is no need to attach your report again.'
            : 'Please put this right and reply to this email again, with your report attached.',
        ),
        ...(input.uploadUrl
          ? input.reportOnFile
            ? [p('Or do it on your personal page:'), link('Your report page', input.uploadUrl)]
            : [p('Or upload it on your personal page:'), link('Upload your report', input.uploadUrl)]
          : []),
      ];
      return render(input, `Report not filed for ${ref}`, `${ref}: your email was not filed.`, blocks);
    }
    case 'passed-on': {
      const blocks: Block[] = [
        notice(
          `The email you sent on ${dateAndTime(input.receivedAt)} has not been filed as your report. It was short and had no file attached, so we have passed it to the conference coordinator to check.`,
        ),
        p(
          'If it was your report, you need do nothing more: the coordinator will confirm it. Until then, your reminders will continue.',
        ),
        summary(input, []),
        p('To send your report, reply to this email with the report attached, or with the whole report pasted in.'),
        ...(input.uploadUrl
          ? [p('Or upload it on your personal page:'), link('Upload your report', input.uploadUrl)]
          : []),
      ];
      return render(
        input,
        `${ref}: your message was passed to the coordinator`,
        `${ref}: your email has not been filed as your report.`,
        blocks,
      );
    }
    case 'sharing-recorded': {
      const blocks: Block[] = [
        p(`Thank you: we have recorded that you shared your report with ${input.sharedWith.join('; ')}.`),
        ...(input.notSharedWith.length
          ? [
              notice(`It is not yet recorded as shared with ${input.notSharedWith.join(', ')}.`),
              ...(input.uploadUrl ? [link('Record when you shared it', input.uploadUrl)] : []),
            ]
          : []),
        p('Your report itself is unchanged. To send an updated version, reply to this email with it attached.'),
      ];
      return render(input, `Sharing recorded for ${ref}`, `${ref}: sharing with the family recorded.`, blocks);
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
