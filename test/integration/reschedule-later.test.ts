/**
 * A conference moved to a later date, as an author whose report is already in sees it: the updated
 * invitation thanks them for it and gives the new deadline for an update. Before, it asked them to
 * "send a written report by" the old deadline, a date that had gone by.
 */
import { describe, expect, it } from 'vitest';
import { sendInbound, startedServices } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';
import { text, subject, mailTo, view, REPORT, book, reschedule } from '../helpers/moved-conference.ts';

const start = startedServices();
const POLICE = 'police@police.example.uk';
const HEALTH = 'hv@nhs.example.org';

describe('a conference moved to a later date', () => {
  it('does not ask an author whose report is in to send it by the old deadline', async () => {
    const s = await start();
    const c = await book(s);
    const request = mailTo(s, HEALTH).find((m) => subject(m).startsWith('Report request'))!;
    await sendInbound(s, {
      from: `Hana Health <${HEALTH}>`,
      to: request.parsed.replyTo!.value[0]!.address!,
      subject: `RE: ${subject(request)}`,
      text: REPORT,
    });
    await until('the report filed', async () => {
      const v = await view(s, c.id);
      return v.attendees.find((a: any) => a.email === HEALTH).report.status === 'received';
    });
    const mark = s.smtp.messages.length;
    await reschedule(s, c.id);

    const updated = s.smtp.messages
      .slice(mark)
      .find((m) => m.envelopeTo.includes(HEALTH) && subject(m).includes('updated invitation'))!;
    expect(updated, 'the health visitor’s updated invitation').toBeDefined();
    // Hackney's reports are due 3 working days before: the old deadline was Tue 29 December 2026.
    expect(text(updated)).not.toContain('29 December 2026');
    expect(text(updated)).not.toContain('Please send a written report');
    expect(text(updated)).toContain('We have your report, received Tuesday 1 December 2026 at 09:00');
    // The police officer's report is still to come: their invitation gives the new deadline.
    const police = s.smtp.messages
      .slice(mark)
      .find((m) => m.envelopeTo.includes(POLICE) && subject(m).includes('updated invitation'))!;
    expect(text(police)).toContain('Please send a written report by Wednesday 27 January 2027 at 17:00');
  });
});
