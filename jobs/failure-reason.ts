/**
 * What BullMQ keeps of a failed attempt: it stores the thrown error's `message` as the job's
 * `failedReason` (also in its events stream) and its `stack` in `stacktrace`, as plain text in
 * Redis. A mail server's refusal quotes the recipient's address, which can carry a family name.
 * So before BullMQ sees the error its message is redacted and encrypted, and the stack keeps only
 * its frames. The error object itself is changed in place: its class decides whether BullMQ
 * retries (UnrecoverableError does not; SendInProgressError does).
 */
import { redactPersonalData } from '../src/infra/redact.ts';
import { DataCipher } from '../src/infra/data-cipher.ts';

/** The redacted, readable reason of an error already sealed by `sealFailure`. */
const readable = new WeakMap<Error, string>();

/** The error to throw to BullMQ: the given one (changed in place) or, for a non-Error, a new Error. */
export function sealFailure(thrown: unknown, cipher: DataCipher | undefined): Error {
  const err = thrown instanceof Error ? thrown : new Error(String(thrown));
  if (readable.has(err)) return err;
  const reason = redactPersonalData(err.message).slice(0, 1_000);
  const frames = err.stack?.indexOf('\n    at ') ?? -1;
  err.message = cipher ? cipher.encrypt(reason) : reason;
  // The first lines of a stack repeat the message; the frames name only our code and libraries.
  err.stack = `${err.name}: (reason withheld from the stack)${frames >= 0 ? err.stack!.slice(frames) : ''}`;
  readable.set(err, reason);
  return err;
}

/** The readable (redacted) reason of a sealed error, for the log; any other error's message, redacted. */
export function failureReasonForLog(err: Error): string {
  return readable.get(err) ?? redactPersonalData(err.message);
}

/**
 * A stored `failedReason` as a coordinator may see it: decrypted when it is an envelope, else as
 * stored (a reason written before this, or one BullMQ wrote itself, e.g. a stalled job), redacted.
 */
export function readFailureReason(stored: string | undefined | null, cipher: DataCipher | undefined): string {
  if (!stored) return '';
  if (!DataCipher.isEnvelope(stored)) return redactPersonalData(stored);
  if (!cipher) return '(reason encrypted)';
  try {
    return redactPersonalData(cipher.decrypt(stored));
  } catch {
    return '(reason could not be decrypted with this DATA_ENCRYPTION_KEY)';
  }
}
