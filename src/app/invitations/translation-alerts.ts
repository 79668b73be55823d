/**
 * When a family member's invitation goes out and they read another language, the coordinator and the
 * chair are told which of their letters are in their language (a reviewed translation) and which go
 * in English, once per conference each (send ledger): a reschedule changes no language, so no new note.
 */
import { translationNeeded } from '../../content/templates/translation-notice.ts';
import { familyRoleLabel } from '../../content/words.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import { readsEnglish, reviewedLetterFor, TRANSLATABLE_LETTERS } from '../../domain/policy/reviewed-letters.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail, ONCE_PER_CONFERENCE } from '../shared/deliver.ts';
import { coordinatorAddress, senderOf } from '../shared/sender.ts';
import { languageName } from '../../domain/language-name.ts';

export async function tellOfLanguage(deps: AppDeps, c: Conference, a: Attendee, policy: Policy): Promise<void> {
  if (readsEnglish(a.language)) return;
  const reviewed = TRANSLATABLE_LETTERS.flatMap(
    (letter) => reviewedLetterFor(policy.reviewedLetters, letter, a.language) ?? [],
  );
  const language = reviewed[0]?.names[0] ?? languageName(a.language!);
  const rendered = translationNeeded({
    reference: c.reference,
    policy,
    who: familyRoleLabel(a.role),
    language,
    reviewed,
  });
  const chair = c.attendees.find((x) => x.role === 'chair' && x.email)?.email;
  for (const [who, to] of [
    ['coordinator', coordinatorAddress(deps, policy)],
    ['chair', chair],
  ] as const) {
    if (!to) continue;
    await deliverEmail(deps, c, {
      step: 'translation-needed-alert',
      recipient: `${who}-${a.id}`,
      version: ONCE_PER_CONFERENCE,
      message: { ...rendered, to, from: senderOf(policy), headers: { 'X-Conference-Reference': c.reference } },
    });
  }
}
