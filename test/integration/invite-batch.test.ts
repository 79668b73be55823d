/**
 * A conference's invitations go out as one batch (claimed together in the send ledger, through the
 * mail pool together): everyone still gets their own invitation once, when the mail server refuses
 * one of them and when the job stops after the emails went and before the conference was recorded
 * as invited. What is checked is what people see: the invitations each mailbox holds, the letter on
 * the print queue, the conference's state and its audit trail.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { csrfOf, signedInDashboard } from '../helpers/pages.ts';
import { failStoreWriteOnce } from '../helpers/fail-store-write.ts';
import { hackneyInitialBody, startTestService, TEST_API_KEY, type TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

const services: TestService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.stop();
});

async function start(): Promise<TestService> {
  const s = await startTestService();
  services.push(s);
  return s;
}

const EMAILED = [
  'chair@example.gov.uk',
  'sw@example.gov.uk',
  'hv@nhs.example.org',
  'police@police.example.uk',
  'jade@family.example.com',
];

/** The invitations each emailed attendee's mailbox holds for this conference. */
function invitationsTo(s: TestService, id: string): Record<string, number> {
  const invitations = s.smtp.messages.filter((m) =>
    new RegExp(`^<send-invites-a\\d+-v1\\.${id}@`).test(m.parsed.messageId ?? ''),
  );
  return Object.fromEntries(
    EMAILED.map((address) => [address, invitations.filter((m) => m.envelopeTo.includes(address)).length]),
  );
}

async function view(s: TestService, id: string) {
  const v = (await s.api('GET', `/api/conferences/${id}`)).body;
  const marcus = v.attendees.find((a: any) => a.name === 'Marcus Testfamily');
  return {
    state: v.state as string,
    invitesAudited: v.audit.filter((e: any) => e.action === 'invites.sent').length as number,
    marcusLetter: v.deliveries[`send-invites-${marcus.id}-v1`]?.state as string | undefined,
  };
}

const once = Object.fromEntries(EMAILED.map((a) => [a, 1]));

