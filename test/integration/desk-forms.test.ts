/**
 * The dashboard's forms against the whole service, without a browser: a use-case's warnings reach the
 * page after the redirect from the server, never from the URL (a crafted `?warning=` link shows
 * nothing); the create form names every problem in one round with the API's own messages; a letter
 * that was withdrawn cannot be marked printed (API or page), the field named and nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, plainText, signedInDashboard, type PageClient } from '../helpers/pages.ts';
import { hackneyInitialBody, startTestService, TEST_API_KEY, type TestService } from '../helpers/service.ts';

let svc: TestService;
let conf: { id: string; reference: string };
const dashboard = () => signedInDashboard(svc.url, TEST_API_KEY);
/** One signed-in session for the tests that need no fresh one (the sign-in is rate limited). */
let shared: Promise<PageClient> | undefined;
const sharedDashboard = () => (shared ??= dashboard());
const count = async () => ((await svc.api('GET', '/api/conferences')).body as unknown[]).length;

beforeAll(async () => {
  svc = await startTestService();
  const r = await svc.api('POST', '/api/conferences', hackneyInitialBody());
  expect(r.status).toBe(201);
  conf = r.body;
  await svc.idle(60_000);
}, 90_000);
afterAll(async () => svc?.stop());

/** The create form, as a coordinator fills it in: `rows` of attendees by form row. */
async function postCreate(client: PageClient, fields: Record<string, string>, policy = 'hackney') {
  const form = await client.get(`/dashboard/new?policy=${policy}`);
  return client.post('/dashboard/new', { _csrf: csrfOf(form.text), policy, ...fields });
}
const person = (row: number, p: Record<string, string>) =>
  Object.fromEntries(Object.entries(p).map(([k, v]) => [`attendees-${row}-${k}`, v]));
const conference = (over: Record<string, string> = {}) => ({
  kind: 'initial',
  startsAt: '2027-01-20T10:00',
  durationMinutes: '120',
  strategyDiscussionOn: '2026-12-01',
  mode: 'virtual',
  'children-0-firstName': 'Ada',
  'children-0-lastName': 'Testkind',
  'children-0-dateOfBirth': '2020-02-02',
  ...person(0, { name: 'Chair Person', role: 'chair', email: 'chair@example.gov.uk' }),
  ...person(1, {
    name: 'Sam Social',
    role: 'social-worker',
    email: 'sw@example.gov.uk',
    agency: 'Children’s social care',
    managerEmail: 'sw.manager@example.gov.uk',
  }),
  ...person(2, { name: 'Jade Testkind', role: 'parent', email: 'jade@family.example.com' }),
  ...over,
});
const CHECK = /<strong>Check:<\/strong>/;

describe('warnings after a form', () => {
  it('a made-up ?warning= link shows nothing on a signed-in coordinator’s page', async () => {
    const client = await dashboard();
    const forged = 'Check the family’s new bank details at https://evil.example/pay';
    const page = await client.get(
      `/dashboard/c/${conf.id}?done=added&warning=${encodeURIComponent(forged)}&warnings=3&note=${'A'.repeat(22)}`,
    );
    expect(page.status).toBe(200);
    expect(page.text).not.toMatch(CHECK);
    expect(page.text).not.toContain('evil.example');
    expect(page.text).not.toContain('bank details');
    // The done-message is one of ours, by its key; an unknown key or an inherited name says nothing.
    expect(plainText(page.text)).toContain('Added: they are being sent their invitation');
    for (const key of ['__proto__', 'constructor', 'toString', 'Hello world']) {
      const other = await client.get(`/dashboard/c/${conf.id}?done=${encodeURIComponent(key)}`);
      expect(other.text, key).not.toMatch(/notice-success|function|Hello world/);
    }
  });

  it('a form’s own warnings are shown once, from the server, to the session that sent it', async () => {
    const client = await dashboard();
    const before = await count();
    // No police attendee: created, with the use-case's warning.
    const res = await postCreate(client, conference());
    expect(res.status).toBe(303);
    const to = res.location!;
    expect(to).toMatch(/^\/dashboard\/c\/[^?]+\?done=created&note=[A-Za-z0-9_-]{22}$/);
    expect(decodeURIComponent(to)).not.toMatch(/police/i);
    expect(await count()).toBe(before + 1);
    // Another coordinator's session given the same address sees no warning (and does not use it up).
    const other = await dashboard();
    expect((await other.get(to)).text).not.toMatch(CHECK);
    const page = await client.get(to);
    expect(page.text).toMatch(CHECK);
    expect(plainText(page.text)).toContain('No police attendee: police are invited to every initial conference');
    expect(plainText(page.text)).toContain('The conference is created');
    // Read once: the same address again shows the done-message only.
    const again = await client.get(to);
    expect(again.text).not.toMatch(CHECK);
    expect(plainText(again.text)).toContain('The conference is created');
    // The note is kept under an HMAC, encrypted: no warning text in any Redis key or value.
    for (const k of await svc.redisKeys()) expect(k).not.toMatch(/police|note/i);
  });
});

