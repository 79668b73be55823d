/**
 * Card submits → use-case input. Teams sends every input as a string (a multi-select as
 * "a,b"); these turn them into the shapes the use-cases validate. Nothing here trusts the card
 * for *who* is acting: that comes from the authenticated activity.
 */
import { bidiMessage, hasBidiControl } from '../../app/shared/text-input.ts';
import { isCalendarDate } from '../../app/shared/time.ts';
import { ValidationError } from '../../domain/errors.ts';
import { CONFERENCE_ID, ID_PATTERN } from '../../domain/ids.ts';

const SHARED_KEY = new RegExp(`^shared-${ID_PATTERN.attendee}$`);

export type CardData = Record<string, unknown>;

const str = (d: CardData, k: string): string | undefined => {
  const v = d[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number')
    throw new ValidationError('Invalid card', [{ field: k, message: 'expected text' }]);
  const s = String(v).trim();
  if (hasBidiControl(s)) throw new ValidationError('Invalid card', [{ field: k, message: bidiMessage(s) }]);
  return s === '' ? undefined : s;
};

export const text = (d: CardData, k: string): string => str(d, k) ?? '';
export const optional = (d: CardData, k: string): string | undefined => str(d, k);
export const list = (d: CardData, k: string): string[] =>
  (str(d, k) ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
/** A whole number, or the raw text so the use-case's schema rejects it with a field message. */
export const int = (d: CardData, k: string): number | string | undefined => {
  const s = str(d, k);
  if (s === undefined) return undefined;
  return /^-?\d+$/.test(s) ? Number(s) : s;
};

export function conferenceIdOf(d: CardData): string {
  const id = str(d, 'conferenceId');
  if (!id || !CONFERENCE_ID.test(id))
    throw new ValidationError('This card is not from a conference (or is damaged)', [
      { field: 'conferenceId', message: 'missing or malformed' },
    ]);
  return id;
}

export function viewInput(d: CardData): CardData {
  const recommendation = optional(d, 'recommendation');
  const scale = int(d, 'scale');
  return {
    childId: text(d, 'childId'),
    ...(recommendation ? { recommendation } : {}),
    categories: list(d, 'categories'),
    rationale: text(d, 'rationale'),
    ...(scale !== undefined ? { scale } : {}),
  };
}

export function decisionInput(d: CardData, childIds: readonly string[]): CardData {
  return {
    outcomes: childIds.map((id) => {
      const scale = int(d, `scale-${id}`);
      const keyWorker = optional(d, `keyWorker-${id}`);
      const visitingFrequency = optional(d, `visits-${id}`);
      const familyRationale = optional(d, `familyRationale-${id}`);
      return {
        childId: id,
        outcome: optional(d, `outcome-${id}`),
        categories: list(d, `categories-${id}`),
        rationale: text(d, `rationale-${id}`),
        ...(familyRationale ? { familyRationale } : {}),
        ...(scale !== undefined ? { scale } : {}),
        ...(keyWorker ? { keyWorker } : {}),
        ...(visitingFrequency ? { visitingFrequency } : {}),
      };
    }),
    coreGroup: list(d, 'coreGroup'),
    ...Object.fromEntries(
      (['withoutReportsReason', 'inquorateReason'] as const).flatMap((k) =>
        optional(d, k) ? [[k, optional(d, k)]] : [],
      ),
    ),
  };
}

/** The card's own limit (Input.Text maxLength) on what was withheld from the family, as the report page has. */
export const MAX_WITHHELD = 2000;

/** `shared-a5: 2027-01-02` inputs → per-parent sharing entries; `today` is London's date (no sharing in the future). */
export function sharingInput(d: CardData, today: string): { parentId: string; sharedOn: string; withheld?: string }[] {
  const withheld = optional(d, 'withheld');
  if (withheld && withheld.length > MAX_WITHHELD)
    throw new ValidationError('Invalid sharing', [
      { field: 'withheld', message: `at most ${MAX_WITHHELD} characters` },
    ]);
  return Object.keys(d)
    .filter((k) => SHARED_KEY.test(k) && optional(d, k))
    .map((k) => {
      const sharedOn = text(d, k);
      if (!isCalendarDate(sharedOn))
        throw new ValidationError('Invalid sharing', [{ field: k, message: 'expected a date' }]);
      if (sharedOn > today)
        throw new ValidationError('Invalid sharing', [
          { field: k, message: 'the date you shared it cannot be in the future' },
        ]);
      return { parentId: k.slice('shared-'.length), sharedOn, ...(withheld ? { withheld } : {}) };
    });
}
