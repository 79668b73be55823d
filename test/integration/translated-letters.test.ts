/**
 * Letters in a family member's language only from a reviewed translation (issue 19, item 2), through
 * the running service with the example policy (policies/example-custom.yaml, whose Polish invitation
 * is marked as an example): a Polish-speaking mother by email and father by post get the reviewed
 * Polish text first, with their own date and time, then the English letter; a carer who reads
 * Portuguese gets the English letter only, and the coordinator and the chair are told a translation
 * or an interpreter is needed. No names in any subject.
 */
import { describe, expect, it } from 'vitest';
import { create, settle } from '../helpers/decision-flow.ts';
import { pdfText } from '../helpers/pdf-text.ts';
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
    { timeout: 90_000 },
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
      const v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
      const marcus = v.attendees.find((a: { name: string }) => a.name === 'Marcus Testfamily');
      const copy = v.hardCopies.find((h: any) => h.attendeeId === marcus.id && h.document === 'invitation');
      const pdf = Buffer.from(
        await (
          await fetch(`${s.url}/api/conferences/${c.id}/hard-copies/${copy.blobId}`, {
            headers: { authorization: `Bearer ${TEST_API_KEY}` },
          })
        ).arrayBuffer(),
      );
      const printed = pdfText(pdf);
      for (const line of POLISH) expect(printed).toContain(line);
      expect(printed).toContain('You are invited to a child protection meeting');

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
          'The riverside policy has no reviewed Portuguese letters, so their invitation went in English, and so will their other letters.',
        );
        expect(all).toContain("Their invitation went in Polish from the riverside policy's reviewed translation");
        expect(all).toContain(
          'is an example that ships with the service, not a translation reviewed for your authority',
        );
        expect(all).not.toMatch(/Jade|Marcus|Carla|Testfamily|Ruby|Leo/);
      }
    },
  );
});
