/**
 * The social worker's covering email for a family member's letter they hand over in person (the
 * family member asked to be contacted through them). The subject and preview carry no name; the
 * body says who it is for, since the social worker must know whom to give it to.
 */
import { roleLabel } from '../words.ts';
import type { Role } from '../../domain/vocabulary.ts';
import { footer, p, renderEmail, type RenderedEmail } from './layout.ts';

export function handOverLetter(input: {
  reference: string;
  /** The conference office's mailbox (the policy's sender). */
  sender: { name: string; address: string };
  name: string;
  role: Role;
  attendeeId: string;
}): RenderedEmail {
  const { reference } = input;
  return renderEmail({
    subject: `${reference}: a letter to hand to a family member`,
    preview: `${reference}: a family member asked to be contacted through you; their letter is attached.`,
    blocks: [
      p(
        `${input.name} (${roleLabel(input.role).toLowerCase()}, ${input.attendeeId}) asked to be contacted through you. Please give them the attached letter in person and talk it through with them.`,
      ),
      p('The letter is in plain language; it contains no confidential sections.'),
    ],
    footer: footer(input, reference),
  });
}
