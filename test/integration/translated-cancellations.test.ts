/**
 * The letters that take a meeting away, in a family member's language only from a reviewed
 * translation (issue 19, item 2), through the running service with the example policy
 * (policies/example-custom.yaml, whose Polish cancellation, withdrawal and core group cancellation are
 * marked as examples): a Polish-speaking carer removed from the conference gets the reviewed Polish
 * withdrawal; when the conference is postponed the Polish mother by email and father by post get the
 * reviewed Polish cancellation with its "a new date will follow" notice first, then the English
 * letter, tagged as Polish with the English part as English (email and PDF); a cancelled core group
 * reaches them in Polish too, and a conference cancelled outright says so without the notice. A
 * carer who reads Portuguese (no reviewed letters) gets English only, and the coordinator and the
 * chair are told once per conference, not again with each cancellation. No names in any subject.
 */
import { describe, expect, it } from 'vitest';
import { byRole, create, holdMeeting, settle } from '../helpers/decision-flow.ts';
import { pdfLanguages, pdfText } from '../helpers/pdf-text.ts';
import { until } from '../helpers/wait.ts';
import { TEST_API_KEY, hackneyInitialBody, startedServices } from '../helpers/service.ts';

const start = startedServices();
const flat = (s: string | false | undefined) => (s || '').replace(/\s+/g, ' ');
const NAMES = /Jade|Marcus|Carla|Paula|Testfamily|Ruby|Leo/;
/** Tagged as Polish, the English letter after it as English. */
const POLISH_PDF = { document: 'pl', parts: [{ tag: 'Sect', lang: 'en-GB' }] };

/** The riverside fixture: Jade (email) and Marcus (post) read Polish, Paula (a carer) polski, Carla Portuguese. */
function body(startsAt: string) {
  const base = hackneyInitialBody({ policy: 'riverside', startsAt });
  const attendees = (base.attendees as Record<string, unknown>[]).map((a) =>
    a['email'] === 'jade@family.example.com'
      ? { ...a, language: 'Polish' }
      : a['name'] === 'Marcus Testfamily'
        ? { ...a, language: 'pl' }
        : a,
  );
  attendees.push(
    {
      name: 'Carla Carer',
      email: 'carla@family.example.com',
      role: 'carer',
      contactPreference: 'email',
      language: 'Portuguese',
    },
    {
      name: 'Paula Carer',
      email: 'paula@family.example.com',
      role: 'carer',
      contactPreference: 'email',
      language: 'polski',
    },
  );
  return { ...base, attendees };
}

