/**
 * Who got what, under every policy preset, through the running service (real Redis, real SMTP
 * sink, real HTTP). One conference per preset: half-siblings (Ruby is Jade's, Leo is Jade's and
 * Marcus's), Jade present with an interpreter and a solicitor as her supporter, Marcus absent and
 * written to by post, separate parents' slots where the policy has a parents' slot, the child's
 * advocate for Leo, a confidential note and a part of the meeting Jade was asked to leave. After
 * approval and circulation it reads every message in the SMTP sink (text, html, calendar parts,
 * letter PDFs), every letter on the print queue and the personal-link pages of the family and their
 * companions, and asserts per recipient what reached them: the confidential note, the excluded part
 * and the child's own words reach only the professionals who were there (never a manager copied
 * under the policy), each parent's own words reach only that parent, and each parent gets only their
 * own children's decisions. Bad input (a view from a role that gives none, a child who is not that
 * parent's, a report filed for someone not asked for one) is refused naming the field and changes
 * nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hardCopyPdf } from '../../src/app/post-and-texts/hard-copies.ts';
import { queueUnprovenReport } from '../../src/app/reports/inbound-queue.ts';
import { PRESETS } from '../../src/domain/policy/presets/index.ts';
import { linkPath, PageClient, snapshot } from '../helpers/pages.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { startTestService, type TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

type Msg = TestService['smtp']['messages'][number];

const CONFIDENTIAL = 'CONFIDENTIAL-MARKER the referrer is the neighbour at number 12';
const EXCLUDED = 'EXCLUDED-MARKER police information about the new partner';
const CHILD = 'CHILD-WORDS I hide upstairs when dad comes round';
const CHILD_SHARE = 'Leo would like to keep going to his football club';
const MOTHER = 'MOTHER-WORDS I have done every course the social worker asked';
const FATHER = 'FATHER-WORDS I want to see Leo every weekend';

const CHAIR = 'chair@example.gov.uk';
const SW = 'sw@example.gov.uk';
const HV = 'hv@nhs.example.org';
const POLICE = 'police@police.example.uk';
const MINUTES = 'minutes@example.gov.uk';
const MANAGERS = ['sw.manager@example.gov.uk', 'hv.manager@nhs.example.org', 'police.manager@police.example.uk'];
const JADE = 'jade@family.example.com';
const INTERPRETER = 'interpreter@language.example.com';
const SOLICITOR = 'solicitor@law.example.com';
const ADVOCATE = 'advocate@advocacy.example.org';
/** Marcus has no email: his letters go to the print queue. */
const MARCUS_POST = 'post:a6';
/** The professionals who were at the conference. */
const PROS = new Set([CHAIR, SW, HV, POLICE, MINUTES]);

/** Ruby (c1) is Jade's; Leo (c2) is Jade's and Marcus's. */
function body(policyId: string) {
  const slots = PRESETS[policyId]!.parentsSlot !== null;
  return {
    policy: policyId,
    kind: 'initial',
    startsAt: '2027-01-04T10:00',
    durationMinutes: 120,
    strategyDiscussionOn: '2026-12-01',
    mode: 'in-person',
    venue: 'Civic Offices, Room 2',
    children: [
      { firstName: 'Ruby', lastName: 'Testfamily', dateOfBirth: '2019-05-02' },
      { firstName: 'Leo', lastName: 'Testfamily', dateOfBirth: '2022-09-17' },
    ],
    attendees: [
      { name: 'Chair Person', email: CHAIR, role: 'chair', agency: 'Safeguarding and Reviewing' }, // a1
      {
        name: 'Sam Social',
        email: SW,
        role: 'social-worker',
        agency: "Children's social care",
        managerEmail: MANAGERS[0],
      }, // a2
      { name: 'Hana Health', email: HV, role: 'professional', agency: 'Health visiting', managerEmail: MANAGERS[1] }, // a3
      { name: 'Pat Police', email: POLICE, role: 'police', agency: 'Police', managerEmail: MANAGERS[2] }, // a4
      {
        name: 'Jade Testfamily',
        email: JADE,
        role: 'parent',
        contactPreference: 'email',
        childIds: ['c1', 'c2'],
        ...(slots ? { preMeetingStartsAt: '2027-01-04T10:00' } : {}),
      }, // a5
      {
        name: 'Marcus Otherfamily',
        role: 'parent',
        contactPreference: 'post',
        postalAddress: ['Marcus Otherfamily', '14 Example Street', 'Testtown', 'TE1 1ST'],
        childIds: ['c2'],
        ...(slots ? { preMeetingStartsAt: '2027-01-04T10:15' } : {}),
      }, // a6
      { name: 'Ines Interpreter', email: INTERPRETER, role: 'interpreter', language: 'Portuguese', accompanies: 'a5' }, // a7
      { name: 'Sol Solicitor', email: SOLICITOR, role: 'supporter', agency: 'Solicitor', accompanies: 'a5' }, // a8
      { name: 'Ada Advocate', email: ADVOCATE, role: 'advocate', agency: 'Advocacy service' }, // a9: Leo's advocate
      { name: 'Mina Minutes', email: MINUTES, role: 'minute-taker', agency: 'Business support' }, // a10
    ],
  };
}

