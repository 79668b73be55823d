/**
 * A parent's invitation when someone of their own is already invited (a user trial, session 12),
 * through the running service: Ruby, 12, is invited as a child attendee and Marcus's solicitor comes
 * with him. Jade's email says "Ruby has been invited to come to the meeting" (her other child "may be
 * able to come"), her calendar entry says it without the name; Marcus's easy read letter by post says
 * Ruby is invited and that his solicitor is, not "You can bring a solicitor"; Jade's interpreter and
 * Marcus's solicitor are told a child is invited, by number only; a Polish reader's reviewed
 * translation keeps it in the English letter under it. No child's name in any subject.
 */
import { describe, expect, it } from 'vitest';
import { hardCopyPdf } from '../../src/app/post-and-texts/hard-copies.ts';
import { create, settle } from '../helpers/decision-flow.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';

const start = startedServices();
const flat = (s: string | false | undefined) => (s || '').replace(/\s+/g, ' ');
const INTERPRETER = 'ines@interpreters.example.org';
const SOLICITOR = 'sol@law.example.co.uk';

/** Hackney's two children, Ruby aged 12 invited to come; Jade is a5 and Marcus (by post, easy read) a6. */
function body(overrides: Record<string, unknown> = {}) {
  const b = hackneyInitialBody(overrides) as { attendees: Record<string, unknown>[] } & Record<string, unknown>;
  b.children = [
    { firstName: 'Ruby', lastName: 'Testfamily', dateOfBirth: '2014-05-02' },
    { firstName: 'Leo', lastName: 'Testfamily', dateOfBirth: '2022-09-17' },
  ];
  b.attendees = b.attendees.map((a) =>
    a['name'] === 'Marcus Testfamily' ? { ...a, accessibilityNeeds: ['easy-read'] } : a,
  );
  b.attendees.push(
    { name: 'Ruby Testfamily', role: 'child', childIds: ['c1'] },
    { name: 'Ines Interpreter', email: INTERPRETER, role: 'interpreter', accompanies: 'a5' },
    { name: 'Sol Solicitor', email: SOLICITOR, role: 'supporter', accompanies: 'a6', solicitor: true },
  );
  return b;
}

const invitationTo = (s: TestService, address: string) =>
  s.smtp.messages.find((m) => m.envelopeTo.includes(address) && /^<send-invites-/.test(m.parsed.messageId ?? ''))!;