describe('reviewed translations of the letters that cancel or withdraw', () => {
  it(
    'a Polish-speaking parent gets the reviewed withdrawal, cancellation and core group cancellation; Portuguese gets English and one note',
    { timeout: 180_000 },
    async () => {
      const s = await start({ POLICY_FILE: 'policies/example-custom.yaml' });
      const to = (address: string, subject: RegExp) =>
        s.smtp.messages.filter((m) => m.envelopeTo.includes(address) && subject.test(m.parsed.subject ?? ''));
      const one = (address: string, subject: RegExp) =>
        until(`${address}: ${subject}`, () => to(address, subject)[0], 20_000);
      const c = await create(s, body('2027-01-04T10:00'));
      await settle(s);
      const base = `/api/conferences/${c.id}`;
      const marcus = c.attendees.find((a) => a.role === 'parent' && !a.email)!;
      const paula = c.attendees.find((a) => a.email === 'paula@family.example.com')!;
      const letters = async (c2: { id: string }, document: string) =>
        (await s.api('GET', `/api/conferences/${c2.id}`)).body.hardCopies.filter(
          (h: any) => h.attendeeId === marcus.id && h.document === document,
        );
      const printed = async (c2: { id: string }, document: string) => {
        for (const h of await letters(c2, document))
          expect((await s.api('POST', `/api/conferences/${c2.id}/hard-copies/${h.blobId}/printed`, {})).status).toBe(
            200,
          );
      };
      const pdf = async (c2: { id: string }, document: string, n: number) => {
        const copy = await until(`letter ${n} of ${document}`, async () => (await letters(c2, document))[n]);
        const res = await fetch(`${s.url}/api/conferences/${c2.id}/hard-copies/${copy.blobId}`, {
          headers: { authorization: `Bearer ${TEST_API_KEY}` },
        });
        return Buffer.from(await res.arrayBuffer());
      };
      const notes = () =>
        s.smtp.messages.filter((m) => /translation or interpreter needed/.test(m.parsed.subject ?? ''));
      // Four family members who read another language, the coordinator and the chair told of each.
      expect(notes()).toHaveLength(8);
      const noted = notes()
        .map((m) => flat(m.parsed.text))
        .join('\n');
      expect(noted).toContain(
        "The invitation, the decision letter, the minutes' covering letter, core group invitations, the letter if the conference is cancelled or postponed, the letter if their own invitation is withdrawn and core group cancellations go in Polish",
      );
      expect(noted).toContain('The Riverside policy has no reviewed Portuguese letters');

      // Paula is removed: the reviewed Polish withdrawal, then the English letter, tagged as Polish.
      const removed = await s.api('POST', `${base}/attendees/${paula.id}/remove`, {
        reason: 'no longer caring for the children',
        requestedBy: 'Coordinator Cole',
      });
      expect(removed.status, JSON.stringify(removed.body)).toBe(200);
      await settle(s);
      const withdrawal = await one('paula@family.example.com', /^Nie musi/);
      expect(withdrawal.parsed.subject).toBe(
        `Nie musi Pani/Pan przychodzić na spotkanie w dniu poniedziałek 4 stycznia 2027 (numer sprawy ${c.reference})`,
      );
      const wt = flat(withdrawal.parsed.text);
      expect(wt).toContain(
        'Nie musi Pani/Pan przychodzić na spotkanie w sprawie ochrony dziecka (konferencję) w dniu poniedziałek 4 stycznia 2027 o godzinie 10:00.',
      );
      expect(wt.indexOf('Ten sam list po angielsku')).toBeLessThan(
        wt.indexOf('You no longer need to come to the meeting on Monday 4 January 2027'),
      );
      expect(wt).not.toContain('no longer caring');
      expect(String(withdrawal.parsed.html)).toContain('<html lang="pl">');
      expect(String(withdrawal.parsed.html)).toContain('<div lang="en-GB">');
      expect(withdrawal.raw.toString()).toContain('METHOD:CANCEL');

      // Postponed: the Polish cancellation says first that a new date will follow; Marcus's printed
      // invitation gets the same on paper; Carla (Portuguese) gets the English letter only.
      await printed(c, 'invitation');
      const postponed = await s.api('POST', `${base}/postpone`, {
        reason: 'The chair is unwell',
        requestedBy: 'Coordinator Cole',
      });
      expect(postponed.status, JSON.stringify(postponed.body)).toBe(200);
      await settle(s);
      const cancellation = await one('jade@family.example.com', /zostało odwołane/);
      expect(cancellation.parsed.subject).toBe(
        `Spotkanie w dniu poniedziałek 4 stycznia 2027 zostało odwołane (numer sprawy ${c.reference})`,
      );
      const ct = flat(cancellation.parsed.text);
      expect(ct).toContain('Spotkanie zostało przełożone. Napiszemy do Pani/Pana, podając nową datę i godzinę.');
      expect(ct).toContain(
        'Spotkanie w sprawie ochrony dziecka (konferencja) w dniu poniedziałek 4 stycznia 2027 o godzinie 10:00 nie odbędzie się.',
      );
      expect(ct.indexOf('Spotkanie zostało przełożone')).toBeLessThan(ct.indexOf('Ten sam list po angielsku'));
      expect(ct.indexOf('Ten sam list po angielsku')).toBeLessThan(
        ct.indexOf('We will write to you with the new date and time.'),
      );
      expect(String(cancellation.parsed.html)).toContain('<html lang="pl">');
      const onPaper = await pdf(c, 'cancellation', 0);
      const paperText = pdfText(onPaper);
      expect(paperText).toContain('Spotkanie zostało przełożone.');
      expect(paperText).toContain('We will write to you with the new date and time.');
      expect(pdfLanguages(onPaper)).toEqual(POLISH_PDF);
      const carla = await one('carla@family.example.com', /is cancelled/);
      expect(carla.parsed.subject).toBe(`Your meeting on Mon 4 Jan 2027 is cancelled (reference ${c.reference})`);
      expect(flat(carla.parsed.text)).toContain('We will write to you with the new date and time.');
      expect(flat(carla.parsed.text)).not.toMatch(/Spotkanie|Ten sam list/);
      expect(String(carla.parsed.html)).toContain('<html lang="en-GB">');

      // A new date, the meeting, the decision with a first core group, which is then cancelled.
      const moved = await s.api('POST', `${base}/reschedule`, {
        startsAt: '2027-01-11T10:00',
        reason: 'New date',
        requestedBy: 'Coordinator Cole',
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      await settle(s);
      // Paula is no longer in it.
      await holdMeeting(
        s,
        { ...c, attendees: c.attendees.filter((a) => a.id !== paula.id) },
        {
          at: '2027-01-11T10:30',
          decision: {
            coreGroup: [
              byRole(c, 'social-worker').id,
              ...c.attendees.filter((a) => a.role === 'parent').map((a) => a.id),
            ],
            firstCoreGroup: {
              startsAt: '2027-01-18T14:00',
              durationMinutes: 60,
              mode: 'virtual',
              chairAttendeeId: byRole(c, 'social-worker').id,
            },
          },
        },
      );
      expect((await s.api('POST', `${base}/decision/approve`, {})).status).toBe(200);
      await settle(s);
      await one('jade@family.example.com', /^Zaproszenie na spotkanie grupy/);
      const cg = (await s.api('GET', base)).body.coreGroups[0].id as string;
      await until('the core group letter to print', async () => (await letters(c, `core-group-${cg}`)).length > 0);
      await printed(c, `core-group-${cg}`);
      expect((await s.api('POST', `${base}/core-groups/${cg}/cancel`, { reason: 'chair unwell' })).status).toBe(200);
      await settle(s);
      const cgCancel = await one('jade@family.example.com', /^Spotkanie grupy podstawowej/);
      expect(cgCancel.parsed.subject).toBe(
        `Spotkanie grupy podstawowej zostało odwołane (numer sprawy ${c.reference})`,
      );
      const gt = flat(cgCancel.parsed.text);
      expect(gt).toContain(
        'Spotkanie grupy podstawowej w dniu poniedziałek 18 stycznia 2027 o godzinie 14:00 zostało odwołane.',
      );
      expect(gt.indexOf('Ten sam list po angielsku')).toBeLessThan(gt.indexOf('is cancelled.'));
      expect(String(cgCancel.parsed.html)).toContain('<html lang="pl">');
      expect(cgCancel.raw.toString()).toContain('METHOD:CANCEL');
      const cgPaper = await pdf(c, `core-group-${cg}`, 1);
      expect(pdfText(cgPaper)).toContain('Pracownik socjalny powie Pani/Panu, kiedy odbędzie się następne spotkanie.');
      expect(pdfLanguages(cgPaper)).toEqual(POLISH_PDF);

      // Another conference cancelled outright: the Polish cancellation without the "new date" notice.
      const other = await create(s, body('2027-02-01T10:00'));
      await settle(s);
      const cancelled = await s.api('POST', `/api/conferences/${other.id}/cancel`, {
        reason: 'No longer needed',
        requestedBy: 'Coordinator Cole',
      });
      expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
      await settle(s);
      const outright = await one(
        'jade@family.example.com',
        new RegExp(`odwołane \\(numer sprawy ${other.reference}\\)`),
      );
      const ot = flat(outright.parsed.text);
      expect(ot).toContain('w dniu poniedziałek 1 lutego 2027 o godzinie 10:00 nie odbędzie się.');
      expect(ot).not.toContain('przełożone');
      expect(ot).toContain('Your social worker will tell you what happens next.');

      // The note about each family member went once per conference, not again with a cancellation.
      expect(notes()).toHaveLength(16);
      for (const m of notes()) expect(`${m.parsed.subject} ${m.parsed.text}`).not.toMatch(NAMES);
      for (const address of ['jade@family.example.com', 'paula@family.example.com', 'carla@family.example.com'])
        for (const m of s.smtp.messages.filter((x) => x.envelopeTo.includes(address)))
          expect(m.parsed.subject).not.toMatch(NAMES);
    },
  );
});