describe('the create form', () => {
  it('names every problem in one round, with the API’s messages, and creates nothing', async () => {
    const client = await dashboard();
    const before = await count();
    // Hampshire asks every professional for their manager's email. A malformed email (the schema), a
    // police officer with no manager's email (the policy), a strategy discussion after the conference
    // and a child born in the future (the clock), and no kind (missing).
    const fields = conference({
      kind: '',
      mode: 'in-person',
      venue: 'Civic Centre, Room 2',
      strategyDiscussionOn: '2027-01-21',
      'children-1-firstName': 'Bo',
      'children-1-dateOfBirth': '2027-06-01',
      'attendees-1-email': 'sw-at-example',
      ...person(3, { name: 'Pat Police', role: 'police', email: 'police@police.example.uk' }),
    });
    const res = await postCreate(client, fields, 'hampshire');
    expect(res.status).toBe(400);
    const text = plainText(res.text).replace(/&quot;/g, '"');
    const api = await svc.api('POST', '/api/conferences', {
      policy: 'hampshire',
      startsAt: '2027-01-20T10:00',
      strategyDiscussionOn: '2027-01-21',
      mode: 'in-person',
      venue: 'Civic Centre, Room 2',
      children: [
        { firstName: 'Ada', lastName: 'Testkind', dateOfBirth: '2020-02-02' },
        { firstName: 'Bo', dateOfBirth: '2027-06-01' },
      ],
      attendees: [
        { name: 'Chair Person', role: 'chair', email: 'chair@example.gov.uk' },
        {
          name: 'Sam Social',
          role: 'social-worker',
          email: 'sw-at-example',
          agency: 'Children’s social care',
          managerEmail: 'sw.manager@example.gov.uk',
        },
        { name: 'Jade Testkind', role: 'parent', email: 'jade@family.example.com', contactPreference: 'email' },
        { name: 'Pat Police', role: 'police', email: 'police@police.example.uk' },
      ],
    });
    // The API names the same five problems in one 400.
    expect(api.status).toBe(400);
    const issues = api.body.issues as { field: string; message: string }[];
    expect(issues.map((i) => i.field).sort()).toEqual([
      'attendees.1.email',
      'attendees.3.managerEmail',
      'children.1.dateOfBirth',
      'kind',
      'strategyDiscussionOn',
    ]);
    const message = (field: string) => issues.find((i) => i.field === field)!.message;
    // The page: every one at once, each naming its field as the form labels it, in the API's words.
    expect(text).toContain(`Kind of conference: ${message('kind')}`);
    expect(text).toContain(`Attendee 2, email: ${message('attendees.1.email')}`);
    expect(text).toContain(`Attendee 4, manager’s email: ${message('attendees.3.managerEmail')}`);
    expect(text).toContain(`Date of the strategy discussion: ${message('strategyDiscussionOn')}`);
    expect(text).toContain(`Child 2, date of birth: ${message('children.1.dateOfBirth')}`);
    expect(message('strategyDiscussionOn')).toBe('must be on or before the conference date');
    for (const id of ['kind', 'attendees-1-email', 'attendees-3-managerEmail', 'strategyDiscussionOn'])
      expect(res.text, id).toMatch(new RegExp(`id="${id}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="${id}"`));
    // What was typed stays; nothing was created.
    expect(res.text).toContain('value="Pat Police"');
    expect(await count()).toBe(before);
  });

  it('refuses a strategy discussion after today, by the form and the API in the same words, and creates nothing', async () => {
    const client = await dashboard();
    const before = await count();
    const res = await postCreate(client, conference({ strategyDiscussionOn: '2027-01-05' }));
    expect(res.status).toBe(400);
    const refusal = 'is after today (2026-12-01): give the date the strategy discussion took place';
    expect(plainText(res.text)).toContain(`Date of the strategy discussion: ${refusal}`);
    expect(res.text).toMatch(
      /id="strategyDiscussionOn"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="strategyDiscussionOn"/,
    );
    const api = await svc.api('POST', '/api/conferences', hackneyInitialBody({ strategyDiscussionOn: '2026-12-02' }));
    expect(api.status).toBe(400);
    expect(api.body.issues).toEqual([{ field: 'strategyDiscussionOn', message: refusal }]);
    expect(await count()).toBe(before);
    // Today is the latest it can be.
    expect((await postCreate(client, conference({ strategyDiscussionOn: '2026-12-01' }))).status).toBe(303);
    expect(await count()).toBe(before + 1);
  });

  it('refuses a time that happens twice the night the clocks go back, and takes it with the offset', async () => {
    const client = await dashboard();
    const before = await count();
    const fields = conference({ startsAt: '2027-10-31T01:30', strategyDiscussionOn: '2026-12-01' });
    const res = await postCreate(client, fields);
    expect(res.status).toBe(400);
    expect(plainText(res.text)).toContain(
      'Date and time (London): 2027-10-31T01:30 happens twice in London: the clocks go back on 31 October 2027, from 02:00 to 01:00; give the offset, 2027-10-31T01:30+01:00 for the first (BST) or 2027-10-31T01:30+00:00 for the second (GMT)',
    );
    // Shown as typed in a text box (a date-time picker cannot take an offset), so the offset can be added.
    expect(res.text).toMatch(/<input id="startsAt" name="startsAt" type="text" value="2027-10-31T01:30"/);
    expect(await count()).toBe(before);
    const again = await postCreate(client, { ...fields, startsAt: '2027-10-31T01:30+00:00' });
    expect(again.status).toBe(303);
    expect(await count()).toBe(before + 1);
  });
});

