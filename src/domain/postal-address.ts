/**
 * What GOV.UK Notify's printer refuses in an address, beyond fitting the envelope window (the size
 * check is content/letter-layout.ts `fitAddress`): checked when the address is given, so a letter
 * is never refused days later for it. Letters go first or second class, so UK addresses only.
 */

/** UK postcodes in the Royal Mail format, plus BFPO and GIR 0AA. */
const UK_POSTCODE = /^(?:[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|GIR ?0AA|BFPO ?\d{1,4})$/i;
const BAD_START = /^[@()=[\]"\\/,<>]/;

export interface AddressIssue {
  /** Index of the line at fault. */
  line: number;
  message: string;
}

export function postalAddressIssues(lines: readonly string[]): AddressIssue[] {
  const issues: AddressIssue[] = [];
  lines.forEach((l, line) => {
    if (BAD_START.test(l.trim()))
      issues.push({ line, message: 'the printer refuses a line starting with @ ( ) = [ ] " \\ / , < or >' });
  });
  const last = lines.at(-1)?.trim() ?? '';
  if (lines.length && !UK_POSTCODE.test(last))
    issues.push({ line: lines.length - 1, message: 'the last line must be a UK postcode, such as SW1A 2AA' });
  return issues;
}
