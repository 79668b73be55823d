/**
 * Letters in a family member's language only from a reviewed translation (issue 19, item 2), through
 * the running service with the example policy (policies/example-custom.yaml, whose Polish invitation,
 * decision letter, minutes cover and core group invitation are marked as examples; its cancellations
 * are in translated-cancellations.test.ts): a Polish-speaking mother by email and father by post get
 * the reviewed Polish text first, with the meeting's date and time, then the English letter, tagged
 * as Polish with the English part as English (email and PDF); a carer who reads Portuguese gets the
 * English letters only, and the coordinator and the chair are told once per conference (not again
 * after a reschedule) which letters go in which language. No names in any subject.
 */
import { describe, expect, it } from 'vitest';
import { byRole, create, holdMeeting, settle } from '../helpers/decision-flow.ts';
import { pdfLanguages, pdfText } from '../helpers/pdf-text.ts';
import { until } from '../helpers/wait.ts';
import { TEST_API_KEY, hackneyInitialBody, startedServices } from '../helpers/service.ts';

const start = startedServices();
const flat = (s: string | false | undefined) => (s || '').replace(/\s+/g, ' ');
const POLISH = [
  'Zapraszamy Panią/Pana na spotkanie w sprawie ochrony dziecka (konferencję) dotyczące Państwa rodziny.',
  'Spotkanie odbędzie się w dniu poniedziałek 4 stycznia 2027. Prosimy dołączyć o godzinie 10:00.',
  'Ten sam list po angielsku',
];

