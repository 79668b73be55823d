/**
 * Takes what is clearly personal out of free text that leaves our control as plain text: error
 * messages kept by the job queue, log lines. A mail server's refusal quotes the recipient
 * (`550 5.1.1 <jane.smith@example.org>: Recipient address rejected`) and addresses carry family
 * names; a display name may come with it (`"Jane Smith" <…>`), and a phone number may turn up in
 * a provider's message. The rest of the text is kept: the status code and reason are what a
 * coordinator needs to act on a failure.
 */

/** Replaces an email address (the whole of it: a domain can be a family's own). */
export const REDACTED_EMAIL = '[email]';
export const REDACTED_NAME = '[name]';
export const REDACTED_PHONE = '[phone]';

// Local part: dot-atoms (Unicode allowed) or a quoted string; domain: labels ending in one that
// starts with a letter (so `package@1.2.3` is left alone), or an address literal. `%40` is the
// percent-encoded `@` found in URLs.
// ('/' and '?' are left out, though RFC 5322 allows them: they are rare in addresses and common
// in URLs around one.)
const ATEXT = "[\\p{L}\\p{N}!#$%&'*+=^_`{|}~-]";
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?';
const EMAIL = new RegExp(
  `(?:"[^"\\r\\n]{0,128}"|${ATEXT}+(?:\\.${ATEXT}+)*)(?:@|%40)(?:\\[[^\\]\\s]{1,64}\\]|(?:${LABEL}\\.)*\\p{L}(?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?)`,
  'gu',
);
// `"Jane Smith" <[email]>` or `Jane Smith <[email]>`: the display name in front of a redacted address.
const DISPLAY_NAME = /(?:"[^"\r\n]{1,128}"|\p{Lu}[\p{L}'’.-]*(?:[ \t]+\p{Lu}[\p{L}'’.-]*){0,4})[ \t]*<\[email\]>/gu;
// Phone numbers in UK or international form: +44 20 7946 0018, +44 (0)20 7946 0018, 020 7946 0018,
// (020) 7946-0018, 07700 900123. A leading + or 0 and 10–15 digits in all, not inside a longer
// token, so ids, ISO times, ports and IP addresses are left alone.
const PHONE =
  /(?<![\p{L}\p{N}_+.:/-])(?:\+\d{1,3}(?:[ \t]?\(0\))?|\(0\d{1,5}\)|0\d{1,5})(?:[ \t.-]?\d{2,5}){1,4}(?![\p{L}\p{N}_:]|[.-]\d)/gu;
const digits = (s: string): number => s.replace(/\D/g, '').length;

/** The text with email addresses, a display name in front of one, and phone numbers replaced. */
export function redactPersonalData(text: string): string {
  if (!text) return text;
  return text
    .replace(EMAIL, REDACTED_EMAIL)
    .replace(DISPLAY_NAME, `${REDACTED_NAME} <${REDACTED_EMAIL}>`)
    .replace(PHONE, (m) => (digits(m) >= 10 && digits(m) <= 15 ? REDACTED_PHONE : m));
}

/**
 * A copy of log fields with `redactPersonalData` applied to every string, down to a few levels:
 * a safety net under the rule that callers log ids only (a `reason` or `response` from a mail or
 * meeting provider is outside the caller's control).
 */
export function redactFields<T>(value: T, depth = 4): T {
  if (typeof value === 'string') return redactPersonalData(value) as T;
  if (depth <= 0 || value === null || typeof value !== 'object' || value instanceof Date || value instanceof Error)
    return value;
  if (Array.isArray(value)) return value.map((v) => redactFields(v, depth - 1)) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactFields(v, depth - 1)])) as T;
}
