/**
 * Supporters and advocates get an invitation written for them, through the running service: who
 * they come with (by role, never the parent's name), when to come and what the meeting is. A child's
 * advocate (one who comes with no parent) starts when the meeting does, never in a parent's private
 * time with the chair, and gets none of the parents' wording.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsOf, parseIcs } from '../../src/content/ics.ts';
import { findAcronyms } from '../../src/content/templates/family-invite.ts';
import { hackneyInitialBody, runDueJobs, startTestService, type TestService } from '../helpers/service.ts';
import { linksInMail, PageClient } from '../helpers/pages.ts';
import { until } from '../helpers/wait.ts';

type Msg = TestService['smtp']['messages'][number];

const JADE = 'jade@family.example.com';
const MARCUS = 'marcus@family.example.com';
const SUPPORTER = 'sally@womensaid.example.org';
const CHILDS_ADVOCATE = 'ada@advocacy.example.org';
const PARENTS_ADVOCATE = 'pip@parentadvocacy.example.org';
/** What only a parent's invitation says. */
const PARENTS_WORDING = [
  /to talk with the chair/,
  /You can bring a solicitor/,
  /To ask for an advocate, tell the social worker/,
  /You can bring a supporter/,
];

const text = (m: Msg) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
const icsOf = (m: Msg) =>
  m.parsed.attachments.find((a) => /^text\/calendar$/i.test(a.contentType))!.content.toString('utf8');
const startOf = (m: Msg) => new Date(eventsOf(parseIcs(icsOf(m)))[0]!.start).toISOString();
const everything = (m: Msg) =>
  [m.parsed.subject ?? '', m.parsed.text ?? '', typeof m.parsed.html === 'string' ? m.parsed.html : '', icsOf(m)].join(
    '\n',
  );