describe('invitations, one batch per conference', () => {
  it('invites everyone else when the mail server refuses one, and that one once it takes it', async () => {
    const s = await start();
    // The social worker comes second: one at a time, everyone after her waited for her invitation.
    // Refused for now (a 4xx), so the job retries her; one refused for good: refused-address.test.ts.
    s.smtp.refuseRecipient = (address) => (address === 'sw@example.gov.uk' ? '451 4.2.1 mailbox busy' : undefined);
    const r = await s.api('POST', '/api/conferences', hackneyInitialBody());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const conf = r.body as { id: string };
    let failed: any;
    await until('the invitations job has failed', async () => {
      const all = (await s.api('GET', '/api/jobs/failed')).body as any[];
      failed = all.find((j) => j.conferenceId === conf.id && j.step === 'send-invites');
      return Boolean(failed);
    });
    expect(invitationsTo(s, conf.id)).toEqual({ ...once, 'sw@example.gov.uk': 0 });
    let now = await view(s, conf.id);
    expect(now.marcusLetter).toBe('sent');
    expect(now.state).toBe('scheduled');

    s.smtp.refuseRecipient = undefined;
    const retried = await s.api('POST', `/api/jobs/${encodeURIComponent(failed.id)}/retry`);
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    await until('the social worker is invited', () => invitationsTo(s, conf.id)['sw@example.gov.uk'] === 1);
    await s.idle();
    expect(invitationsTo(s, conf.id)).toEqual(once);
    now = await view(s, conf.id);
    expect(now.state).toBe('invited');
    expect(now.invitesAudited).toBe(1);
  });

  it('invites nobody twice when the job stops after the emails went and before the conference was invited', async () => {
    const s = await start();
    const stopped = failStoreWriteOnce(s, (cur, next) => next.state === 'invited' && cur.state !== 'invited');
    const r = await s.api('POST', '/api/conferences', hackneyInitialBody());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await until('the conference is invited', async () => (await view(s, r.body.id)).state === 'invited');
    await s.idle();
    expect(stopped()).toBeGreaterThan(1); // it did stop once, and the retry recorded it
    expect(invitationsTo(s, r.body.id)).toEqual(once);
    const now = await view(s, r.body.id);
    expect(now.marcusLetter).toBe('sent');
    expect(now.invitesAudited).toBe(1);
  });
  it('writes a calendar entry once for everyone it is the same for, with each recipient still their own UID, address and links', async () => {
    const s = await start();
    const body = hackneyInitialBody();
    // A second health visitor: the same role and agency as Hana, so the same calendar entry.
    body.attendees.push({
      name: 'Hal Health',
      email: 'hv2@nhs.example.org',
      role: 'professional',
      agency: 'Health visiting',
      managerEmail: 'hv.manager@nhs.example.org',
    });
    const r = await s.api('POST', '/api/conferences', body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const to = ['hv@nhs.example.org', 'hv2@nhs.example.org', 'police@police.example.uk', 'chair@example.gov.uk'];
    const invitation = (address: string) =>
      s.smtp.messages.find(
        (m) =>
          m.envelopeTo.includes(address) &&
          new RegExp(`^<send-invites-a\\d+-v1\\.${r.body.id}@`).test(m.parsed.messageId ?? ''),
      );
    await until('the invitations', () => to.every((a) => invitation(a)));
    const [hana, hal, police, chair] = to.map((address) => {
      const m = invitation(address)!;
      const parts = m.parsed.attachments.filter((a) => /^text\/calendar$/i.test(a.contentType));
      expect(parts, address).toHaveLength(1);
      const ics = parts[0]!.content.toString('utf8').replace(/\r\n /g, '');
      const line = (name: string) => ics.split('\r\n').filter((l) => l.startsWith(name));
      return {
        text: m.parsed.text ?? '',
        ics,
        uid: line('UID:'),
        attendee: line('ATTENDEE'),
        // The entry but for whose it is.
        entry: ics.replace(/^UID:.*$/m, 'UID:').replace(/^ATTENDEE.*$/m, 'ATTENDEE'),
      };
    });
    // The two health visitors' calendar files are byte for byte the same entry (text, times, SEQUENCE,
    // DTSTAMP, alarm), each with their own UID and their own address as its one ATTENDEE.
    expect(hal!.entry).toBe(hana!.entry);
    expect(hana!.entry).toMatch(/DESCRIPTION:.{200}/);
    expect(hana!.uid).toHaveLength(1);
    expect(hal!.uid).toHaveLength(1);
    expect(hal!.uid).not.toEqual(hana!.uid);
    expect(hana!.attendee).toEqual([expect.stringMatching(/:MAILTO:hv@nhs\.example\.org$/)]);
    expect(hal!.attendee).toEqual([expect.stringMatching(/:MAILTO:hv2@nhs\.example\.org$/)]);
    // Their emails carry their own personal links, which no calendar file does.
    const links = (t: string) => new Set(t.match(/https?:\/\/\S+\/l\/[\w.-]+/g) ?? []);
    expect(links(hana!.text).size).toBeGreaterThan(0);
    for (const link of links(hana!.text)) {
      expect(links(hal!.text).has(link)).toBe(false);
      expect(hana!.ics).not.toContain(link);
      expect(hal!.ics).not.toContain(link);
    }
    // Whoever's entry says something else gets their own: the police officer's role, the chair's time.
    expect(police!.entry).not.toBe(hana!.entry);
    expect(chair!.entry).not.toBe(hana!.entry);
    expect(chair!.attendee).toEqual([expect.stringMatching(/ROLE=CHAIR.*:MAILTO:chair@example\.gov\.uk$/)]);
  });

  it('withdraws the invitation of someone removed while the batch was still sending it', async () => {
    const s = await start();
    // The mail server is slow with the health visitor's invitation: it is claimed, not yet sent.
    const mailer = s.rt.deps.mailer;
    const send = mailer.send.bind(mailer);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let holding = false;
    mailer.send = async (m) => {
      if ([m.to].flat().join(',').includes('hv@nhs.example.org') && /METHOD:REQUEST/.test(m.icalEvent?.content ?? '')) {
        holding = true;
        await held;
      }
      return send(m);
    };
    const r = await s.api('POST', '/api/conferences', hackneyInitialBody());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const id = r.body.id as string;
    services.unshift({ stop: async () => release() } as TestService); // never left holding the worker
    await until("the health visitor's invitation held at the mail server", () => holding);
    const hv = (await s.api('GET', `/api/conferences/${id}`)).body.attendees.find(
      (a: any) => a.email === 'hv@nhs.example.org',
    );
    const remove = () =>
      s.api('POST', `/api/conferences/${id}/attendees/${hv.id}/remove`, {
        reason: 'no longer involved',
        requestedBy: 'coordinator',
      });
    // Removed now, the invitation would go after the removal looked for it, and never be withdrawn.
    const early = await remove();
    expect(early.status, JSON.stringify(early.body)).toBe(409);
    expect(JSON.stringify(early.body)).toMatch(/being sent now/);
    // The coordinator's page says the same on its form, not a page of JSON, and removes nobody.
    const desk = await signedInDashboard(s.url, TEST_API_KEY);
    const people = await desk.get(`/dashboard/c/${id}/people`);
    const fromPage = await desk.post(`/dashboard/c/${id}/attendees/remove`, {
      _csrf: csrfOf(people.text),
      attendeeId: hv.id,
      reason: 'no longer involved',
      requestedBy: 'coordinator',
    });
    expect(fromPage.status).toBe(409);
    expect(fromPage.text).toContain('<!doctype html>');
    expect(fromPage.text).toMatch(/being sent now: remove them again in a minute/);
    expect(
      (await s.api('GET', `/api/conferences/${id}`)).body.attendees.some((a: any) => a.id === hv.id && !a.removed),
    ).toBe(true);
    release();
    await s.idle();
    const again = await remove();
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    await s.idle();
    const hers = s.smtp.messages.filter((m) => m.envelopeTo.includes('hv@nhs.example.org'));
    expect(hers.map((m) => /METHOD:(\w+)/.exec(m.raw.toString())?.[1]).filter(Boolean)).toEqual(['REQUEST', 'CANCEL']);
  });
});
