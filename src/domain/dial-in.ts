/**
 * What a dial-in number and PIN must be for a phone to dial them in one tap: an international
 * number (E.164: a plus, a country code, at most 15 digits; spaces, hyphens, dots and brackets
 * between digit groups are only for reading) and a PIN of digits.
 */

/** `+44 20 7946 0000` → `+442079460000`; undefined for anything a phone could not dial as written (a letter, no country code). */
export function e164(number: string): string | undefined {
  const compact = number.trim().replace(/[\s().-]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(compact) ? compact : undefined;
}

/** The digits of a PIN as a keypad types them (`425 966#` → `425966`); undefined when it has anything but digits. */
export function pinDigits(pin: string): string | undefined {
  const compact = pin.trim().replace(/\s/g, '').replace(/#$/, '');
  return /^\d{1,20}$/.test(compact) ? compact : undefined;
}

export const E164_HINT =
  'expected an international phone number in E.164 form, such as +442079460000 (spaces between digit groups are allowed)';
export const PIN_HINT = 'expected digits only, as typed on a phone keypad, such as 425966';
