/**
 * A parent's decision letter held until someone has told them: a parent who was not at the meeting
 * (where the policy asks for a visit) or who was asked to leave part of it. The letter waits until
 * the chair or the social worker records that they explained the decision (and, for a part the
 * parent left, why) and how the parent could give their view, however long that takes: at the
 * policy's hold time it is late (the social worker is chased, the chair and the coordinator told),
 * never sent. Only the chair or the coordinator can let it go without the record, giving a reason.
 * The worklist shows it until the explanation is recorded. Pure.
 */
import type { IsoInstant } from './conference-parts.ts';

/** A conference's held letters: all these rules read of it. */
type Holder = { heldLetters?: HeldLetter[] };

export const EXPLAINED_BY = ['chair', 'social-worker'] as const;
export type ExplainedBy = (typeof EXPLAINED_BY)[number];
export const EXPLAINED_HOW = ['in-person', 'phone', 'video'] as const;
export type ExplainedHow = (typeof EXPLAINED_HOW)[number];
/** How the parent could give their view of the decision, having missed (part of) the meeting. */
export const VIEW_ROUTES = ['told-them', 'in-writing', 'through-supporter', 'did-not-wish'] as const;
export type ViewRoute = (typeof VIEW_ROUTES)[number];

/** Why a letter is held: not at the meeting, or asked to leave part of it. */
export type HoldReason = 'absent' | 'excluded';

export interface Explanation {
  by: ExplainedBy;
  how: ExplainedHow;
  view: ViewRoute;
  at: IsoInstant;
  /** Who recorded it (the chair's attendee id, or the coordinator). */
  recordedBy: string;
}

export interface HeldLetter {
  /** The parent or carer (never a companion: theirs follows the person they come with). */
  attendeeId: string;
  reason: HoldReason;
  heldAt: IsoInstant;
  /** When it is late (the policy's hold time): the social worker is chased, the chair and coordinator told. */
  heldUntil: IsoInstant;
  explained?: Explanation;
  /** The hold time passed with nothing recorded: when the first chaser went. */
  lateAt?: IsoInstant;
  /** The chair or the coordinator let the letter go before anyone recorded telling them, and why. */
  released?: Release;
  /** Before letters waited without limit: the letter went at `heldUntil` with no explanation recorded. */
  sentUnexplainedAt?: IsoInstant;
}

export interface Release {
  at: IsoInstant;
  reason: string;
  /** The chair's attendee id, or the coordinator. */
  recordedBy: string;
}

export function heldLetterOf(c: Holder, attendeeId: string): HeldLetter | undefined {
  return (c.heldLetters ?? []).find((h) => h.attendeeId === attendeeId);
}

/** The conference with the letter held (once: a retried job keeps the first hold). */
export function withHeldLetter<C extends Holder>(c: C, held: HeldLetter): C {
  return heldLetterOf(c, held.attendeeId) ? c : { ...c, heldLetters: [...(c.heldLetters ?? []), held] };
}

/** The conference with the explanation recorded (the first record stands). */
export function withExplanation<C extends Holder>(
  c: C,
  attendeeId: string,
  reason: HoldReason,
  explained: Explanation,
): C {
  const held = heldLetterOf(c, attendeeId);
  if (held?.explained) return c;
  const entry: HeldLetter = held
    ? { ...held, explained }
    : { attendeeId, reason, heldAt: explained.at, heldUntil: explained.at, explained };
  return { ...c, heldLetters: [...(c.heldLetters ?? []).filter((h) => h.attendeeId !== attendeeId), entry] };
}

/** Whether the letter may go: the explanation is recorded, or the chair or coordinator released it. */
export function holdLifted(h: HeldLetter | undefined): boolean {
  return Boolean(h && (h.explained || h.released || h.sentUnexplainedAt));
}

/** Late: the hold time passed with the letter still held (recorded once, at the first chaser). */
export function isLate(h: HeldLetter | undefined): boolean {
  return Boolean(h?.lateAt) && !holdLifted(h);
}

function withChange<C extends Holder>(c: C, attendeeId: string, change: (h: HeldLetter) => HeldLetter): C {
  return { ...c, heldLetters: (c.heldLetters ?? []).map((h) => (h.attendeeId === attendeeId ? change(h) : h)) };
}

/** The conference with the hold time passed and the letter still held (the first record stands). */
export function withLate<C extends Holder>(c: C, attendeeId: string, at: IsoInstant): C {
  const held = heldLetterOf(c, attendeeId);
  if (!held || held.lateAt || holdLifted(held)) return c;
  return withChange(c, attendeeId, (h) => ({ ...h, lateAt: at }));
}

/** The conference with the letter released without the record (the first release stands). */
export function withReleased<C extends Holder>(c: C, attendeeId: string, released: Release): C {
  const held = heldLetterOf(c, attendeeId);
  if (!held || holdLifted(held)) return c;
  return withChange(c, attendeeId, (h) => ({ ...h, released }));
}

/** Held letters whose explanation is still to be recorded. */
export function unexplained(c: Holder): HeldLetter[] {
  return (c.heldLetters ?? []).filter((h) => !h.explained);
}
