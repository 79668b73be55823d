/**
 * Replaying old credentials (issue #16, "hard to fool"). Someone removed from a conference keeps
 * every link they were sent and any page they had open; attendees are then added and removed in
 * every order. None of the removed people's links may open or act on anyone's page, above all not
 * the page of the person added after them (ids are never reused, removal bumps the link version).
 * Whole service: real Redis, real HTTP, real SMTP; assertions on the page a person sees and on the
 * conference, audit trail, send ledger and outbox being unchanged.
 */
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_PURPOSES, mayHold, type LinkPurpose } from '../../src/app/credentials/links.ts';
import type { Conference } from '../../src/domain/conference.ts';
import { FIXTURE_FAMILY_NAMES } from '../helpers/fixtures.ts';
import { csrfOf, linkPath, linksInMail, PageClient, purposeOf, snapshot } from '../helpers/pages.ts';
import { hackneyInitialBody, runDueJobs, startTestService, type TestService } from '../helpers/service.ts';

let svc: TestService;
let conf: { id: string; reference: string; attendees: { id: string; role: string; name: string; email?: string }[] };

interface Newcomer {
  name: string;
  email: string;
  role: string;
  agency?: string;
  managerEmail?: string;
}

/** A credential a removed person still holds: the link, and the page they had open with it (cookie and form token). */
interface Held {
  owner: string;
  purpose: string;
  path: string;
  client: PageClient;
  csrf: string;
}

const held: Held[] = [];
/** The removed officer's report request: its reply address, replayed again after a reschedule. */
let policeRequest: { email: string; replyTo: string; subject: string } | undefined;
const removedIds: string[] = [];
const added: { id: string; person: Newcomer }[] = [];

const stored = async () => (await svc.rt.deps.store.get(conf.id)) as Conference;

/**
 * Every credential the attendee holds before removal: each link in their mail, and one link for each
 * purpose they may use, issued as the service issues it, each opened so the form token is in hand.
 */
async function takeCredentials(attendeeId: string): Promise<void> {
  const c = await stored();
  const a = c.attendees.find((x) => x.id === attendeeId)!;
  const purposes: LinkPurpose[] = ['rsvp', 'views', ...(c.reports[a.id] ? (['report'] as const) : [])];
  const paths = [
    ...(a.email ? linksInMail(svc, a.email) : []),
    ...(await Promise.all(purposes.map((p) => linkPath(svc, conf.id, a.id, p)))),
  ];
  expect(new Set(paths.map(purposeOf))).toEqual(new Set(purposes));
  for (const path of paths) {
    const client = new PageClient(svc.url);
    const page = await client.get(path);
    expect(page.status, `${a.id} ${purposeOf(path)} before removal`).toBe(200);
    held.push({ owner: a.id, purpose: purposeOf(path), path, client, csrf: csrfOf(page.text) });
  }
}