describe('a family member’s language, interpreter and companion from the dashboard', () => {
  it('the create form records a father who needs a Romanian interpreter and the mother’s supporter, as the API would', async () => {
    const client = await dashboard();
    const before = await count();
    // Rows 0–2: chair, social worker, Jade (mother). Row 3 left empty. Row 4 father, row 5 Jade's supporter.
    const fields = conference({
      ...person(4, {
        name: 'Mihai Testkind',
        role: 'parent',
        email: 'mihai@family.example.com',
        language: 'Romanian',
        interpreterNeeded: 'yes',
      }),
      ...person(5, { name: 'Kit Friend', role: 'supporter', email: 'kit@family.example.com', accompanies: 'row-2' }),
    });
    // The supporter linked to the empty row is refused naming that row, and nothing is created.
    const wrong = await postCreate(client, { ...fields, 'attendees-5-accompanies': 'row-3' });
    expect(wrong.status).toBe(400);
    expect(plainText(wrong.text)).toContain(
      'Attendee 6, who they come with: attendee 4 is an empty row: choose the parent or carer they come with',
    );
    expect(await count()).toBe(before);
    // Linked to the chair's row: refused in the API's words, the chair named by their row.
    const chair = await postCreate(client, { ...fields, 'attendees-5-accompanies': 'row-0' });
    expect(chair.status).toBe(400);
    expect(plainText(chair.text)).toContain('Attendee 6, who they come with: attendee 1 is chair');
    expect(await count()).toBe(before);

    const res = await postCreate(client, fields);
    expect(res.status).toBe(303);
    const id = /\/dashboard\/c\/([a-z0-9]+)/.exec(res.location ?? '')![1]!;
    const v = (await svc.api('GET', `/api/conferences/${id}`)).body;
    const byName = (n: string) => v.attendees.find((a: { name: string }) => a.name === n);
    expect(byName('Mihai Testkind')).toMatchObject({ role: 'parent', language: 'Romanian', interpreterNeeded: true });
    expect(byName('Kit Friend')).toMatchObject({ role: 'supporter', accompanies: byName('Jade Testkind').id });
    expect(byName('Jade Testkind').interpreterNeeded).toBe(false);
    const tasks = (await svc.api('GET', `/api/conferences/${id}/tasks`)).body.tasks;
    expect(tasks).toEqual([
      expect.objectContaining({
        kind: 'book-interpreter',
        subject: byName('Mihai Testkind').id,
        detail: 'an interpreter who speaks Romanian',
      }),
    ]);
    // The conference's page lists the booking to make.
    const page = plainText((await client.get(`/dashboard/c/${id}`)).text);
    expect(page).toContain('Book an interpreter who speaks Romanian: for Mihai Testkind, Parent');
  });

  it('the add form links an interpreter to the parent they come with', async () => {
    const client = await dashboard();
    const form = await client.get(`/dashboard/c/${conf.id}/people`);
    const v0 = (await svc.api('GET', `/api/conferences/${conf.id}`)).body;
    const parent = v0.attendees.find((a: { role: string }) => a.role === 'parent');
    // The choice offers the parents and carers by name, and nobody else.
    expect(form.text).toContain(`<option value="${parent.id}">${parent.name}, Parent</option>`);
    const res = await client.post(`/dashboard/c/${conf.id}/attendees/add`, {
      _csrf: csrfOf(form.text),
      'add-name': 'Ioana Interpret',
      'add-role': 'interpreter',
      'add-email': 'ioana@interpreters.example',
      'add-language': 'Romanian',
      'add-accompanies': parent.id,
      requestedBy: 'coordinator',
    });
    expect(res.status).toBe(303);
    const v = (await svc.api('GET', `/api/conferences/${conf.id}`)).body;
    expect(v.attendees.find((a: { name: string }) => a.name === 'Ioana Interpret')).toMatchObject({
      role: 'interpreter',
      language: 'Romanian',
      accompanies: parent.id,
    });
  });
});

