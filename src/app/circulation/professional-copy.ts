/**
 * The professionals' copy of the approved decision: the letter the disclosure table gives the
 * reader's role (a manager's copy is the manager's), its PDF and the email that carries them.
 */
import type { RenderedLetter } from '../../content/templates/letter-text.ts';
import type { CirculationRecipient } from '../../domain/circulation.ts';
import type { Conference } from '../../domain/conference.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { DisclosureRole } from '../../domain/disclosure-artefacts.ts';
import { disclosureRole } from '../../domain/disclosure.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { letterPdf, professionalDecisionLetter } from './circulation-letters.ts';
import { CIRCULATE_STEP } from './circulation-status.ts';
import type { AppDeps } from '../deps.ts';
import type { EmailSend } from '../shared/deliver.ts';
import { senderOf } from '../shared/sender.ts';

export const pdfAttachment = (c: Conference, pdf: Buffer, what: string) => ({
  filename: `${c.reference}-${what}.pdf`,
  content: pdf,
  contentType: 'application/pdf',
});
export const refHeader = (c: Conference) => ({ 'X-Conference-Reference': c.reference });

export interface ProfessionalCopy {
  letter: RenderedLetter;
  pdf: Promise<Buffer>;
}
/** The copy a reader's role gets. */
export type CopyFor = (reader: DisclosureRole) => ProfessionalCopy;

/**
 * The copies of one conference's decision, each worked out and drawn once for every reader of the
 * same role (a fan-out's 20 professionals share one letter and one PDF): the disclosure table still
 * decides per role, and the letter depends on nothing else about the reader.
 */
export function professionalCopies(deps: AppDeps, c: Conference, policy: Policy): CopyFor {
  const copies = new Map<DisclosureRole, ProfessionalCopy>();
  return (reader) => {
    let copy = copies.get(reader);
    if (!copy) {
      const letter = professionalDecisionLetter(c, policy, deps.calendar, reader);
      copy = { letter, pdf: letterPdf(deps, c, policy, letter) };
      // Awaited by whoever asked; a failed drawing must not surface as an unhandled rejection meanwhile.
      copy.pdf.catch(() => undefined);
      copies.set(reader, copy);
    }
    return copy;
  };
}

/** A professional's (or their manager's) decision email; none without an address to send it to. */
export async function professionalEmail(
  c: Conference,
  policy: Policy,
  a: Attendee,
  r: CirculationRecipient,
  copyFor: CopyFor,
): Promise<EmailSend | undefined> {
  const to = r.manager ? a.managerEmail : a.email;
  if (!to) return undefined;
  // A manager was not at the conference: their copy is the one the disclosure table gives a manager.
  const { letter, pdf } = copyFor(r.manager ? 'manager' : disclosureRole(a.role));
  const intro = r.manager
    ? `Copy for the manager of the ${a.role}${a.agency ? ` (${a.agency})` : ''}, as the ${policy.shortName} policy asks.\n\n`
    : '';
  return {
    step: CIRCULATE_STEP,
    recipient: r.key,
    message: {
      subject: letter.subject,
      text: intro + letter.text,
      html: letter.html,
      to,
      from: senderOf(policy),
      headers: refHeader(c),
      attachments: [pdfAttachment(c, await pdf, 'decision')],
    },
  };
}
