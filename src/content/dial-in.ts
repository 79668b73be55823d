/**
 * A dial-in as people read it and as a phone dials it. The `tel:` URI dials the number, waits
 * (each comma is a pause of about two seconds) and types the PIN and `#` (`%23`), so one tap joins:
 * `tel:+442079460000,,425966%23`. Links, cards and calendar CONFERENCE properties all use it.
 */
import type { MeetingDetails } from '../domain/conference-parts.ts';
import { e164, pinDigits } from '../domain/dial-in.ts';

type DialIn = MeetingDetails['dialIn'][number];

const REGIONS = new Intl.DisplayNames(['en-GB'], { type: 'region' });

/** Providers give ISO region codes ("GB"); people read "United Kingdom". */
export function regionName(region: string): string {
  if (!/^[A-Z]{2}$/i.test(region)) return region;
  try {
    return REGIONS.of(region.toUpperCase()) ?? region;
  } catch {
    return region;
  }
}

/** `tel:+442079460000,,425966%23`, or without the PIN part where there is none; undefined for a number a phone cannot dial as written. */
export function dialInTelUri(d: Pick<DialIn, 'number' | 'pin'>): string | undefined {
  const number = e164(d.number);
  if (!number) return undefined;
  const pin = d.pin ? pinDigits(d.pin) : undefined;
  return pin ? `tel:${number},,${pin}%23` : `tel:${number}`;
}

/** "+44 20 7946 0000 (United Kingdom), then PIN 425966 followed by #": the number and PIN as a person dials them. */
export function dialInLine(d: DialIn): string {
  const where = d.region ? ` (${regionName(d.region)})` : '';
  // A provider's PIN may already end with the # (Meet writes "123 456 789#"): shown as given.
  const given = d.pin.trim();
  const pin = given ? `, then PIN ${given}${given.endsWith('#') ? '' : ' followed by #'}` : '';
  return `${d.number}${where}${pin}`;
}

export function dialInLines(meeting: MeetingDetails | undefined): string[] {
  return (meeting?.dialIn ?? []).map(dialInLine);
}

/** Each dial-in as a line to read and, where a phone can dial it, the tel: link that does. */
export function dialInEntries(meeting: MeetingDetails | undefined): { text: string; href?: string }[] {
  return (meeting?.dialIn ?? []).map((d) => {
    const href = dialInTelUri(d);
    return { text: dialInLine(d), ...(href ? { href } : {}) };
  });
}
