/**
 * Text reminders to family members who asked for them: which kinds there are, and what a UK mobile
 * number is. The words themselves are GOV.UK Notify templates named in configuration; a text carries
 * only the reference, a date and a time (no names, nothing sensitive).
 */

/** When a text goes: the invitation, the working day before, a time change, a cancellation, the decision letter. */
export const TEXT_KINDS = ['invitation', 'day-before', 'changed', 'cancelled', 'decision-ready'] as const;
export type TextKind = (typeof TEXT_KINDS)[number];

/**
 * A UK mobile number in the international form Notify stores (`+447700900123`), or undefined when
 * `raw` is not one. Accepts `07…`, `447…`, `+447…` and `0044 7…`, with spaces, dashes or brackets.
 */
export function ukMobile(raw: string): string | undefined {
  const compact = raw.replace(/[\s()-]/g, '');
  const m = /^(?:\+44|0044|44|0)(7\d{9})$/.exec(compact);
  return m ? `+44${m[1]}` : undefined;
}

/** The same number, whatever form Notify reports it in (`447700900123` in a received text). */
export function sameMobile(a: string, b: string): boolean {
  const x = ukMobile(a);
  return x !== undefined && x === ukMobile(b);
}