describe('a parent whose child or solicitor is already invited', () => {
  it(
    'is told so plainly, by email, in the calendar and in an easy read letter by post',
    { timeout: 120_000 },
    async () => {
      const s = await start();
      const c = await create(s, body());
      await settle(s);

      const jade = invitationTo(s, 'jade@family.example.com');
      const text = flat(jade.parsed.text);
      expect(text).toContain('Ruby has been invited to come to the meeting.');
      expect(text).toContain('Your other child may be able to come to the meeting, or share their views another way.');
      expect(text).not.toContain('Your child may be able to come');
      expect(text).toContain('You can bring a solicitor, but only as a supporter'); // hers is not invited
      const calendar = jade.parsed.attachments
        .filter((a) => /calendar/i.test(a.contentType))
        .map((a) => flat(a.content.toString('utf8').replace(/\r?\n[ \t]/g, '')))
        .join('\n');
      expect(calendar).toContain('One of your children has been invited to come to the meeting.');
      expect(calendar).not.toMatch(/Ruby|Leo/);

      const marcus = c.attendees.find((a) => a.role === 'parent' && !a.email)!;
      const v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
      const copy = (v.hardCopies as { blobId: string; attendeeId: string }[]).find((h) => h.attendeeId === marcus.id)!;
      const printed = flat(pdfText((await hardCopyPdf(s.rt.deps, c.id, copy.blobId)).data));
      expect(printed).toContain('Ruby has been invited to come to the meeting.');
      expect(printed).toContain('Your other child may be able to come to the meeting.');
      expect(printed).toContain('Your solicitor has been invited too.');
      expect(printed).not.toContain('You can bring a solicitor');
      expect(printed).not.toContain('Your child may be able to come');

      for (const address of [INTERPRETER, SOLICITOR]) {
        const t = flat(invitationTo(s, address).parsed.text);
        expect(t, address).toContain('A child the meeting is about has been invited to come to it.');
        expect(t, address).not.toMatch(/Ruby|Leo/);
      }
      for (const m of s.smtp.messages) expect(m.parsed.subject ?? '').not.toMatch(/Ruby|Leo/);
    },
  );

  it(
    'is told their own supporter is invited, never by name, instead of "You can bring a supporter"',
    { timeout: 120_000 },
    async () => {
      const s = await start();
      const b = body();
      b.attendees.push(
        { name: 'Fenella Friendly', email: 'fenella@friends.example.com', role: 'supporter', accompanies: 'a5' },
        { name: 'Pat Neighbour', email: 'pat@friends.example.com', role: 'supporter', accompanies: 'a6' },
      );
      const c = await create(s, b);
      await settle(s);
      const jade = invitationTo(s, 'jade@family.example.com');
      const text = flat(jade.parsed.text);
      expect(text).toContain('Your supporter has been invited too, to help you say what you think.');
      expect(text).not.toContain('You can bring a supporter');
      expect(text).not.toMatch(/Fenella|Friendly/);
      // The subject and the preview (the letter's first line) say nothing of who comes with her.
      expect(jade.parsed.subject).not.toMatch(/supporter|Fenella/i);
      expect(text.slice(0, 80)).not.toMatch(/supporter|Fenella/i);
      const marcus = c.attendees.find((a) => a.role === 'parent' && !a.email)!;
      const v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
      const copy = (v.hardCopies as { blobId: string; attendeeId: string }[]).find((h) => h.attendeeId === marcus.id)!;
      const printed = flat(pdfText((await hardCopyPdf(s.rt.deps, c.id, copy.blobId)).data));
      expect(printed).toContain('Your supporter has been invited too.');
      expect(printed).not.toContain('You can bring a friend or relative.');
      expect(printed).toContain('Your solicitor has been invited too.');
      expect(printed).not.toMatch(/Pat|Neighbour/);
    },
  );

  it("keeps it in a reviewed translation's English letter", { timeout: 120_000 }, async () => {
    const s = await start({ POLICY_FILE: 'policies/example-custom.yaml' });
    const b = body({ policy: 'riverside' });
    b.attendees = b.attendees.map((a) => (a['name'] === 'Jade Testfamily' ? { ...a, language: 'Polish' } : a));
    await create(s, b);
    await settle(s);
    const jade = invitationTo(s, 'jade@family.example.com');
    const text = flat(jade.parsed.text);
    expect(text).toContain('Ten sam list po angielsku');
    expect(text).toContain('Ruby has been invited to come to the meeting.');
    expect(jade.parsed.subject).not.toMatch(/Ruby|Leo/);
  });

  it(
    'gets an updated invitation when their child or solicitor is added after the invitations went, and only they do',
    { timeout: 120_000 },
    async () => {
      const s = await start();
      const b = body();
      b.attendees = b.attendees.filter((a) => a['role'] !== 'child' && !a['solicitor']);
      const c = await create(s, b);
      await settle(s);
      const invitations = (address: string) =>
        s.smtp.messages.filter(
          (m) => m.envelopeTo.includes(address) && /^<send-invites-/.test(m.parsed.messageId ?? ''),
        );
      const marcus = c.attendees.find((a) => a.role === 'parent' && !a.email)!;
      const letters = async () => {
        const v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
        // A letter not yet printed is replaced by the new one: what is on the print list is what goes.
        const mine = (
          v.hardCopies as {
            blobId: string;
            attendeeId: string;
            document: string;
            withdrawnAt?: string;
            printedAt?: string;
          }[]
        ).filter((h) => h.attendeeId === marcus.id && !h.withdrawnAt && !h.printedAt);
        return Promise.all(
          mine.map(async (h) => ({
            blobId: h.blobId,
            document: h.document,
            text: flat(pdfText((await hardCopyPdf(s.rt.deps, c.id, h.blobId)).data)),
          })),
        );
      };
      expect(flat(invitations('jade@family.example.com')[0]!.parsed.text)).toContain('Your child may be able to come');
      const before = s.smtp.messages.length;
      const add = async (attendee: Record<string, unknown>) => {
        const r = await s.api('POST', `/api/conferences/${c.id}/attendees`, { attendee, requestedBy: 'coordinator' });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        await settle(s);
      };

      await add({ name: 'Ruby Testfamily', role: 'child', childIds: ['c1'] });
      const jade = invitations('jade@family.example.com');
      expect(jade).toHaveLength(2);
      const updated = flat(jade[1]!.parsed.text);
      expect(updated).toContain('Ruby has been invited to come to the meeting.');
      expect(updated).not.toContain('Your child may be able to come');
      expect(jade[1]!.parsed.subject).toMatch(/: updated invitation \(reference CPC-/);
      expect(jade[1]!.parsed.subject).not.toMatch(/Ruby|Leo/);
      expect(updated).toContain(
        'This replaces the earlier letter: the time is the same, and it now tells you who else is invited.',
      );
      expect(updated).not.toContain('the time has changed');
      const ines = invitations(INTERPRETER);
      expect(ines).toHaveLength(2);
      expect(flat(ines[1]!.parsed.text)).toContain('A child the meeting is about has been invited to come to it.');
      expect(flat(ines[1]!.parsed.text)).not.toContain('the time has changed');
      let posted = await letters();
      expect(posted.map((l) => l.document)).toEqual(['invitation']);
      expect(posted[0]!.text).toContain('Ruby has been invited to come to the meeting.');
      expect(posted[0]!.text).toContain('You can bring a solicitor');

      // Marcus's letter is printed and posted: the next one is an updated invitation.
      expect(
        (await s.api('POST', `/api/conferences/${c.id}/hard-copies/${posted[0]!.blobId}/printed`, {})).status,
      ).toBe(200);
      await add({
        name: 'Sol Solicitor',
        email: SOLICITOR,
        role: 'supporter',
        accompanies: marcus.id,
        solicitor: true,
      });
      posted = await letters();
      expect(posted.map((l) => l.document)).toEqual(['updated-invitation']);
      expect(posted[0]!.text).toContain('Your solicitor has been invited too.');
      expect(posted[0]!.text).toContain('Ruby has been invited to come to the meeting.');
      expect(posted[0]!.text).not.toContain('You can bring a solicitor');
      expect(posted[0]!.text).toContain(
        'This letter replaces the last one. The time is the same. It now tells you who else is invited.',
      );
      expect(invitations(SOLICITOR)).toHaveLength(1);
      // Nobody else was sent anything again: Jade and her interpreter once more each (the child), nobody for the solicitor.
      expect(invitations('jade@family.example.com')).toHaveLength(2);
      expect(invitations(INTERPRETER)).toHaveLength(2);
      const again = s.smtp.messages.slice(before).filter((m) => /^<send-invites-/.test(m.parsed.messageId ?? ''));
      // Sent through the pool side by side: in any order.
      expect(again.map((m) => m.envelopeTo.join()).sort()).toEqual(
        ['jade@family.example.com', INTERPRETER, SOLICITOR].sort(),
      );
      await settle(s);
      expect(
        s.smtp.messages.slice(before).filter((m) => /^<send-invites-/.test(m.parsed.messageId ?? '')),
      ).toHaveLength(3);
    },
  );

  it(
    'gets an updated invitation when their child or solicitor is removed after the invitations went, and only they do',
    { timeout: 120_000 },
    async () => {
      const s = await start();
      const c = await create(s, body());
      await settle(s);
      const invitations = (address: string) =>
        s.smtp.messages.filter(
          (m) => m.envelopeTo.includes(address) && /^<send-invites-/.test(m.parsed.messageId ?? ''),
        );
      const marcus = c.attendees.find((a) => a.role === 'parent' && !a.email)!;
      const ruby = c.attendees.find((a) => a.role === 'child')!;
      const solicitor = c.attendees.find((a) => a.email === SOLICITOR)!;
      const marcusLetter = async () => {
        const v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
        const mine = (v.hardCopies as { blobId: string; attendeeId: string; withdrawnAt?: string }[]).filter(
          (h) => h.attendeeId === marcus.id && !h.withdrawnAt,
        );
        expect(mine).toHaveLength(1); // not yet printed: replaced, never followed by a second letter
        return flat(pdfText((await hardCopyPdf(s.rt.deps, c.id, mine[0]!.blobId)).data));
      };
      expect(await marcusLetter()).toContain('Your solicitor has been invited too.');
      const before = s.smtp.messages.length;
      const remove = async (attendeeId: string) => {
        const r = await s.api('POST', `/api/conferences/${c.id}/attendees/${attendeeId}/remove`, {
          reason: 'no longer coming',
          requestedBy: 'coordinator',
        });
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        await settle(s);
      };

      await remove(ruby.id);
      const jade = invitations('jade@family.example.com');
      expect(jade).toHaveLength(2);
      const updated = flat(jade[1]!.parsed.text);
      expect(updated).not.toContain('Ruby has been invited');
      expect(updated).toContain('Your child may be able to come to the meeting');
      expect(updated).toContain('This replaces the earlier letter: the time is the same');
      expect(updated).not.toContain('the time has changed');
      expect(jade[1]!.parsed.subject).toMatch(/: updated invitation \(reference CPC-/);
      expect(jade[1]!.parsed.subject).not.toMatch(/Ruby|Leo/);
      const ines = invitations(INTERPRETER);
      expect(ines).toHaveLength(2);
      expect(flat(ines[1]!.parsed.text)).not.toContain('A child the meeting is about has been invited');
      let printed = await marcusLetter();
      expect(printed).not.toContain('Ruby has been invited');
      expect(printed).toContain('Your solicitor has been invited too.');

      await remove(solicitor.id);
      printed = await marcusLetter();
      expect(printed).not.toContain('Your solicitor has been invited');
      expect(printed).toContain('You can bring a solicitor as a supporter.');
      // Jade and her interpreter were not told again; the solicitor, told of Ruby as the interpreter
      // was, then that their own invitation is withdrawn; nobody else anything.
      expect(invitations('jade@family.example.com')).toHaveLength(2);
      expect(invitations(INTERPRETER)).toHaveLength(2);
      const after = s.smtp.messages.slice(before);
      expect(after.map((m) => m.envelopeTo.join()).sort()).toEqual(
        ['jade@family.example.com', INTERPRETER, SOLICITOR, SOLICITOR].sort(),
      );
      const sol = after.filter((m) => m.envelopeTo.includes(SOLICITOR)).map((m) => m.raw.toString());
      expect(sol.map((raw) => /METHOD:(\w+)/.exec(raw)?.[1]).sort()).toEqual(['CANCEL', 'REQUEST']);
      const audit = (await s.api('GET', `/api/conferences/${c.id}`)).body.audit as { action: string }[];
      expect(audit.filter((e) => e.action === 'attendee.removed')).toHaveLength(2);
    },
  );
});
