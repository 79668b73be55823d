/**
 * The plan as a working tool, per preset, through the running service: each action's owner is
 * reminded before it is due, an action still open the next working day is flagged to the social
 * worker and the core group chair, a done action is not, a moved due date leaves no ghost reminder,
 * and the Signs of Safety sections a policy uses reach the letters under its headings (the others
 * are refused, naming the field).
 */
import { describe, expect, it } from 'vitest';
import { byRole, create, decidedConference, settle } from '../helpers/decision-flow.ts';
import { PageClient, csrfOf, plainText, rowOf } from '../helpers/pages.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { TEST_API_KEY, hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';
import type { SmtpSink } from '../helpers/smtp-sink.ts';

type Sent = SmtpSink['messages'][number];
const start = startedServices();
const subject = (m: Sent) => m.parsed.subject ?? '';
const text = (m: Sent) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
const to = (s: TestService, address: string) => s.smtp.messages.filter((m) => m.envelopeTo.includes(address));

const SOS = {
  dangerStatements: [{ text: 'Social care are worried the children will miss health care they need', scale: 3 }],
  safetyGoals: [{ text: 'Every health appointment is kept for six months', dangerStatement: 1, scale: 4 }],
  bottomLines: ['The children are never left without an adult'],
  contingency: 'If an appointment is missed, the health visitor calls the same day',
  wordsAndPicturesSharedOn: '2027-01-04',
};
const PRESETS = [
  {
    policy: 'cumbria',
    mode: 'virtual',
    sos: SOS,
    headings: [
      'Danger statements',
      'Safety goals',
      'Professional bottom lines',
      'Contingency arrangements should safety plans not succeed',
      'Words and pictures',
    ],
    refused: undefined,
  },
  {
    policy: 'bexley',
    mode: 'virtual',
    sos: { dangerStatements: SOS.dangerStatements, safetyGoals: SOS.safetyGoals },
    headings: ['Danger statements', 'Safety goals'],
    refused: 'bottomLines',
  },
  { policy: 'hampshire', mode: 'in-person', sos: undefined, headings: [], refused: 'dangerStatements' },
  { policy: 'hackney', mode: 'virtual', sos: undefined, headings: [], refused: 'contingency' },
  { policy: 'statutory', mode: 'virtual', sos: undefined, headings: [], refused: 'safetyGoals' },
];
const row = (task: string, owner: string, dueOn: string) => ({
  risk: 'Missed health care',
  task,
  byWhom: 'as owner',
  timescale: 'soon',
  plannedOutcome: 'Health needs met',
  ownerAttendeeId: owner,
  dueOn,
});

