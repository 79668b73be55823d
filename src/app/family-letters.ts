import { DateTime } from 'luxon';
import { renderLetterPdf } from '../channels/email/pdf-letter.ts';
import type { RenderedEmail } from '../channels/email/templates/layout.ts';
import type { Attendee, Conference } from '../domain/conference.ts';
import type { AppDeps } from './deps.ts';
import { deliverEmail, recordManualDelivery } from './deliver.ts';
import { queueHardCopy } from './hard-copies.ts';
import { toLondonIso } from './time.ts';

/**
 * A family member who asked for post, or to be reached through the social worker, gets the same
 * plain-language words as a printable letter: on the hard-copy queue (print by the end of the next
 * working day, so it arrives before the meeting), or emailed to the social worker to hand over.
 */
export async function sendFamilyLetter(deps: AppDeps, c: Conference, a: Attendee, step: string, document: string, rendered: RenderedEmail): Promise<void> {
  const policy = deps.policies.get(c.policyId);
  const pdf = await renderLetterPdf({
    title: rendered.subject,
    paragraphs: rendered.text.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean),
    reference: c.reference,
    dateLine: DateTime.fromJSDate(deps.clock.now(), { zone: 'Europe/London' }).toFormat('d LLLL yyyy'),
    largePrint: a.accessibilityNeeds.includes('large-print'),
    // In the envelope window only when it goes by post; a letter handed over by the social worker needs none.
    ...(a.contactPreference === 'post' && a.postalAddress ? { addressLines: a.postalAddress } : {}),
  });
  if (a.contactPreference === 'post') {
    const now = deps.clock.now();
    const today = DateTime.fromJSDate(now, { zone: 'Europe/London' }).toISODate()!;
    const [h, m] = policy.endOfWorkingDay.split(':').map(Number) as [number, number];
    const due = toLondonIso(DateTime.fromISO(deps.calendar.addWorkingDays(today, 1), { zone: 'Europe/London' }).set({ hour: h, minute: m }));
    await queueHardCopy(deps, c, a, document, pdf, due);
    await recordManualDelivery(deps, c, { step, recipient: a.id, channel: 'post', note: 'letter-queued' });
    return;
  }
  const sw = c.attendees.find((x) => x.role === 'social-worker' && x.email);
  if (!sw?.email) {
    // Nobody to hand it over: it goes to the print queue so the coordinator sees it.
    await queueHardCopy(deps, c, a, document, pdf);
    await recordManualDelivery(deps, c, { step, recipient: a.id, channel: 'post', note: 'no-social-worker-letter-queued' });
    return;
  }
  const text =
    `${c.reference}: ${a.name} (${a.role}) asked to be contacted through you. Please give them the attached letter ` +
    `in person and talk it through with them. The letter is in plain language; it contains no confidential sections.`;
  await deliverEmail(deps, c, {
    step: `${step}-via-sw`,
    recipient: a.id,
    message: {
      to: sw.email,
      from: { name: policy.sender.name, address: policy.sender.address },
      subject: `${c.reference}: a letter to hand to a family member`,
      text,
      html: `<p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`,
      attachments: [{ filename: `${c.reference}-${document}.pdf`, content: pdf, contentType: 'application/pdf' }],
    },
  });
  await recordManualDelivery(deps, c, { step, recipient: a.id, channel: 'via-social-worker', note: 'letter-sent-to-social-worker' });
}