async function remove(attendeeId: string): Promise<void> {
  await takeCredentials(attendeeId);
  const r = await svc.api('POST', `/api/conferences/${conf.id}/attendees/${attendeeId}/remove`, {
    reason: 'no-contact order',
    requestedBy: 'coordinator',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  removedIds.push(attendeeId);
  await runDueJobs(svc);
}

async function add(person: Newcomer): Promise<string> {
  const r = await svc.api('POST', `/api/conferences/${conf.id}/attendees`, {
    attendee: person,
    requestedBy: 'coordinator',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const id: string = r.body.attendee.id;
  // Never an id anyone has had before.
  expect([...removedIds, ...added.map((x) => x.id), ...conf.attendees.map((x) => x.id)]).not.toContain(id);
  added.push({ id, person });
  await runDueJobs(svc);
  return id;
}

function replayPost(h: Pick<Held, 'purpose' | 'path' | 'client' | 'csrf'>) {
  if (h.purpose === 'chair') return h.client.post(h.path, { _csrf: h.csrf, action: 'open-round' });
  if (h.purpose === 'checklist') return h.client.post(h.path, { _csrf: h.csrf, item: 'explained-how-it-runs' });
  if (h.purpose === 'report') {
    const form = new FormData();
    form.append('_csrf', h.csrf);
    form.append('text', 'A report sent with an old link');
    form.append('file', new Blob(['%PDF-1.4 old link'], { type: 'application/pdf' }), 'report.pdf');
    return h.client.request('POST', h.path, form);
  }
  if (h.purpose === 'views')
    return h.client.post(h.path, {
      _csrf: h.csrf,
      childId: 'c1',
      recommendation: 'no-plan',
      rationale: 'Sent with an old link',
    });
  return h.client.post(h.path, {
    _csrf: h.csrf,
    answer: 'declined',
    deputyName: 'Old Link',
    deputyEmail: 'old.link@example.org',
  });
}

/** Every credential of everyone removed so far, GET and POST: a refusal page, nobody's details, nothing changed. */
async function replayAll(): Promise<void> {
  const before = await snapshot(svc, conf.id);
  const current = (await stored()).attendees;
  expect(held.length).toBeGreaterThan(0);
  for (const h of held) {
    const what = `${h.owner}'s ${h.purpose} link`;
    const page = await h.client.get(h.path);
    expect([404, 410], what).toContain(page.status);
    expect(page.text, what).toMatch(/This link does not work|This link has been replaced/);
    expect(page.text, what).not.toMatch(/name="_csrf"|<form/);
    // Not the page of whoever holds the id now, nor of anyone else.
    for (const a of current) {
      expect(page.text, what).not.toContain(a.name);
      if (a.email) expect(page.text, what).not.toContain(a.email);
    }
    for (const n of added) expect(page.text, what).not.toContain(n.person.name);
    const posted = await replayPost(h);
    expect([404, 410], `${what} POST`).toContain(posted.status);
    expect(posted.text, `${what} POST`).toContain('Nothing has been changed');
  }
  expect(await snapshot(svc, conf.id), 'conference, audit, ledger and outbox after replaying old links').toEqual(
    before,
  );
  // The people added since are untouched: no answer, no report, no view recorded for them.
  const c = await stored();
  for (const { id } of added.filter((x) => c.attendees.some((a) => a.id === x.id))) {
    expect(c.attendees.find((a) => a.id === id)!.rsvp).toBe('needs-action');
    if (c.reports[id]) expect(c.reports[id]!.submissions).toEqual([]);
    expect(c.views.filter((v) => v.attendeeId === id)).toEqual([]);
  }
}

/** The newcomer's own links work: the refusals above are about the old credentials, not a broken page. */
async function ownLinkWorks(id: string): Promise<void> {
  const page = await new PageClient(svc.url).get(await linkPath(svc, conf.id, id, 'rsvp'));
  expect(page.status).toBe(200);
  expect(page.text).toContain(conf.reference);
}

const carer = (n: number): Newcomer => ({
  name: `Nina Newcarer${n}`,
  email: `nina${n}@family.example.com`,
  role: 'carer',
});
const teacher = (n: number): Newcomer => ({
  name: `Oscar Teacher${n}`,
  email: `oscar${n}@school.example.org`,
  role: 'professional',
  agency: `School ${n}`,
  managerEmail: `head${n}@school.example.org`,
});

async function sendInbound(mail: nodemailer.SendMailOptions): Promise<void> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: svc.rt.inbound!.port,
    secure: false,
    ignoreTLS: true,
  });
  try {
    await transport.sendMail(mail);
  } finally {
    transport.close();
  }
}

beforeAll(async () => {
  svc = await startTestService({ LINK_RATE_LIMIT_BURST: '10000' });
  const r = await svc.api('POST', '/api/conferences', hackneyInitialBody());
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  conf = r.body;
  await svc.advanceTo('2026-12-01T09:00:05Z');
});
afterAll(async () => svc?.stop());

describe('a removed attendee’s credentials never reach anyone else', () => {
  it('remove the last attendee, then add someone: the removed parent’s links open nothing', async () => {
    const last = conf.attendees.at(-1)!;
    expect(last.role).toBe('parent');
    await remove(last.id);
    const id = await add(carer(1));
    await replayAll();
    await ownLinkWorks(id);
  });

  it('remove someone in the middle, then add: the removed officer’s links and reply address reach nobody', async () => {
    const police = conf.attendees.find((a) => a.role === 'police')!;
    const request = svc.smtp.messages.find(
      (m) => m.envelopeTo.includes(police.email!) && /^Report request/.test(m.parsed.subject ?? ''),
    )!;
    const oldReplyAddress = request.parsed.replyTo!.value[0]!.address!;
    policeRequest = { email: police.email!, replyTo: oldReplyAddress, subject: request.parsed.subject ?? '' };
    await remove(police.id);
    const id = await add(teacher(1));
    await replayAll();
    await ownLinkWorks(id);

    // A report mailed to the removed officer's reply address is refused (550), and filed as nobody's.
    const reports = JSON.stringify((await stored()).reports);
    await expect(
      sendInbound({
        from: police.email!,
        to: oldReplyAddress,
        subject: `RE: ${request.parsed.subject}`,
        text: 'Report attached.',
        attachments: [{ filename: 'old.pdf', content: Buffer.from('%PDF-1.4 old'), contentType: 'application/pdf' }],
      }),
    ).rejects.toMatchObject({ responseCode: 550 });
    await runDueJobs(svc);
    await svc.idle();
    expect(JSON.stringify((await stored()).reports)).toBe(reports);
    expect(
      svc.smtp.messages.filter(
        (m) => m.envelopeTo.includes(teacher(1).email) && /Report received/.test(m.parsed.subject ?? ''),
      ),
    ).toEqual([]);
  });

  it('remove the newcomer, add, remove again, add again: every old link of every removed person stays dead', async () => {
    await remove(added.at(-1)!.id); // the teacher just added, now the last attendee
    const second = await add(teacher(2));
    await replayAll();
    await remove(added[0]!.id); // the carer added first, now in the middle
    await replayAll();
    const third = await add(carer(2));
    const fourth = await add(teacher(3));
    await replayAll();
    await remove(second);
    await remove(fourth);
    const fifth = await add(teacher(4));
    await replayAll();
    for (const id of [third, fifth]) await ownLinkWorks(id);
    // Ids only ever went up.
    const numbers = added.map((x) => Number(x.id.slice(1)));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});

describe('conferences stored before id counters', () => {
  it('keep working, and an attendee removed before the upgrade is not given out again', async () => {
    const r = await svc.api('POST', '/api/conferences', hackneyInitialBody());
    expect(r.status).toBe(201);
    const id: string = r.body.id;
    await runDueJobs(svc);
    const last = r.body.attendees.at(-1).id as string;
    expect(
      (
        await svc.api('POST', `/api/conferences/${id}/attendees/${last}/remove`, {
          reason: 'moved away',
          requestedBy: 'coordinator',
        })
      ).status,
    ).toBe(200);
    // As the old code stored it: no counter, no link version for the removed person, only the audit trail and ledger remember them.
    await svc.rt.deps.store.update(id, ({ idCounters: _i, linkVersions: _l, ...old }) => old as Conference);
    expect((await svc.rt.deps.store.get(id))!.idCounters).toBeUndefined();
    const added = await svc.api('POST', `/api/conferences/${id}/attendees`, {
      attendee: teacher(9),
      requestedBy: 'coordinator',
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(Number(added.body.attendee.id.slice(1))).toBeGreaterThan(Number(last.slice(1)));
    expect((await svc.rt.deps.store.get(id))!.idCounters).toMatchObject({
      attendee: Number(added.body.attendee.id.slice(1)),
      child: 2,
    });
  });
});

describe('calendar files', () => {
  const calendars = (m: TestService['smtp']['messages'][number]) =>
    m.parsed.attachments
      .filter((a) => /^text\/calendar$/i.test(a.contentType))
      .map((a) => a.content.toString('utf8').replace(/\r?\n[ \t]/g, ''));

  it('carry no personal link or token: the entry says to see the email, and the email still has the links', async () => {
    // One more conference, moved once, so first invitations and updates are both looked at.
    const r = await svc.api('POST', '/api/conferences', hackneyInitialBody());
    expect(r.status).toBe(201);
    await runDueJobs(svc);
    expect(
      (
        await svc.api('POST', `/api/conferences/${r.body.id}/reschedule`, {
          startsAt: '2027-01-06T10:00',
          reason: 'room',
          requestedBy: 'coordinator',
        })
      ).status,
    ).toBe(200);
    await runDueJobs(svc);
    await svc.idle();

    const withCalendar = svc.smtp.messages.filter((m) => calendars(m).length > 0);
    const invitations = withCalendar.filter((m) => calendars(m).some((ics) => /^METHOD:REQUEST$/m.test(ics)));
    expect(invitations.length).toBeGreaterThan(10);
    const token = /[A-Za-z0-9_-]{10,400}\.[A-Za-z0-9_-]{43}/;
    for (const m of withCalendar) {
      for (const ics of calendars(m)) {
        const who = `${m.envelopeTo[0]}: ${m.parsed.subject}`;
        expect(ics, who).not.toMatch(/\/l\/[A-Za-z0-9_-]{10,}/);
        expect(ics, who).not.toMatch(token);
        expect(ics, who).not.toMatch(/\+r-[a-z0-9]/i);
      }
    }
    for (const m of invitations) {
      const who = `${m.envelopeTo[0]}: ${m.parsed.subject}`;
      expect(calendars(m).join(''), who).toContain('See your email for your personal link');
      // The email itself still carries the person's own links.
      expect(m.parsed.text ?? '', who).toMatch(/https?:\/\/\S+\/l\/[A-Za-z0-9_-]{10,400}\.[A-Za-z0-9_-]{43}/);
    }
  });
});

/**
 * Every link everyone in a conference holds (each purpose they may use, and those in their mail),
 * each opened while it still works so its form token is in hand.
 */
async function everyoneHolds(id: string): Promise<Held[]> {
  const c = (await svc.rt.deps.store.get(id))!;
  const out: Held[] = [];
  for (const a of c.attendees) {
    const issued = await Promise.all(
      LINK_PURPOSES.filter((p) => mayHold(p, a, c)).map((p) => linkPath(svc, id, a.id, p)),
    );
    const mailed = a.email
      ? linksInMail(svc, a.email).filter(
          (l) =>
            l.includes('/l/') &&
            JSON.parse(Buffer.from(l.split('/l/')[1]!.split('.')[0]!, 'base64url').toString()).c === id,
        )
      : [];
    for (const path of [...issued, ...mailed]) {
      const client = new PageClient(svc.url);
      const page = await client.get(path);
      expect(page.status, `${a.id} ${purposeOf(path)}`).toBe(200);
      out.push({ owner: a.id, purpose: purposeOf(path), path, client, csrf: csrfOf(page.text) });
    }
  }
  return out;
}

/** Names, addresses and agencies that must not appear on a refusal page. */
async function everyName(id: string): Promise<string[]> {
  const c = (await svc.rt.deps.store.get(id))!;
  return [
    ...FIXTURE_FAMILY_NAMES,
    ...c.attendees.flatMap((a) => [a.name, ...(a.email ? [a.email] : [])]),
    ...c.children.flatMap((ch) => [ch.firstName ?? '', ch.lastName ?? '']).filter(Boolean),
  ];
}

describe('links follow the conference’s life', () => {
  it('after a cancellation every link shows the reference only and takes no action; a report upload queues nothing', async () => {
    const r = await svc.api('POST', '/api/conferences', hackneyInitialBody());
    expect(r.status).toBe(201);
    const { id, reference } = r.body as { id: string; reference: string };
    await runDueJobs(svc);
    const links = await everyoneHolds(id);
    // Every link a conference before its decision gives out; a core group's answer link only exists
    // once a core group is booked after the decision (core-group-rsvp.test.ts covers it).
    expect(new Set(links.map((l) => l.purpose))).toEqual(new Set(LINK_PURPOSES.filter((p) => p !== 'core-group')));

    expect(
      (
        await svc.api('POST', `/api/conferences/${id}/cancel`, {
          reason: 'threshold not met',
          requestedBy: 'coordinator',
        })
      ).status,
    ).toBe(200);
    await runDueJobs(svc);
    const before = await snapshot(svc, id);
    const reports = JSON.stringify((await svc.rt.deps.store.get(id))!.reports);
    const pendingBefore = (await svc.api('GET', `/api/conferences/${id}`)).body.pendingJobs;
    expect(pendingBefore.filter((j: { step: string }) => j.step !== 'hard-copy-due')).toEqual([]);
    const names = await everyName(id);

    for (const h of links) {
      const what = `${h.owner}'s ${h.purpose} link after the cancellation`;
      const page = await h.client.get(h.path);
      expect(page.status, what).toBe(410);
      expect(page.text, what).toContain(`Conference ${reference} has been cancelled`);
      expect(page.text, what).not.toMatch(/<form/);
      for (const n of names) expect(page.text, `${what}: ${n}`).not.toContain(n);
      const posted = await replayPost(h);
      expect(posted.status, `${what} POST`).toBe(410);
      expect(posted.text, `${what} POST`).toContain(`Conference ${reference} has been cancelled`);
      for (const n of names) expect(posted.text, `${what} POST: ${n}`).not.toContain(n);
    }
    expect(await snapshot(svc, id), 'conference, audit, ledger and outbox after using every link').toEqual(before);
    expect(JSON.stringify((await svc.rt.deps.store.get(id))!.reports)).toBe(reports);
    // Nothing queued: no report notices, no thank-you, no chair's notice.
    expect((await svc.api('GET', `/api/conferences/${id}`)).body.pendingJobs).toEqual(pendingBefore);
  });

  it('once the meeting has started a report link takes no upload and an answer link no answer; the chair’s page still opens', async () => {
    const r = await svc.api(
      'POST',
      '/api/conferences',
      hackneyInitialBody({ startsAt: '2026-12-01T12:00', strategyDiscussionOn: '2026-11-20' }),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const { id, reference } = r.body as { id: string; reference: string };
    await runDueJobs(svc);
    const links = await everyoneHolds(id);
    await svc.advanceTo('2026-12-01T11:30:00Z');
    expect((await svc.api('POST', `/api/conferences/${id}/start`, { by: 'chair' })).status).toBe(200);
    await runDueJobs(svc);
    const before = await snapshot(svc, id);
    const names = await everyName(id);
    for (const h of links.filter((l) => l.purpose === 'report' || l.purpose === 'rsvp')) {
      const what = `${h.owner}'s ${h.purpose} link in the meeting`;
      const page = await h.client.get(h.path);
      expect(page.status, what).toBe(410);
      expect(page.text, what).toContain(`Conference ${reference}.`);
      expect(page.text, what).toContain(
        h.purpose === 'report' ? 'Reports can no longer be sent with this link' : 'Answers are closed',
      );
      expect(page.text, what).not.toMatch(/<form/);
      for (const n of names) expect(page.text, `${what}: ${n}`).not.toContain(n);
      const posted = await replayPost(h);
      expect(posted.status, `${what} POST`).toBe(410);
      expect(posted.text).toContain('Nothing has been changed');
    }
    expect(await snapshot(svc, id)).toEqual(before);
    const chair = links.find((l) => l.purpose === 'chair')!;
    expect((await chair.client.get(chair.path)).status).toBe(200);
  });
});

describe('after the conference is moved and its old date has gone by', () => {
  // Links and reply addresses of a moved conference live until its new date (2fed3eb): never a removed person's.
  it('every removed person’s links, and the removed officer’s reply address, still reach nobody; re-added, the officer gets a new id', async () => {
    const moved = await svc.api('POST', `/api/conferences/${conf.id}/reschedule`, {
      startsAt: '2027-02-01T10:00',
      reason: 'Chair unwell',
      requestedBy: 'Coordinator',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    await runDueJobs(svc);
    await svc.advanceTo('2027-01-06T12:00:00Z'); // the old meeting (4 January) has gone by
    const police = conf.attendees.find((a) => a.role === 'police')!;
    const again = await add({ name: 'Pat Police', email: police.email!, role: 'police', agency: 'Police' });
    expect(again).not.toBe(police.id);
    await replayAll();
    await ownLinkWorks(again);

    const reports = JSON.stringify((await stored()).reports);
    await expect(
      sendInbound({
        from: policeRequest!.email,
        to: policeRequest!.replyTo,
        subject: `RE: ${policeRequest!.subject}`,
        text: 'Report attached.',
        attachments: [{ filename: 'old.pdf', content: Buffer.from('%PDF-1.4 old'), contentType: 'application/pdf' }],
      }),
    ).rejects.toMatchObject({ responseCode: 550 });
    await runDueJobs(svc);
    await svc.idle();
    expect(JSON.stringify((await stored()).reports)).toBe(reports);
  });
});