describe('invitations for supporters and advocates', () => {
  let s: TestService;
  let reference: string;
  const invitation = (email: string) =>
    s.smtp.messages.find(
      (m) => m.envelopeTo[0] === email && /^<send-invites-a\d+-v1\./.test(m.parsed.messageId ?? ''),
    )!;

  beforeAll(async () => {
    s = await startTestService();
    const b = hackneyInitialBody() as { attendees: Record<string, unknown>[] } & Record<string, unknown>;
    // Separated parents, each with their own time with the chair: Jade at 10:00, Marcus at 10:15; professionals at 10:30.
    b.attendees = b.attendees.map((a) =>
      a.name === 'Jade Testfamily'
        ? { ...a, preMeetingStartsAt: '2027-01-04T10:00' }
        : a.name === 'Marcus Testfamily'
          ? { name: 'Marcus Testfamily', role: 'parent', email: MARCUS, preMeetingStartsAt: '2027-01-04T10:15' }
          : a,
    );
    const jade = `a${b.attendees.findIndex((a) => a.name === 'Jade Testfamily') + 1}`;
    const marcus = `a${b.attendees.findIndex((a) => a.name === 'Marcus Testfamily') + 1}`;
    b.attendees.push(
      { name: 'Sally Supporter', role: 'supporter', email: SUPPORTER, accompanies: marcus },
      { name: 'Pip Advocate', role: 'advocate', email: PARENTS_ADVOCATE, accompanies: jade },
      { name: 'Ada Advocate', role: 'advocate', email: CHILDS_ADVOCATE, agency: 'Advocacy service' },
    );
    const r = await s.api('POST', '/api/conferences', b);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    reference = r.body.reference;
    await runDueJobs(s);
    await until(
      'invitations',
      () => [SUPPORTER, CHILDS_ADVOCATE, PARENTS_ADVOCATE, JADE, MARCUS].every((e) => invitation(e)) || undefined,
    );
  });
  afterAll(async () => s?.stop());

  it('tells a supporter whom they come with (a parent, never a name), when, and what the meeting is', () => {
    const m = invitation(SUPPORTER);
    const t = text(m);
    expect(m.parsed.subject).toBe(
      `Child protection meeting on Mon 4 Jan 2027, as a supporter (reference ${reference})`,
    );
    expect(t).toContain(
      'You are invited to a child protection meeting (called a conference) as a supporter for a parent. You come with them: the meeting is about their family.',
    );
    expect(t).toContain(
      'The meeting is on Monday 4 January 2027. ** Please join at 10:15, with the parent you come with, before the other people join at 10:30. ** It should finish by about 12:00.',
    );
    expect(t).toContain(
      'The meeting decides whether each child needs a child protection plan. The chair makes the final decision.',
    );
    expect(t).toContain(
      'You are there for the parent you come with: to be with them, help them follow what is said and help them say what they think. You do not give a view of your own about the decision.',
    );
    expect(t).toContain('If you are a solicitor, you come as a supporter');
    expect(startOf(m)).toBe('2027-01-04T10:15:00.000Z');
    // Not Marcus's name, not Jade's time, not the parents' wording.
    expect(everything(m)).not.toMatch(/Marcus|Jade|Testfamily|10:00|T100000/);
    for (const words of PARENTS_WORDING) expect(t).not.toMatch(words);
    expect(findAcronyms(t, reference)).toEqual([]);
  });

  it("tells a parent's advocate they come with a parent, at that parent's time", () => {
    const m = invitation(PARENTS_ADVOCATE);
    const t = text(m);
    expect(t).toContain('as an advocate for a parent. You come with them');
    expect(t).toContain('Please join at 10:00, with the parent you come with, before the other people join at 10:30.');
    expect(t).toContain('to help them say what they think and make sure they are heard');
    expect(startOf(m)).toBe('2027-01-04T10:00:00.000Z');
    expect(everything(m)).not.toMatch(/Marcus|Jade|Testfamily|10:15|T101500/);
  });

  it("starts a child's advocate when the meeting starts, never in a parent's private time, with none of the parents' wording", () => {
    const m = invitation(CHILDS_ADVOCATE);
    const t = text(m);
    expect(m.parsed.subject).toBe(
      `Child protection meeting on Mon 4 Jan 2027, as the child’s advocate (reference ${reference})`,
    );
    expect(t).toContain(
      'You are invited to a child protection meeting (called a conference) as the advocate for the child the meeting is about.',
    );
    expect(t).toContain(
      'The meeting is on Monday 4 January 2027. ** Please join at 10:30, when the meeting starts. ** It should finish by about 12:00.',
    );
    expect(t).toContain('You help the child share their views, wishes and feelings.');
    expect(t).toContain('tell the chair: the chair decides what may be shared with the family');
    expect(startOf(m)).toBe('2027-01-04T10:30:00.000Z');
    expect(icsOf(m)).toMatch(/DTSTART;TZID=Europe\/London:20270104T103000/);
    // Neither parent's slot, nor anything of the parents' letter.
    expect(everything(m)).not.toMatch(/10:00|10:15|T100000|T101500|Marcus|Jade|a parent/);
    for (const words of PARENTS_WORDING) expect(t).not.toMatch(words);
  });

  it("gives each their own time on their answer page, and the parents' lines and a colleague to send only to those they are for", async () => {
    const client = new PageClient(s.url);
    const page = async (email: string) => {
      const path = linksInMail(s, email)[0]!;
      const html = (await client.get(path)).text;
      return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    };
    const advocate = await page(CHILDS_ADVOCATE);
    expect(advocate).toContain('Monday 4 January 2027, please come at 10:30 (London time)');
    expect(advocate).not.toMatch(/10:00|10:15|If your child would like an advocate|a colleague to go in your place/);
    expect(advocate).toContain('Can you come to the meeting as the advocate for the child?');
    const supporter = await page(SUPPORTER);
    expect(supporter).toContain('Monday 4 January 2027, please come at 10:15 (London time)');
    expect(supporter).toMatch(/Can you come to the meeting as a supporter for a (parent|carer)\?/);
    expect(supporter).not.toMatch(/10:00|If your child would like an advocate|a colleague to go in your place/);
    // Marcus's own slot, not the shared parents' time (which is Jade's).
    const marcus = await page(MARCUS);
    expect(marcus).toContain('Monday 4 January 2027, please come at 10:15 (London time)');
    expect(marcus).toContain('If your child would like an advocate');
    expect(marcus).not.toContain('10:00');
  });

  it('still gives the parents their own letter', () => {
    const t = text(invitation(MARCUS));
    // "Who will be there" tells the child's advocate from Jade's own advocate (not "speaks up for the child's views" twice over).
    expect(t).toContain("- an advocate, who speaks up for the child's views");
    expect(t).toContain('- an advocate for the parents, who helps them say what they think');
    expect(t).toContain(
      'Please join at 10:15 to talk with the chair on your own before the other people join at 10:30.',
    );
    expect(t).toContain('You can bring a solicitor');
  });
});
