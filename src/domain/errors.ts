import type { LondonTimeRefusal } from './calendar/london-time.ts';

/**
 * Typed domain errors. The HTTP layer maps each to a status code in one place
 * (src/channels/web/errors.ts); nothing else decides how an error looks to a user.
 */
export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `attendees.2.email`. */
  field: string;
  message: string;
  /** Why, typed, where a door words it itself (content's issueMessage): `message` is then only the fallback. */
  reason?: IssueReason;
}

/** A London wall time (`text`) the clocks skip or repeat (domain/calendar/london-time.ts). */
export type IssueReason = { kind: 'london-time'; text: string; reading: LondonTimeRefusal };

export class DomainError extends Error {
  override name = 'DomainError';
}

export class ValidationError extends DomainError {
  override name = 'ValidationError';
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(issues.length ? `${message}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}` : message);
  }
}

export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
}

/** The person named may not do this (only the chair approves the decision): 403, nothing changed. */
export class ForbiddenError extends DomainError {
  override name = 'ForbiddenError';
}

export class ConflictError extends DomainError {
  override name = 'ConflictError';
}

/** A conference state as it reads in "This conference is …". */
const STATE_IS: Record<string, string> = {
  draft: 'a draft',
  scheduled: 'scheduled',
  invited: 'scheduled',
  'collecting-reports': 'collecting reports',
  'pre-meeting': 'about to meet',
  'in-session': 'in session',
  decided: 'decided, waiting for the chair’s approval',
  approved: 'approved',
  circulated: 'circulated',
  'follow-up': 'in follow-up',
  closed: 'closed',
  rescheduled: 'rescheduled',
  cancelled: 'cancelled',
  inquorate: 'stopped as inquorate',
};
/** What moving to a state is, as it reads in "so it cannot be …". */
const TO_VERB: Record<string, string> = {
  draft: 'made a draft',
  scheduled: 'confirmed',
  invited: 'invited',
  'collecting-reports': 'collecting reports',
  'pre-meeting': 'moved to before the meeting',
  'in-session': 'started',
  decided: 'decided',
  approved: 'approved',
  circulated: 'circulated',
  'follow-up': 'moved to follow-up',
  closed: 'closed',
  rescheduled: 'rescheduled or postponed',
  cancelled: 'cancelled',
  inquorate: 'stopped as inquorate',
};

/**
 * An action the conference's state does not allow: 409, nothing changed. `from` and `to` are the
 * states (the API returns them); the message says it in words: the state, and why or what cannot
 * be done ("This conference is cancelled, so it cannot be rescheduled or postponed").
 */
export class IllegalTransitionError extends DomainError {
  override name = 'IllegalTransitionError';
  constructor(
    readonly from: string,
    readonly to: string,
    readonly reason?: string,
  ) {
    const is = STATE_IS[from] ?? from;
    super(
      reason
        ? `This conference is ${is}: ${reason}. Nothing was changed.`
        : from === to
          ? `This conference is already ${is}. Nothing was changed.`
          : `This conference is ${is}, so it cannot be ${TO_VERB[to] ?? `moved to "${to}"`}. Nothing was changed.`,
    );
  }
}

/** Turns zod issues into field issues, with paths joined by dots. */
/**
 * zod's issues as fields and messages. Given the input, a field that is simply missing is said as a
 * person would: "required" (with the choices, for a list), not "expected string, received undefined".
 */
export function fieldIssues(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code?: string } & SizeLimit>,
  input?: unknown,
): FieldIssue[] {
  return issues.map((i) => {
    const field = i.path.map(String).join('.') || '(root)';
    const missing =
      input !== undefined &&
      i.path.length > 0 &&
      (i.code === 'invalid_type' || i.code === 'invalid_value') &&
      valueAt(input, i.path) === undefined;
    if (!missing) return { field, message: sizeWords(i) ?? i.message };
    return {
      field,
      message: i.code === 'invalid_value' ? `required: ${i.message.replace(/^Invalid option: /, '')}` : 'required',
    };
  });
}

/** What zod says of a length or a number out of range. */
interface SizeLimit {
  origin?: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
  inclusive?: boolean;
}

/**
 * A length or a number out of range as a person says it ("too long: at most 80 characters", "must be at most 10"),
 * in place of zod's own "Too big: expected string to have <=80 characters" (trial: a chair saw
 * that on the chair's page). A message a schema wrote itself is kept.
 */
function sizeWords(i: { message: string; code?: string } & SizeLimit): string | undefined {
  const big = i.code === 'too_big' && /^Too big:/.test(i.message);
  const small = i.code === 'too_small' && /^Too small:/.test(i.message);
  const n = big ? i.maximum : small ? i.minimum : undefined;
  if (n === undefined) return undefined;
  const open = i.inclusive === false;
  const bound = big ? (open ? 'less than' : 'at most') : open ? 'more than' : 'at least';
  const count = (word: string) => `${bound} ${n} ${word}${Number(n) === 1 ? '' : 's'}`;
  if (i.origin === 'string')
    return small && Number(n) === 1 ? 'must not be empty' : `${big ? 'too long' : 'too short'}: ${count('character')}`;
  if (i.origin === 'array' || i.origin === 'set') return `${big ? 'too many' : 'too few'}: ${count('item')}`;
  if (i.origin === 'number' || i.origin === 'int' || i.origin === 'bigint') return `must be ${bound} ${n}`;
  return undefined;
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Object.prototype.hasOwnProperty.call(v, k) ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  }
  return v;
}