describe('reviewed translations of family letters', () => {
  it(
    'a Polish-speaking parent gets the reviewed Polish invitation by email and on paper; another language gets English and a note to the coordinator and chair',
    { timeout: 150_000 },
    async () => {
      const s = await start({ POLICY_FILE: 'policies/example-custom.yaml' });
      const base = hackneyInitialBody({ policy: 'riverside' });
      const attendees = (base.attendees as Record<string, unknown>[]).map((a) =>
        a['email'] === 'jade@family.example.com'
          ? { ...a, language: 'Polish' }
          : a['name'] === 'Marcus Testfamily'
            ? { ...a, language: 'pl' }
            : a,
      );
      attendees.push({
        name: 'Carla Carer',
        email: 'carla@family.example.com',
        role: 'carer',
        contactPreference: 'email',
        language: 'Portuguese',
      });
      const c = await create(s, { ...base, attendees });
      await settle(s);
      const to = (address: string) => s.smtp.messages.filter((m) => m.envelopeTo.includes(address));
      const hardCopy = async (attendeeId: string, document: string) => {
        const v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
        const copy = v.hardCopies.filter((h: any) => h.attendeeId === attendeeId && h.document === document).at(-1);
        return Buffer.from(
          await (
            await fetch(`${s.url}/api/conferences/${c.id}/hard-copies/${copy.blobId}`, {
              headers: { authorization: `Bearer ${TEST_API_KEY}` },
            })
          ).arrayBuffer(),
        );
      };
      // Tagged as Polish, the English letter after it as English (a screen reader speaks each rightly).
      const polishPdf = { document: 'pl', parts: [{ tag: 'Sect', lang: 'en-GB' }] };

      // The mother, by email: the reviewed Polish text first, then the whole English letter.
      const [jade] = to('jade@family.example.com');
      expect(jade!.parsed.subject).toBe(
        `Zaproszenie na spotkanie poniedziałek 4 stycznia 2027 (numer sprawy ${c.reference})`,
      );
      const text = flat(jade!.parsed.text);
      for (const line of POLISH) expect(text).toContain(line);
      expect(text.indexOf('Ten sam list po angielsku')).toBeLessThan(
        text.indexOf('You are invited to a child protection meeting'),
      );

      // The father, by post: the printed letter says the same.
      const marcus = c.attendees.find((a) => a.role === 'parent' && !a.email)!;
      const pdf = await hardCopy(marcus.id, 'invitation');
      const printed = pdfText(pdf);
      for (const line of POLISH) expect(printed).toContain(line);
      expect(printed).toContain('You are invited to a child protection meeting');
      expect(pdfLanguages(pdf)).toEqual(polishPdf);
      expect(String(jade!.parsed.html)).toContain('<html lang="pl">');
      expect(String(jade!.parsed.html)).toContain('<div lang="en-GB">');

      // Portuguese: no reviewed letter, so English only (never machine-translated).
      const [carla] = to('carla@family.example.com');
      expect(carla!.parsed.subject).toMatch(/^Your meeting with the chair on Mon 4 Jan 2027/);
      expect(flat(carla!.parsed.text)).not.toContain('Zapraszamy');

      // The coordinator and the chair are told, once per family member, by role only.
      for (const address of ['coordinator@example.gov.uk', 'chair@example.gov.uk']) {
        const notes = to(address).filter((m) => /translation or interpreter needed/.test(m.parsed.subject ?? ''));
        expect(notes.map((m) => m.parsed.subject)).toEqual(
          Array(3).fill(`${c.reference}: translation or interpreter needed for a family member's letters`),
        );
        const all = notes.map((m) => flat(m.parsed.text)).join('\n');
        expect(all).toContain(
          'The Riverside policy has no reviewed Portuguese letters, so their invitation went in English, and so will their other letters.',
        );
        expect(all).toContain(
          "The invitation, the decision letter, the minutes' covering letter, core group invitations, the letter if the conference is cancelled or postponed, the letter if their own invitation is withdrawn and core group cancellations go in Polish from the Riverside policy's reviewed translations",
        );
        expect(all).toContain(
          'is an example that ships with the service, not a translation reviewed for your authority',
        );
        expect(all).not.toMatch(/Jade|Marcus|Carla|Testfamily|Ruby|Leo/);
      }
      const notes = () =>
        s.smtp.messages.filter((m) => /translation or interpreter needed/.test(m.parsed.subject ?? '')).length;
      expect(notes()).toBe(6);

      // A reschedule: the Polish update notice on the new invitation, and no second note (once per conference).
      const moved = await s.api('POST', `/api/conferences/${c.id}/reschedule`, {
        startsAt: '2027-01-11T10:00',
        reason: 'Chair unwell',
        requestedBy: 'Coordinator Cole',
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      await settle(s);
      const again = await until('the updated Polish invitation', () =>
        to('jade@family.example.com').find((m) => (m.parsed.subject ?? '').includes('11 stycznia 2027')),
      );
      expect(flat(again.parsed.text)).toContain('Ten list zastępuje poprzedni list.');
      expect(notes()).toBe(6);

      // The decision letter, by email and on paper, and the first core group's invitation.
      const sw = byRole(c, 'social-worker');
      await holdMeeting(s, c, {
        at: '2027-01-11T10:30',
        decision: {
          firstCoreGroup: {
            startsAt: '2027-01-18T14:00',
            durationMinutes: 60,
            mode: 'virtual',
            chairAttendeeId: sw.id,
          },
        },
      });
      expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
      await settle(s);
      const decision = await until(
        'the Polish decision letter',
        () => to('jade@family.example.com').find((m) => /^Decyzja spotkania/.test(m.parsed.subject ?? '')),
        20_000,
      );
      expect(decision.parsed.subject).toBe(
        `Decyzja spotkania z dnia poniedziałek 11 stycznia 2027 (numer sprawy ${c.reference})`,
      );
      const dt = flat(decision.parsed.text);
      expect(dt).toContain('Piszemy, aby przekazać Pani/Panu decyzję ze spotkania');
      expect(dt.indexOf('Ten sam list po angielsku')).toBeLessThan(dt.indexOf('Ruby'));
      expect(String(decision.parsed.html)).toContain('<html lang="pl">');
      const decisionPdf = await until('the decision letter to print', async () =>
        (await s.api('GET', `/api/conferences/${c.id}`)).body.hardCopies.some(
          (h: any) => h.attendeeId === marcus.id && h.document === 'decision-letter',
        )
          ? hardCopy(marcus.id, 'decision-letter')
          : undefined,
      );
      expect(pdfText(decisionPdf)).toContain('Piszemy, aby przekazać Pani/Panu decyzję ze spotkania');
      expect(pdfLanguages(decisionPdf)).toEqual(polishPdf);
      const coreGroup = await until('the Polish core group invitation', () =>
        to('jade@family.example.com').find((m) => /^Zaproszenie na spotkanie grupy/.test(m.parsed.subject ?? '')),
      );
      expect(coreGroup.parsed.subject).toBe(
        `Zaproszenie na spotkanie grupy podstawowej poniedziałek 18 stycznia 2027 (numer sprawy ${c.reference})`,
      );
      expect(flat(coreGroup.parsed.text)).toContain(
        'Spotkanie odbędzie się w dniu poniedziałek 18 stycznia 2027 o godzinie 14:00.',
      );
      // The carer who reads Portuguese: the English decision letter.
      const carlas = await until('the carer’s decision letter', () =>
        to('carla@family.example.com').find((m) =>
          /^The decision of your child protection meeting/.test(m.parsed.subject ?? ''),
        ),
      );
      expect(flat(carlas.parsed.text)).not.toContain('Piszemy');
      expect(String(carlas.parsed.html)).toContain('<html lang="en-GB">');

      // The minutes: the family's copy with the Polish covering letter.
      const chair = byRole(c, 'chair');
      const minutes = `/api/conferences/${c.id}/minutes`;
      expect(
        (await s.api('POST', minutes, { text: '## Discussion\n\nThe plan was agreed.', by: chair.id })).status,
      ).toBe(201);
      expect((await s.api('POST', `${minutes}/approve`, { by: chair.id })).status).toBe(200);
      await settle(s);
      const copy = await until(
        'the Polish minutes',
        () => to('jade@family.example.com').find((m) => /^Protokół ze spotkania/.test(m.parsed.subject ?? '')),
        20_000,
      );
      expect(flat(copy.parsed.text)).toContain('Przesyłamy protokół ze spotkania w sprawie ochrony dziecka');
      expect(flat(copy.parsed.text)).toContain('The plan was agreed.');
      // Still the one note per family member, whatever was sent since.
      expect(notes()).toBe(6);
    },
  );
});
