/** The fields every request body is built from: ids, dates, London instants, text that is printed, email, phone, mobile. */
import { z } from 'zod/v4';
import { unprintable, unprintableMessage } from '../../content/pdf-fonts.ts';
import { ATTENDEE_ID, CHILD_ID } from '../../domain/ids.ts';
import { ukMobile } from '../../domain/texts.ts';
import { readLondonTime } from '../../domain/calendar/london-time.ts';
import { londonTimeMessage } from '../../content/london-time-words.ts';
import { isCalendarDate, parseLondonInstant } from './time.ts';

/** Id fields, shaped as domain/ids.ts says ids are. */
export const attendeeIdField = z.string().regex(ATTENDEE_ID, 'expected an attendee id such as a3');
export const childIdField = z.string().regex(CHILD_ID, 'expected a child id such as c1');

export const calendarDate = z.string().refine(isCalendarDate, { message: 'expected a real date as YYYY-MM-DD' });
export const instant = z.string().superRefine((v, ctx) => {
  if (parseLondonInstant(v) !== undefined) return;
  const r = readLondonTime(v);
  ctx.addIssue({
    code: 'custom',
    message:
      r.kind === 'skipped' || r.kind === 'repeated'
        ? londonTimeMessage(v, r)
        : 'expected a real date-time, e.g. 2027-01-04T10:00 (London time) or with an offset',
  });
});
export const text = (max: number) => z.string().trim().min(1).max(max);
/** Text that is printed in letters and PDFs: refused when the letter font cannot draw it (never printed as boxes). */
export const printed = (max: number) =>
  text(max).superRefine((v, ctx) => {
    const missing = unprintable(v);
    if (missing.length) ctx.addIssue({ code: 'custom', message: unprintableMessage(missing) });
  });
export const email = z.email({ message: 'expected an email address' }).max(254);
export const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{6,20}$/, 'expected a phone number');

/** A UK mobile number in any usual form, kept as +447…. */
export const mobileField = z
  .string()
  .trim()
  .max(30)
  .refine((v) => ukMobile(v) !== undefined, { message: 'expected a UK mobile number such as 07700 900123' })
  .transform((v) => ukMobile(v)!);

/** Who did it, as a request names them. */
export const actor = text(120);
