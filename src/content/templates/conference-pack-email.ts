/**
 * The chair's email carrying the conference pack (conference-pack-pdf.ts draws the pack itself):
 * how many reports it holds, which are still missing, and which files go beside it.
 */
import type { Policy } from '../../domain/policy/schema.ts';
import { longDate, time } from '../format.ts';
import { facts, footer, heading, list, notice, p, renderEmail, type RenderedEmail } from './layout.ts';

export interface ConferencePackEmailInput {
  reference: string;
  policy: Pick<Policy, 'sender'>;
  /** When professionals join (ISO instant). */
  professionalsJoinAt: string;
  /** How many reports the pack holds. */
  reports: number;
  /** One line per report still missing (role, due date, status). */
  missing: readonly string[];
  /** How many files go beside the pack (not readable as PDF). */
  separate: number;
}

export function conferencePackEmail(input: ConferencePackEmailInput): RenderedEmail {
  const { reference, reports, missing, separate } = input;
  const joinAt = input.professionalsJoinAt;
  const s = (n: number) => (n === 1 ? '' : 's');
  return renderEmail({
    subject: `${reference}: conference pack (${reports} report${s(reports)}, ${missing.length} missing)`,
    preview: `${reference}: the reports for the conference on ${longDate(joinAt)}.`,
    blocks: [
      p(
        reports === 0
          ? `The conference pack for ${reference} is attached. No report has arrived yet: its cover lists the reports still missing.`
          : `The conference pack for ${reference} is attached: ${reports} report${s(reports)}, the latest version of each, in the order they arrived, with a cover saying whom in the family each was shared with.`,
      ),
      facts([
        ['Reference', reference],
        ['Conference', `${longDate(joinAt)}, professionals join at ${time(joinAt)}`],
        ['Reports received', String(reports)],
        ['Reports missing', String(missing.length)],
      ]),
      ...(missing.length
        ? [
            notice(
              `${missing.length} report${missing.length === 1 ? ' is' : 's are'} still missing. Chasers continue; any report that arrives now comes to you on its own.`,
            ),
            heading('Missing'),
            list([...missing]),
          ]
        : []),
      ...(separate
        ? [
            p(
              `${separate} file${separate === 1 ? ' is' : 's are'} not a readable PDF and ${separate === 1 ? 'is' : 'are'} attached separately.`,
            ),
          ]
        : []),
    ],
    footer: footer(input.policy, reference, 'chair'),
  });
}
