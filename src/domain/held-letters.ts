/**
 * A parent's decision letter held until someone has told them: a parent who was not at the meeting
 * (where the policy asks for a visit) or who was asked to leave part of it. The letter waits until
 * the chair or the social worker records that they explained the decision (and, for a part the
 * parent left, why) and how the parent could give their view. If nobody records it by the hold
 * time, the policy's fallback sends the letter and leaves a visible task (the chair and the
 * coordinator are told, and the worklist shows it) until it is recorded. Pure.
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
  /** When the policy's fallback sends it if nothing is recorded. */
  heldUntil: IsoInstant;
  explained?: Explanation;
  /** The fallback: the letter went at `heldUntil` with no explanation recorded. */
  sentUnexplainedAt?: IsoInstant;
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

/** The conference with the fallback recorded: the letter went without an explanation. */
export function withSentUnexplained<C extends Holder>(c: C, attendeeId: string, at: IsoInstant): C {
  const held = heldLetterOf(c, attendeeId);
  if (!held || held.explained || held.sentUnexplainedAt) return c;
  return {
    ...c,
    heldLetters: (c.heldLetters ?? []).map((h) => (h.attendeeId === attendeeId ? { ...h, sentUnexplainedAt: at } : h)),
  };
}

/** Held letters whose explanation is still to be recorded. */
export function unexplained(c: Holder): HeldLetter[] {
  return (c.heldLetters ?? []).filter((h) => !h.explained);
}