/** Something one person received or could open, as plain text. */
interface Seen {
  kind: string;
  to: string[];
  text: string;
}

const flat = (s: string) => s.replace(/\s+/g, ' ');
/** Everything a reader of the message sees: subject, text, html, calendar parts and PDF letters. */
function readMessage(m: Msg): Seen {
  const parts = [m.parsed.subject ?? '', m.parsed.text ?? '', typeof m.parsed.html === 'string' ? m.parsed.html : ''];
  for (const a of m.parsed.attachments) {
    if (a.contentType === 'application/pdf') parts.push(pdfText(a.content));
    else if (/^text\//i.test(a.contentType)) parts.push(a.content.toString('utf8'));
  }
  return { kind: `mail "${m.parsed.subject}"`, to: m.envelopeTo, text: flat(parts.join('\n')) };
}

async function ok(s: TestService, method: string, path: string, body?: unknown): Promise<any> {
  const r = await s.api(method, path, body);
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
  return r.body;
}

const isDecision = (x: Seen) =>
  /Decision of child protection conference|The decision of your child protection meeting/.test(x.text);

describe.each(Object.keys(PRESETS))('who got what under the %s policy', (policyId) => {
  const policy = PRESETS[policyId]!;
  let s: TestService;
  let id: string;
  let base: string;
  const pages: Seen[] = [];
  const printed: Seen[] = [];
  const read = new Set<string>();
  /** Reads each letter on the print queue not read yet (a letter's PDF is kept only while it is to be printed). */
  async function readLetters(): Promise<void> {
    const c = (await s.api('GET', base)).body;
    for (const h of c.hardCopies as { blobId: string; attendeeId: string; document: string }[]) {
      if (read.has(h.blobId)) continue;
      const pdf = await hardCopyPdf(s.rt.deps, id, h.blobId).catch(() => undefined);
      if (!pdf) continue;
      read.add(h.blobId);
      const a = c.attendees.find((x: any) => x.id === h.attendeeId);
      printed.push({ kind: `printed ${h.document}`, to: [a.email ?? `post:${a.id}`], text: flat(pdfText(pdf.data)) });
    }
  }

  beforeAll(async () => {
    s = await startTestService();
    const created = await ok(s, 'POST', '/api/conferences', body(policyId));
    id = created.id;
    base = `/api/conferences/${id}`;
    await s.advanceTo('2026-12-01T09:00:01Z');
    // The family's and companions' pages before the meeting.
    for (const a of ['a5', 'a7', 'a8', 'a9']) pages.push(await page(a, 'rsvp'));
    // Marcus's invitation letter, while it is on the print queue (it is withdrawn unprinted once the meeting is held).
    await readLetters();
    await s.advanceTo('2027-01-04T10:00');
    await ok(s, 'POST', `${base}/start`, {});
    await ok(s, 'POST', `${base}/attendance`, {
      present: ['a1', 'a2', 'a3', 'a4', 'a5', 'a7', 'a8', 'a9', 'a10'],
      apologies: ['a6'],
    });
    await ok(s, 'POST', `${base}/exclusions`, { attendeeId: 'a5', part: EXCLUDED, ground: policy.exclusionGrounds[0] });
    for (const childId of ['c1', 'c2']) {
      const rec =
        childId === 'c1'
          ? { recommendation: 'child-protection-plan', categories: ['neglect'] }
          : { recommendation: 'child-in-need', categories: [] };
      for (const who of [SW, HV, POLICE])
        await ok(s, 'POST', `${base}/views`, {
          attendeeEmail: who,
          childId,
          ...rec,
          rationale: `Agency view from ${who}`,
        });
    }
    await ok(s, 'POST', `${base}/views`, {
      attendeeId: 'a5',
      childId: 'c1',
      recommendation: 'child-in-need',
      rationale: MOTHER,
    });
    // Marcus sent his view in writing.
    await ok(s, 'POST', `${base}/views`, {
      attendeeId: 'a6',
      childId: 'c2',
      recommendation: 'child-in-need',
      rationale: FATHER,
    });
    await ok(s, 'POST', `${base}/views`, {
      attendeeId: 'a9',
      childsView: true,
      childId: 'c2',
      rationale: CHILD,
      mayShare: CHILD_SHARE,
    });
  }, 60_000);

  afterAll(async () => {
    await s?.stop();
  });

  async function page(attendeeId: string, purpose: 'rsvp' | 'views'): Promise<Seen> {
    const c = (await s.api('GET', base)).body;
    const a = c.attendees.find((x: any) => x.id === attendeeId);
    const res = await new PageClient(s.url).get(await linkPath(s, id, attendeeId, purpose));
    expect(res.status, `${purpose} page of ${attendeeId}`).toBe(200);
    return { kind: `${purpose} page`, to: [a.email ?? `post:${attendeeId}`], text: flat(res.text) };
  }

  it('refuses a view from a role that gives none, a child who is not that parent’s and a report from someone not asked, naming the field, and changes nothing', async () => {
    const refused = async (what: string, path: string, req: unknown, field: string, message: string | RegExp) => {
      const before = await snapshot(s, id);
      const r = await s.api('POST', path, req);
      expect(r.status, what).toBe(400);
      expect(r.body.issues, what).toEqual([{ field, message: expect.stringMatching(message) }]);
      expect(await snapshot(s, id), what).toEqual(before);
    };
    await refused(
      'the solicitor’s view',
      `${base}/views`,
      { attendeeEmail: SOLICITOR, childId: 'c1', recommendation: 'child-in-need', rationale: 'My client disagrees' },
      'attendeeEmail',
      /a supporter \(a8\) does not give a view/,
    );
    await refused(
      'the interpreter’s view',
      `${base}/views`,
      { attendeeId: 'a7', childId: 'c2', recommendation: 'child-in-need', rationale: 'I think' },
      'attendeeId',
      /an interpreter \(a7\) does not give a view/,
    );
    await refused(
      'the minute taker’s view',
      `${base}/views`,
      { attendeeEmail: MINUTES, childId: 'c1', recommendation: 'child-in-need', rationale: 'Noted' },
      'attendeeEmail',
      /a minute taker \(a10\) does not give a view/,
    );
    await refused(
      'Marcus’s view for Ruby',
      `${base}/views`,
      { attendeeId: 'a6', childId: 'c1', recommendation: 'child-in-need', rationale: 'Not my child' },
      'childId',
      /^c1 is not one of a6's children \(c2\)$/,
    );
    // A message queued for the coordinator under Jade (as an unproven mail would be), confirmed as her report.
    const { item } = await queueUnprovenReport(s.rt.deps, {
      conferenceId: id,
      attendeeId: 'a5',
      from: JADE,
      subject: 'My report',
      reason: 'test',
      size: 10,
      text: 'A report from a parent',
      attachments: [],
      withheld: [],
    });
    await refused(
      'a report from a parent',
      `${base}/inbound/${item.id}`,
      { action: 'confirm' },
      'attendeeId',
      /^a parent is not asked for a report$/,
    );
    expect((await s.api('GET', `${base}/inbound/${item.id}`)).body.item.status).toBe('pending');
  });

  it('sends and shows each person exactly their share', { timeout: 90_000 }, async () => {
    await ok(s, 'POST', `${base}/decision`, {
      outcomes: [
        {
          childId: 'c1',
          outcome: 'child-protection-plan',
          categories: ['neglect'],
          rationale: 'Neglect of health needs over a long period',
          scale: 3,
          // Where the policy asks for them (Hampshire): the key worker and how often they visit.
          ...(policy.childProtectionPlan.keyWorker ? { keyWorker: 'a2' } : {}),
          ...(policy.childProtectionPlan.visitingFrequency
            ? { visitingFrequency: 'at least every 10 working days' }
            : {}),
        },
        {
          childId: 'c2',
          outcome: 'child-in-need',
          categories: [],
          rationale: 'Needs are met at home with support',
          scale: 5,
        },
      ],
      plan: [
        {
          risk: 'Missed health appointments',
          task: 'Take the children to every health appointment',
          byWhom: 'Jade with the health visitor',
          timescale: 'From now',
          plannedOutcome: 'All appointments kept',
        },
      ],
      coreGroup: ['a2', 'a3', 'a5'],
      confidentialNotes: CONFIDENTIAL,
      withoutReportsReason: 'Reports were given orally at the meeting',
    });
    // The family's and companions' own pages once the decision is taken.
    for (const a of ['a5', 'a6', 'a7', 'a8', 'a9']) pages.push(await page(a, 'views'));
    await ok(s, 'POST', `${base}/decision/approve`, {});
    await s.idle();
    const told = { explainedBy: 'social-worker', how: 'in-person', view: 'told-them' };
    // Jade left part of the meeting: her letter (and her interpreter's and supporter's) waits until she is told.
    await ok(s, 'POST', `${base}/circulation/a5/told`, told);
    if (policy.circulation.tellAbsentParentsInPerson) {
      // Cumbria: Marcus's letter waits for the social worker's visit.
      await ok(s, 'POST', `${base}/circulation/a6/told`, told);
    }
    await s.advanceTo(new Date(Date.parse('2027-01-04T12:00:00Z') + 60_000).toISOString());
    await until(
      'circulation done',
      async () => {
        const c = (await s.api('GET', base)).body;
        return c.state === 'follow-up' && c;
      },
      30_000,
    );
    await s.idle();

    const seen: Seen[] = s.smtp.messages.map(readMessage);
    await readLetters();
    seen.push(...printed, ...pages);
    const to = (who: string) => seen.filter((x) => x.to.includes(who));

    // What was read: mail to everyone with an address, Marcus's invitation and decision on the print queue, nine pages.
    for (const who of [...PROS, JADE, INTERPRETER, SOLICITOR, ADVOCATE])
      expect(to(who).filter((x) => x.kind.startsWith('mail')).length, who).toBeGreaterThan(0);
    expect(
      to(MARCUS_POST)
        .filter((x) => x.kind.startsWith('printed'))
        .map((x) => x.kind),
    ).toEqual(expect.arrayContaining(['printed invitation', 'printed decision-letter']));
    expect(pages).toHaveLength(9);

    // 1. Secrets: each reaches only those allowed it.
    const managersMay = policy.circulation.copyManagers ? MANAGERS : [];
    const allowed: [string, Set<string>][] = [
      [CONFIDENTIAL, PROS],
      [EXCLUDED, PROS],
      [CHILD, PROS],
      [MOTHER, new Set([...PROS, ...managersMay, JADE, INTERPRETER, SOLICITOR])],
      [FATHER, new Set([...PROS, ...managersMay, MARCUS_POST])],
    ];
    const leaks = seen.flatMap((x) =>
      allowed.flatMap(([secret, may]) =>
        x.text.includes(secret)
          ? x.to.filter((t) => !may.has(t)).map((t) => `${secret.split(' ')[0]} in ${x.kind} to ${t}`)
          : [],
      ),
    );
    expect(leaks).toEqual([]);

    // 2. The professionals at the conference get the whole record.
    for (const pro of PROS) {
      const letter = to(pro).find(
        (x) => x.kind.startsWith('mail') && /^mail "Decision of child protection conference/.test(x.kind),
      );
      expect(letter, pro).toBeDefined();
      for (const all of [CONFIDENTIAL, EXCLUDED, CHILD, MOTHER, FATHER, 'Ruby', 'Leo'])
        expect(letter!.text, `${all} to ${pro}`).toContain(all);
    }

    // 3. Jade was asked to leave part of the meeting: her letter says so and carries no views; her interpreter and solicitor get her letter, never more.
    const jade = to(JADE).filter((x) => x.kind.startsWith('mail') && isDecision(x));
    expect(jade).toHaveLength(1);
    expect(jade[0]!.text).toContain('You were asked to leave part of the meeting');
    expect(jade[0]!.text).toContain('Ruby');
    expect(jade[0]!.text).toContain('Leo');
    for (const companion of [INTERPRETER, SOLICITOR]) {
      const theirs = to(companion).filter((x) => x.kind.startsWith('mail') && isDecision(x));
      expect(theirs, companion).toHaveLength(1);
      expect(theirs[0]!.text, companion).toBe(jade[0]!.text);
    }

    // 4. Marcus, absent, by post: only Leo's decision, his own written words, what Leo may have shared; the visit only where the policy asks.
    const marcus = to(MARCUS_POST).filter((x) => x.kind === 'printed decision-letter');
    expect(marcus, JSON.stringify(to(MARCUS_POST).map((x) => x.kind))).toHaveLength(1);
    const m = marcus[0]!.text;
    expect(m).toContain('Leo');
    expect(m).not.toContain('Ruby');
    expect(m).toContain(FATHER);
    expect(m).toContain(CHILD_SHARE);
    expect(m).toContain('We are sorry you could not come');
    if (policy.circulation.tellAbsentParentsInPerson)
      expect(m).toMatch(/social worker (has been asked to visit you|met you to explain what was decided)/);
    else expect(m).not.toMatch(/asked to visit you|told you about the decision in person/);
    // Nobody emailed Marcus a thing (he has no email), and nothing for him went to Jade's side.
    expect(
      seen
        .filter((x) => x.text.includes('Marcus') && x.to.some((t) => [JADE, INTERPRETER, SOLICITOR].includes(t)))
        .map((x) => x.kind),
    ).toEqual([]);

    // 5. The child's advocate is sent no decision and none of the family's letters.
    expect(
      to(ADVOCATE)
        .filter(isDecision)
        .map((x) => x.kind),
    ).toEqual([]);

    // 6. Managers: a copy without the confidential note or the child's words only where the policy copies them.
    for (const manager of MANAGERS) {
      const copies = to(manager).filter(isDecision);
      if (!policy.circulation.copyManagers) {
        expect(
          copies.map((x) => x.kind),
          manager,
        ).toEqual([]);
        continue;
      }
      expect(copies, manager).toHaveLength(1);
      expect(copies[0]!.text).toContain('Copy for the manager');
      expect(copies[0]!.text).toContain(CHILD_SHARE);
      for (const never of [CONFIDENTIAL, CHILD, EXCLUDED])
        expect(copies[0]!.text, `${never} to ${manager}`).not.toContain(never);
    }

    // 7. Separate slots where the policy has a parents' slot: Jade's side is never told Marcus's time, and the advocate neither.
    if (policy.parentsSlot) {
      const jadeSide = seen.filter((x) => x.to.some((t) => [JADE, INTERPRETER, SOLICITOR, ADVOCATE].includes(t)));
      for (const x of jadeSide) expect(x.text, `${x.kind} to ${x.to.join(',')}`).not.toMatch(/10:15|T101500/);
      const marcusInvite = to(MARCUS_POST).find((x) => x.kind === 'printed invitation');
      expect(marcusInvite?.text).toContain('10:15');
    }
  });
});
