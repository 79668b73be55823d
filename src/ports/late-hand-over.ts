/**
 * A message whose hand-over deadline (`OutgoingEmail.handOverBy`) passed before the mailer had a
 * connection free for it: nothing was sent. The send's claim in the ledger is then too old to trust
 * (another attempt may hold it by now), so the caller leaves it to run out instead of sending.
 */
export class LateHandOverError extends Error {
  override name = 'LateHandOverError';
}
