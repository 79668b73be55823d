/**
 * A conference moved to a later date: the report request its authors already have (its upload link
 * and its reply address) keeps working until the new meeting. Before, both died at the old
 * meeting's end ("This link has expired"; a 550 telling them to reply to the newest email, the
 * updated invitation, which says not to reply to it), though nothing newer had been sent. The same
 * for the reply code in a letter posted before the move: it was kept only to its own expiry (the
 * old meeting's end), so Marcus could not use it after the old date; a removed attendee's code is
 * still refused.
 */
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { hardCopyPdf } from '../../src/app/post-and-texts/hard-copies.ts';
import { PageClient, csrfOf } from '../helpers/pages.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { redisUrl } from '../helpers/redis.ts';
import { sendInbound, startedServices } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';
import { text, subject, mailTo, view, REPORT, book, reschedule } from '../helpers/moved-conference.ts';

const start = startedServices();
const POLICE = 'police@police.example.uk';

describe('a conference moved to a later date', () => {
  it('keeps the report request’s upload link and reply address working after the old date', async () => {
    const s = await start();
    const c = await book(s);
    const request = mailTo(s, POLICE).find((m) => subject(m).startsWith('Report request'))!;
    const replyTo = request.parsed.replyTo!.value[0]!.address!;
    const upload = /http:\/\/\S+\/l\/[A-Za-z0-9_.-]+/.exec(text(request))![0];
    await reschedule(s, c.id);

    // The old meeting (Mon 4 Jan 2027) has gone by; the new one is on 1 February.
    await s.advanceTo('2027-01-06T12:00');
    const page = await fetch(upload.replace(/^http:\/\/[^/]+/, s.url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Send your report');

    await sendInbound(s, {
      from: `Pat Police <${POLICE}>`,
      to: replyTo,
      subject: `RE: ${subject(request)}`,
      text: REPORT,
    });
    const thanks = await until('the thank-you', () =>
      mailTo(s, POLICE).find((m) => subject(m).startsWith('Report received')),
    );
    expect(text(thanks)).toContain('we received your report on Wednesday 6 January 2027');
    const police = (await view(s, c.id)).attendees.find((a: any) => a.email === POLICE);
    expect(police.report.status).toBe('received');

    // Once the new meeting's time has gone by, the old link has expired like any other.
    await s.advanceTo('2027-02-02T09:00');
    const late = await fetch(upload.replace(/^http:\/\/[^/]+/, s.url));
    expect(late.status).toBe(410);
    expect(await late.text()).toContain('This link has expired');
  });

  it('keeps the reply code in a letter posted before the move working after the old date, not a removed attendee’s', async () => {
    const s = await start();
    const c = await book(s);
    const marcus = ((await view(s, c.id)).attendees as { id: string; role: string; email?: string }[]).find(
      (a) => a.role === 'parent' && !a.email,
    )!;
    const copy = ((await view(s, c.id)).hardCopies as { blobId: string; attendeeId: string; document: string }[]).find(
      (h) => h.attendeeId === marcus.id && h.document === 'invitation',
    )!;
    const letter = pdfText((await hardCopyPdf(s.rt.deps, c.id, copy.blobId)).data);
    const code = /Your code: ([2-9A-Z]{4}-[2-9A-Z]{4})/.exec(letter)![1]!;
    await reschedule(s, c.id);

    // Kept as long as the link it stands for now works: until the new meeting's end, not the old one's.
    const redis = new Redis(redisUrl());
    const left = await redis.pttl(`${s.prefix}:reply-code:${code.replace('-', '')}`);
    await redis.quit();
    expect(left).toBeGreaterThanOrEqual(Date.parse('2027-02-01T12:00:00Z') - s.rt.clock.now().getTime() - 60_000);

    await s.advanceTo('2027-01-06T12:00');
    const client = new PageClient(s.url);
    const form = await client.get('/r');
    const opened = await client.post('/r', { code, _csrf: csrfOf(form.text) });
    expect(opened.status, opened.text).toBe(303);
    expect((await client.get(opened.location!)).text).toContain('Monday 1 February 2027');

    const removed = await s.api('POST', `/api/conferences/${c.id}/attendees/${marcus.id}/remove`, {
      reason: 'Not involved after all',
      requestedBy: 'coordinator',
    });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    const refused = await client.post('/r', { code, _csrf: csrfOf(form.text) });
    expect(refused.status).toBe(404);
    expect(refused.text).toContain('We do not recognise this code');
  });
});
