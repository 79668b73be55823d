/**
 * The chair's held family letters as a card's view-model: the same list as the chair's page (every
 * held letter whose explanation is still to be recorded, released ones included). As on every card,
 * a parent is "Parent or carer 1 (a5)", never named (the chair's page, opened with the chair's link, names them). Pure.
 */
import type { HeldLettersModel } from '../../content/cards/held-letters.ts';
import { heldLetterLine } from '../../content/templates/explained-words.ts';
import { attendeeLabel } from '../../content/labels.ts';
import type { Conference } from '../../domain/conference.ts';
import { holdLifted, unexplained } from '../../domain/held-letters.ts';

export function heldLettersModel(c: Conference, done?: HeldLettersModel['done']): HeldLettersModel {
  return {
    conferenceId: c.id,
    reference: c.reference,
    letters: unexplained(c).map((h) => {
      const parent = c.attendees.find((a) => a.id === h.attendeeId);
      return {
        attendeeId: h.attendeeId,
        who: parent ? attendeeLabel(c, parent) : h.attendeeId,
        reason: h.reason,
        line: heldLetterLine(h),
        gone: holdLifted(h),
      };
    }),
    ...(done ? { done } : {}),
  };
}
