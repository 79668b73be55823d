/**
 * Typed domain errors. The HTTP layer maps each to a status code in one place
 * (src/channels/web/errors.ts); nothing else decides how an error looks to a user.
 */
export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `attendees.2.email`. */
  field: string;
  message: string;
}

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

export class ConflictError extends DomainError {
  override name = 'ConflictError';
}

export class IllegalTransitionError extends DomainError {
  override name = 'IllegalTransitionError';
  constructor(
    readonly from: string,
    readonly to: string,
    readonly reason?: string,
  ) {
    super(`A conference in state "${from}" cannot move to "${to}"${reason ? `: ${reason}` : ''}`);
  }
}

/** Turns zod issues into field issues, with paths joined by dots. */
export function fieldIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): FieldIssue[] {
  return issues.map((i) => ({ field: i.path.map(String).join('.') || '(root)', message: i.message }));
}
