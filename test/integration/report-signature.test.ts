/**
 * Hampshire asks who read a report and that it is signed: the upload page asks for both, refuses
 * without them, and keeps them with the submission. Hampshire also has no parents' slot and asks
 * professionals to come 15 minutes early: the family is told the start, professionals the early time once,
 * and an interpreter, who comes with the parent, the start (they were told it began 15 minutes after it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, linksInMail, PageClient, purposeOf } from '../helpers/pages.ts';
import { hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';

let svc: TestService;
let conf: { id: string; attendees: { id: string; role: string; email?: string }[] };
beforeAll(async () => {
  svc = await startTestService({ LINK_RATE_LIMIT_BURST: '1000' });
  const r = await svc.api(
    'POST',
    '/api/conferences',
    hackneyInitialBody({
      policy: 'hampshire',
      mode: 'in-person',
      venue: 'Civic Offices',
      attendees: [
        ...hackneyInitialBody().attendees,
        // Marcus (a6, by post) needs an interpreter: they come at the start, with him.
        { name: 'Ines Interpreter', email: 'interp@lang.example.com', role: 'interpreter', accompanies: 'a6' },
      ],
    }),
  );
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  conf = r.body;
  await svc.advanceTo(new Date(svc.rt.clock.now().getTime() + 1000).toISOString());
});
afterAll(async () => svc?.stop());

describe('signed and read (Hampshire)', () => {
  it('asks for the signature and the reader, refuses without them, records both', async () => {
    const hv = conf.attendees.find((a) => a.email === 'hv@nhs.example.org')!;
    const path = linksInMail(svc, hv.email!).find((l) => purposeOf(l) === 'report')!;
    const client = new PageClient(svc.url);
    const page = await client.get(path);
    expect(page.text).toContain('Signed by (your name and role)');
    const send = async (extra: Record<string, string>) => {
      const form = new FormData();
      form.append('_csrf', csrfOf((await client.get(path)).text));
      form.append('text', 'Health visiting report.');
      for (const [k, v] of Object.entries(extra)) form.append(k, v);
      return client.request('POST', path, form);
    };
    const refused = await send({});
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Sign the report');
    expect((await svc.rt.deps.store.get(conf.id))!.reports[hv.id]!.status).not.toBe('received');
    const ok = await send({ signedBy: 'H. Visitor, health visitor', readBy: 'T. Lead, team leader' });
    expect(ok.status, ok.text).toBe(303);
    const sub = (await svc.rt.deps.store.get(conf.id))!.reports[hv.id]!.submissions[0]!;
    expect(sub).toMatchObject({
      signedBy: 'H. Visitor, health visitor',
      readBy: 'T. Lead, team leader',
      channel: 'web',
    });
  });
});

describe('join times without a parents’ slot (Hampshire)', () => {
  const inviteTo = (address: string) =>
    svc.smtp.messages.find((m) => m.envelopeTo[0] === address && /^<send-invites-/.test(m.parsed.messageId ?? ''));
  it('tells the family the start (10:00) and professionals to come at 09:45, saying why, once', () => {
    const family = inviteTo('jade@family.example.com')!;
    const pro = inviteTo('hv@nhs.example.org')!;
    const ics = (m: NonNullable<typeof family>) =>
      m.parsed.attachments.find((a) => /calendar/.test(a.contentType))!.content.toString();
    expect(ics(family)).toMatch(/DTSTART;TZID=Europe\/London:20270104T100000/);
    expect(family.parsed.text).not.toContain('09:45');
    expect(ics(pro)).toMatch(/DTSTART;TZID=Europe\/London:20270104T094500/);
    expect(pro.parsed.subject).toContain('join 09:45');
    expect(pro.parsed.text).toContain(
      'The conference starts at 10:00. Please join at 09:45, 15 minutes early, to read the reports and speak to the chair.',
    );
    expect(pro.parsed.text).not.toContain('Please arrive 15 minutes early');
  });
  it('tells the interpreter, who comes with the parent, the start: not a start 15 minutes after it', () => {
    const interpreter = inviteTo('interp@lang.example.com')!;
    expect(interpreter.parsed.subject).toContain('as an interpreter');
    expect(interpreter.parsed.text).toContain('Please join at 10:00, with the parent you interpret for.');
    expect(interpreter.parsed.text).not.toContain('10:15');
    expect(interpreter.parsed.text).not.toContain('15 minutes early');
  });
  it('asks the professionals, not the interpreter, to join at 09:45', async () => {
    await svc.advanceTo('2027-01-04T09:46');
    const joinNow = (address: string) =>
      svc.smtp.messages.filter((m) => m.envelopeTo[0] === address && /please join now/.test(m.parsed.subject ?? ''));
    expect(joinNow('hv@nhs.example.org')).toHaveLength(1);
    expect(joinNow('interp@lang.example.com')).toHaveLength(0);
  });
});
