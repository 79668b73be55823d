/**
 * Render once, send many. A circulation sends the same decision letter to most of a conference's
 * professionals: rendering its PDF for each of them was most of a fan-out's time. Each recipient's
 * letter is still worked out for them alone, from the disclosure table (what they may read, the
 * parts they were asked to leave, their own children and views); only the PDF drawn from that
 * letter is shared, keyed by everything it is drawn from. So two recipients share a PDF exactly
 * when their letters are identical, a revision (a new version, a corrected decision) is a new key,
 * and nobody can be handed a part they were excluded from.
 */
import { renderLetterPdf, type LetterInput } from '../../content/pdf-letter.ts';
import type { RenderedArtefact } from '../../ports.ts';
import type { AppDeps } from '../deps.ts';

export function sharedLetterPdf(
  deps: Pick<AppDeps, 'renders'>,
  conferenceId: string,
  artefact: RenderedArtefact,
  input: LetterInput,
): Promise<Buffer> {
  // A letter with a name and address in the envelope window is one person's: rendered for them alone.
  if (input.addressee) return renderLetterPdf(input);
  return deps.renders.getOrRender(conferenceId, artefact, input, () => renderLetterPdf(input));
}