describe.each(PRESETS)('the plan under $policy', (p) => {
  it(
    'reminds owners, flags overdue actions, and shows the policy’s Signs of Safety sections',
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const c = await create(
        s,
        hackneyInitialBody({
          policy: p.policy,
          mode: p.mode,
          ...(p.mode === 'virtual' ? {} : { venue: 'Civic Offices, Room 2' }),
        }),
      );
      await settle(s);
      const sw = byRole(c, 'social-worker');
      const hv = c.attendees.find((a) => a.role === 'professional')!;
      const jade = byRole(c, 'parent');
      const plan = [
        row('Book and attend the developmental check', hv.id, '2027-01-20'),
        row('Bring the children to the clinic', jade.id, '2027-01-20'),
        row('Visit the home weekly', sw.id, '2027-01-27'),
      ];

      if (p.refused) {
        // A section the policy does not use is refused, naming it; nothing is recorded.
        await s.advanceTo('2027-01-04T10:00');
        expect((await s.api('POST', `/api/conferences/${c.id}/start`, {})).status).toBe(200);
        // Otherwise a decision the policy accepts: key worker and visits for the plan, and why there are no reports or register.
        const outcomes = [
          {
            childId: 'c1',
            outcome: 'child-protection-plan',
            categories: ['neglect'],
            rationale: 'r',
            keyWorker: sw.id,
            visitingFrequency: 'weekly',
          },
          { childId: 'c2', outcome: 'child-in-need', rationale: 'r' },
        ];
        const reasons = {
          withoutReportsReason: 'Reports were given orally',
          inquorateReason: 'The register is on paper',
        };
        const bad = await s.api('POST', `/api/conferences/${c.id}/decision`, {
          outcomes,
          ...reasons,
          plan,
          signsOfSafety: {
            [p.refused]: p.refused === 'bottomLines' ? ['x'] : p.refused === 'contingency' ? 'x' : [{ text: 'x' }],
          },
        });
        expect(bad.status).toBe(400);
        expect(JSON.stringify(bad.body)).toContain(`signsOfSafety.${p.refused}`);
        const notOwner = await s.api('POST', `/api/conferences/${c.id}/decision`, {
          outcomes,
          ...reasons,
          plan: [row('x', 'a99', '2027-01-20')],
        });
        expect(JSON.stringify(notOwner.body)).toContain('plan.0.ownerAttendeeId');
        expect((await s.api('GET', `/api/conferences/${c.id}`)).body.decision ?? null).toBeNull();
      }
      await decidedConference(s, {
        conference: c,
        meeting: {
          at: '2027-01-04T10:00',
          decideAt: '2027-01-04T11:45',
          plan,
          decision: p.sos ? { signsOfSafety: p.sos } : {},
        },
        approveAt: '2027-01-04T11:50',
      });

      // The letters carry the policy's own sections under its headings, and the due dates.
      const proLetter = to(s, hv.email!).find((m) => subject(m).startsWith('Decision of child protection conference'))!;
      const familyLetter = to(s, jade.email!).find((m) =>
        subject(m).startsWith('The decision of your child protection meeting'),
      )!;
      for (const letter of [proLetter, familyLetter]) {
        for (const h of p.headings) expect(text(letter)).toContain(h);
        expect(text(letter).includes('Contingency arrangements')).toBe(p.policy === 'cumbria');
        expect(text(letter)).toContain('20 January 2027');
      }
      if (p.sos)
        expect(text(proLetter)).toContain(
          'Every health appointment is kept for six months (danger statement 1) Scaling: 4 out of 10 at the conference',
        );

      // The social worker's action moves before its reminder: only the new date's reminder waits.
      const moved = await s.api('POST', `/api/conferences/${c.id}/plan/p3`, {
        dueOn: '2027-02-10',
        note: 'after the school holiday',
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      const pending = (await s.api('GET', `/api/conferences/${c.id}`)).body.pendingJobs.filter((j: any) =>
        j.step.startsWith('plan-action'),
      );
      expect(pending.filter((j: any) => j.seq === 301)).toEqual([]);
      expect(
        pending
          .filter((j: any) => j.seq === 302)
          .map((j: any) => [j.step, new Date(j.runAt).toISOString()])
          .sort(),
      ).toEqual([
        ['plan-action-overdue', '2027-02-11T09:00:00.000Z'],
        ['plan-action-reminder', '2027-02-05T09:00:00.000Z'],
      ]);

      // Three working days before 20 January: each owner with email is reminded, the parent in plain words.
      await s.advanceTo('2027-01-15T09:30');
      const reminders = s.smtp.messages.filter((m) => /plan action \d due|in your plan is due/.test(subject(m)));
      expect(reminders.map((m) => m.envelopeTo[0]).sort()).toEqual([hv.email, jade.email].sort());
      expect(text(reminders.find((m) => m.envelopeTo[0] === jade.email)!)).toContain(
        'This step in the child protection plan is yours and is due on 20 January 2027',
      );
      // Trial finding: the professional was told to "POST http://…/api/conferences/…/plan/p1", an API
      // that needs the coordinator's key. She is told whom to tell instead; no API in any of these emails.
      const hvReminder = text(reminders.find((m) => m.envelopeTo[0] === hv.email)!);
      expect(hvReminder).not.toContain('/api/');
      expect(hvReminder).toContain(
        'When it is done, or if the date must change, tell the social worker or the conference coordinator (quoting',
      );
      // The parent's action is done; the health visitor's is not.
      expect(
        (await s.api('POST', `/api/conferences/${c.id}/plan/p2`, { status: 'done', note: 'clinic attended' })).status,
      ).toBe(200);
      await s.advanceTo('2027-01-21T09:30');
      const overdue = s.smtp.messages.filter((m) => subject(m).includes('overdue (due 20 January 2027)'));
      expect(overdue.map((m) => subject(m))).toEqual([
        `${c.reference}: plan action 1 overdue (due 20 January 2027)`,
        `${c.reference}: plan action 1 overdue (due 20 January 2027)`,
      ]);
      expect(overdue.map((m) => m.envelopeTo[0]).sort()).toEqual([sw.email, byRole(c, 'chair').email].sort());
      for (const m of overdue) {
        expect(text(m)).not.toContain('/api/');
        expect(text(m)).toContain('ask the conference coordinator to record its progress or a new date');
      }
      const v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
      expect(v.decision.plan.map((r: any) => [r.id, r.status, Boolean(r.overdueFlaggedAt)])).toEqual([
        ['p1', 'open', true],
        ['p2', 'done', false],
        ['p3', 'open', false],
      ]);
      // The coordinator's page shows each child's actions with owner, due date and status, and the policy's sections.
      const desk = new PageClient(s.url);
      expect(
        (
          await desk.post('/dashboard/sign-in', {
            key: TEST_API_KEY,
            _csrf: csrfOf((await desk.get('/dashboard/sign-in')).text),
          })
        ).status,
      ).toBe(303);
      const page = (await desk.get(`/dashboard/c/${c.id}`)).text.replace(/\s+/g, ' ');
      expect(page).toContain('Actions for Child 1');
      expect(page).toMatch(
        /p1: Book and attend the developmental check<\/th><td>Hana Health[^<]*<\/td><td>20 January 2027<\/td><td>Open <strong class="overdue">overdue<\/strong>/,
      );
      expect(page).toMatch(
        /p2: Bring the children to the clinic<\/th><td>Jade Testfamily[^<]*<\/td><td>20 January 2027<\/td><td>Done<\/td><td>[^<]*clinic attended/,
      );
      for (const h of p.headings) expect(page).toContain(`<h3>${h}</h3>`);

      // The coordinator's day's work lists the overdue action (not the done one, not the later one), linking to the plan.
      const home = (await desk.get('/dashboard')).text;
      const line = `Plan action 1 is overdue (due 20 January 2027): Book and attend the developmental check, owned by Hana Health`;
      expect(plainText(home)).toContain(line);
      expect(plainText(home)).toContain('Ask the owner how it stands, then record it as done or give it a new date.');
      expect(home).toContain(`href="/dashboard/c/${c.id}#plan"`);
      expect(rowOf(home, 'Needs action', c.reference, 'Plan action 1')).toContain('Overdue');
      expect(plainText(home)).not.toMatch(/Plan action [23] /);
      const work = (await s.api('GET', '/api/worklist')).body.items.filter(
        (i: any) => i.conferenceId === c.id && i.kind === 'plan-action-overdue',
      );
      expect(work.map((i: any) => [i.detail, i.urgency, i.due])).toEqual([
        ['p1', 'overdue', '16 hours overdue (was due 17:00)'],
      ]);
      // Done: off the list.
      expect((await s.api('POST', `/api/conferences/${c.id}/plan/p1`, { status: 'done', note: 'seen' })).status).toBe(
        200,
      );
      expect(plainText((await desk.get('/dashboard')).text)).not.toContain('Plan action 1 is overdue');
    },
  );
});

describe('owners with no email address', () => {
  it(
    'a parent who asked for post gets a printed reminder; a carer reached through the social worker gets one for the social worker to hand over',
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const body = hackneyInitialBody({ policy: 'cumbria', mode: 'virtual' });
      const gran = { name: 'Gran Testfamily', role: 'carer', contactPreference: 'via-social-worker' };
      const c = await create(s, { ...body, attendees: [...(body.attendees as object[]), gran] });
      await settle(s);
      const sw = byRole(c, 'social-worker');
      const marcus = c.attendees.find((a) => a.role === 'parent' && !a.email)!;
      const carer = byRole(c, 'carer');
      await decidedConference(s, {
        conference: c,
        meeting: {
          at: '2027-01-04T10:00',
          decideAt: '2027-01-04T11:45',
          plan: [
            row('Come to the parenting group', marcus.id, '2027-01-20'),
            row('Keep the bedtime routine', carer.id, '2027-01-20'),
          ],
        },
        approveAt: '2027-01-04T11:50',
      });
      await s.advanceTo('2027-01-15T09:30');

      // Marcus: a letter on the print queue, in plain words.
      const v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
      const copies = v.hardCopies.filter((h: any) => h.document === 'plan-action-p1');
      expect(copies.map((h: any) => h.attendeeId)).toEqual([marcus.id]);
      const pdf = await fetch(`${s.url}/api/conferences/${c.id}/hard-copies/${copies[0].blobId}`, {
        headers: { authorization: `Bearer ${TEST_API_KEY}` },
      });
      const letter = pdfText(Buffer.from(await pdf.arrayBuffer())).replace(/\s+/g, ' ');
      expect(letter).toContain(
        'This step in the child protection plan is yours and is due on 20 January 2027: Come to the parenting group',
      );
      expect(v.audit.filter((e: any) => e.action === 'plan.action-reminded').map((e: any) => e.detail.channel)).toEqual(
        ['letter', 'letter'],
      );
      // The carer: the social worker gets the letter to hand over (no name in the subject), nothing on the print queue.
      expect(v.hardCopies.filter((h: any) => h.document === 'plan-action-p2')).toEqual([]);
      const handOver = to(s, sw.email!).filter(
        (m) =>
          subject(m) === `${c.reference}: a letter to hand to a family member` &&
          m.parsed.attachments.some((a) => a.filename === `${c.reference}-plan-action-p2.pdf`),
      );
      expect(handOver).toHaveLength(1);
      const attached = handOver[0]!.parsed.attachments.find((a) => a.contentType === 'application/pdf')!;
      expect(pdfText(attached.content).replace(/\s+/g, ' ')).toContain(
        'This step in the child protection plan is yours and is due on 20 January 2027: Keep the bedtime routine',
      );

      // Both still open the next working day: flagged to the social worker and the core group chair.
      await s.advanceTo('2027-01-21T09:30');
      const overdue = s.smtp.messages.filter((m) => / overdue \(due 20 January 2027\)$/.test(subject(m)));
      expect(overdue.map((m) => m.envelopeTo[0]).sort()).toEqual(
        [sw.email, sw.email, byRole(c, 'chair').email, byRole(c, 'chair').email].sort(),
      );
    },
  );
});