describe('moving a conference to a bank holiday', () => {
  it('warns as booking one there does, on the page and in the API, and still moves it', async () => {
    const client = await sharedDashboard();
    const created = await svc.api('POST', '/api/conferences', {
      ...hackneyInitialBody(),
      startsAt: '2027-03-23T10:00',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    // Easter Monday 2027, the day after the clocks go forward.
    const form = await client.get(`/dashboard/c/${id}/change`);
    const res = await client.post(`/dashboard/c/${id}/reschedule`, {
      _csrf: csrfOf(form.text),
      startsAt: '2027-03-29T10:00',
      reason: 'Chair unavailable',
      requestedBy: 'coordinator',
    });
    expect(res.status).toBe(303);
    const page = plainText((await client.get(res.location!)).text);
    expect(page).toContain('2027-03-29 is not a working day (Easter Monday): check the date.');
    // Past the 15 working days from the strategy discussion too.
    expect(page).toContain('This conference is later than the Hackney policy allows');
    expect((await svc.api('GET', `/api/conferences/${id}`)).body.startsAt).toBe('2027-03-29T10:00:00+01:00');
    // The API says the same; a working day says nothing of the kind.
    const sunday = await svc.api('POST', `/api/conferences/${id}/reschedule`, {
      startsAt: '2027-03-28T11:00',
      reason: 'Moved again',
      requestedBy: 'coordinator',
    });
    expect(sunday.status).toBe(200);
    expect(sunday.body.warnings).toContain('2027-03-28 is not a working day (Sunday): check the date.');
    const tuesday = await svc.api('POST', `/api/conferences/${id}/reschedule`, {
      startsAt: '2027-03-30T10:00',
      reason: 'Moved again',
      requestedBy: 'coordinator',
    });
    expect(tuesday.body.warnings.filter((w: string) => /not a working day/.test(w))).toEqual([]);
  });
});

describe('a start outside working hours (trial finding: an offset typo booked 05:00)', () => {
  const at5 =
    'The conference starts at 05:00 London time, outside working hours (08:00 to 18:00): check the time (an offset such as +05:00 after it moves the start).';
  it('warns (but books and moves it) in the API and on the dashboard, as a day that is not a working day', async () => {
    const created = await svc.api('POST', '/api/conferences', {
      ...hackneyInitialBody(),
      startsAt: '2027-03-16T10:00+05:00',
    });
    expect(created.status).toBe(201);
    expect(created.body.warnings).toContain(at5);
    const id = created.body.id as string;
    const evening = await svc.api('POST', `/api/conferences/${id}/reschedule`, {
      startsAt: '2027-03-17T18:30',
      reason: 'Moved',
      requestedBy: 'coordinator',
    });
    expect(evening.status).toBe(200);
    expect(evening.body.warnings).toContain(
      'The conference starts at 18:30 London time, outside working hours (08:00 to 18:00): check the time (an offset such as +05:00 after it moves the start).',
    );
    const client = await sharedDashboard();
    const form = await client.get(`/dashboard/c/${id}/change`);
    const res = await client.post(`/dashboard/c/${id}/reschedule`, {
      _csrf: csrfOf(form.text),
      startsAt: '2027-03-18T07:30',
      reason: 'Chair unavailable',
      requestedBy: 'coordinator',
    });
    expect(res.status).toBe(303);
    expect(plainText((await client.get(res.location!)).text)).toContain(
      'The conference starts at 07:30 London time, outside working hours (08:00 to 18:00)',
    );
    const within = await svc.api('POST', `/api/conferences/${id}/reschedule`, {
      startsAt: '2027-03-18T18:00',
      reason: 'Moved again',
      requestedBy: 'coordinator',
    });
    expect(within.body.warnings.filter((w: string) => /outside working hours/.test(w))).toEqual([]);
    // The create form says it too.
    const made = await postCreate(client, conference({ startsAt: '2027-01-20T19:00' }));
    expect(made.status).toBe(303);
    expect(plainText((await client.get(made.location!)).text)).toContain(
      'The conference starts at 19:00 London time, outside working hours (08:00 to 18:00)',
    );
  });
});

describe('a search with an unknown field', () => {
  it('is refused naming the field, by the API and on the page', async () => {
    const api = await svc.api('GET', '/api/conferences?q=testfamily&colour=red');
    expect(api.status).toBe(400);
    expect(api.body.issues).toEqual([{ field: 'colour', message: 'not a known field' }]);
    const page = await (await sharedDashboard()).get('/dashboard/find?q=testfamily&colour=red');
    expect(page.status).toBe(400);
    expect(plainText(page.text)).toContain('There is a problem “colour” in the address: not a known field');
  });
});

describe('marking printed a letter that was withdrawn', () => {
  it('is refused naming the letter, by the API and on the page, and changes nothing', { timeout: 60_000 }, async () => {
    const view = async () => (await svc.api('GET', `/api/conferences/${conf.id}`)).body;
    const marcus = (await view()).attendees.find((a: { name: string }) => a.name === 'Marcus Testfamily');
    const original = (await view()).hardCopies.find(
      (h: { attendeeId: string; document: string }) => h.attendeeId === marcus.id && h.document === 'invitation',
    );
    // Moved before it was printed: the updated invitation replaces it on the print list.
    const moved = await svc.api('POST', `/api/conferences/${conf.id}/reschedule`, {
      startsAt: '2027-01-06T10:00',
      reason: 'The chair is ill',
      requestedBy: 'Chair Person',
    });
    expect(moved.status).toBe(200);
    await svc.idle();
    const withdrawn = (await view()).hardCopies.find((h: { blobId: string }) => h.blobId === original.blobId);
    expect(withdrawn).toMatchObject({ withdrawnReason: 'superseded' });
    const before = await view();

    const api = await svc.api('POST', `/api/conferences/${conf.id}/hard-copies/${original.blobId}/printed`, {});
    expect(api.status).toBe(400);
    expect(api.body.issues).toEqual([
      {
        field: 'blobId',
        message: expect.stringMatching(/^this letter is not on the print list: not needed: replaced/),
      },
    ]);

    const client = await sharedDashboard();
    const page = await client.get(`/dashboard/c/${conf.id}`);
    const res = await client.post(`/dashboard/c/${conf.id}/hard-copies/${original.blobId}/printed`, {
      _csrf: csrfOf(page.text),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const text = plainText(res.text);
    expect(text).toContain('Not marked printed');
    expect(text).toContain('Letter: this letter is not on the print list: not needed: replaced by a later letter');
    expect(text).toContain('Nothing was changed');

    const after = await view();
    expect(after.hardCopies).toEqual(before.hardCopies);
    expect(after.audit.length).toBe(before.audit.length);
  });
});
