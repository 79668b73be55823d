/**
 * Joining by phone, in a letter by post. Trial finding (a father whose letters go by post only, a
 * blended conference with a Teams meeting): his printed invitation said "Call one of these numbers and
 * type the PIN when asked (on a mobile, tap the number: it dials the PIN for you)", words for an email,
 * not for paper, where nothing can be tapped. Letters on paper (the conference invitation, and a core
 * group invitation) now say only to call and type the PIN; the email keeps the tap.
 */
import { describe, expect, it } from 'vitest';
import { byRole, decidedConference } from '../helpers/decision-flow.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { TEST_API_KEY, hackneyInitialBody, startedServices } from '../helpers/service.ts';

const start = startedServices();
const TAP = 'tap the number';
const CALL = 'Call one of these numbers and type the PIN when asked';

describe('the phone numbers in a letter by post', () => {
  it('say to call and type the PIN, never to tap the number', { timeout: 90_000 }, async () => {
    const s = await start();
    const pdfOf = async (id: string, blobId: string) =>
      pdfText(
        Buffer.from(
          await (
            await fetch(`${s.url}/api/conferences/${id}/hard-copies/${blobId}`, {
              headers: { authorization: `Bearer ${TEST_API_KEY}` },
            })
          ).arrayBuffer(),
        ),
      );
    const body = hackneyInitialBody();
    const created = await s.api('POST', '/api/conferences', body);
    expect(created.status).toBe(201);
    await s.idle();
    const c = created.body;
    const marcus = c.attendees.find((a: any) => a.role === 'parent' && !a.email)!;
    const letters = async () => (await s.api('GET', `/api/conferences/${c.id}`)).body.hardCopies as any[];
    const invitation = (await letters()).find((h) => h.document === 'invitation' && h.attendeeId === marcus.id);
    const onPaper = await pdfOf(c.id, invitation.blobId);
    expect(onPaper).toContain('+44 20 7946 0000');
    expect(onPaper).toContain(CALL);
    expect(onPaper).not.toContain(TAP);
    // The email keeps it: a phone can dial the link.
    const jade = s.smtp.messages.find(
      (m) => m.envelopeTo.includes('jade@family.example.com') && (m.parsed.subject ?? '').includes(c.reference),
    )!;
    expect(jade.parsed.text).toContain(TAP);

    // His core group invitation by post, booked at the conference.
    const sw = byRole(c, 'social-worker');
    await decidedConference(s, {
      conference: c,
      meeting: {
        at: '2027-01-04T10:00',
        decideAt: '2027-01-04T11:45',
        decision: {
          coreGroup: [sw.id, marcus.id, byRole(c, 'parent').id],
          firstCoreGroup: { startsAt: '2027-01-11T10:00', mode: 'virtual', chairAttendeeId: sw.id },
        },
      },
      approvedBy: 'chair',
    });
    const coreGroup = (await letters()).find((h) => h.document === 'core-group-cg1' && h.attendeeId === marcus.id);
    expect(coreGroup, JSON.stringify(await letters())).toBeDefined();
    const cgPaper = await pdfOf(c.id, coreGroup.blobId);
    expect(cgPaper).toContain(CALL);
    expect(cgPaper).not.toContain(TAP);
  });
});
