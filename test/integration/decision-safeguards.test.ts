/**
 * Statutory safeguards at the decision, enforced and not only warned about (issues #19.3, #18.5),
 * through the running service: deciding without the social worker's report or with no report at all
 * (both under every preset), or inquorate, needs
 * the chair's recorded reason, which is audited and shown in the professionals' letter; the
 * policy's required fields (Cumbria's chair's overall scale, Hampshire's key worker and visiting
 * frequency) are refused when missing, naming the field, and nothing changes. Each preset's quorum:
 * Hackney's register, Cumbria's police at every initial conference, Bexley's and Working Together's
 * two other agencies.
 */
import { getPreset } from '../../src/domain/policy/presets/index.ts';
import { describe, expect, it } from 'vitest';
import { byRole, create, decidedConference, settle, type Created } from '../helpers/decision-flow.ts';
import { snapshot, uploadReport } from '../helpers/pages.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { oneService, PRESETS as EVERY_PRESET, presetConference, presetsOnMondays } from '../helpers/every-preset.ts';
import { hackneyInitialBody, startedServices, TEST_API_KEY, type TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

const start = startedServices();
type Msg = TestService['smtp']['messages'][number];
const text = (m: Msg) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
const letterTo = (s: TestService, email: string) =>
  until(
    `the decision letter to ${email}`,
    () =>
      s.smtp.messages.find(
        (m) =>
          m.envelopeTo.includes(email) &&
          /^Decision of child protection conference|^The decision of your child protection meeting/.test(
            m.parsed.subject ?? '',
          ),
      ),
    20_000,
  );

const OUTCOMES = [
  {
    childId: 'c1',
    outcome: 'child-protection-plan',
    categories: ['neglect'],
    rationale: 'Neglect of health needs',
    scale: 3,
  },
  { childId: 'c2', outcome: 'child-in-need', categories: [], rationale: 'Needs met with support', scale: 6 },
];
const HV_REASON = 'HVREASON the social worker was taken ill; the health visitor report and the chronology were read';
const QUORUM_REASON = 'QUORUMREASON police sent a written contribution; delay would leave the baby unprotected';

async function meeting(
  s: TestService,
  c: Created,
  present: (a: Created['attendees'][number]) => boolean,
  at = '2027-01-04T10:00',
): Promise<string> {
  await s.advanceTo(at);
  const base = `/api/conferences/${c.id}`;
  expect((await s.api('POST', `${base}/start`, {})).status).toBe(200);
  const r = await s.api('POST', `${base}/attendance`, {
    present: c.attendees.filter((a) => a.role !== 'child' && present(a)).map((a) => a.id),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return base;
}

async function refused(
  s: TestService,
  c: Created,
  body: Record<string, unknown>,
  issues: { field: string; message: string | RegExp }[],
): Promise<void> {
  const before = await snapshot(s, c.id);
  const r = await s.api('POST', `/api/conferences/${c.id}/decision`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(r.body.issues).toEqual(
    issues.map((i) => ({
      field: i.field,
      message: typeof i.message === 'string' ? i.message : expect.stringMatching(i.message),
    })),
  );
  expect(await snapshot(s, c.id)).toEqual(before);
  expect((await s.api('GET', `/api/conferences/${c.id}`)).body.state).toBe('in-session');
}

// Every preset, one service: each preset's meeting on its own Monday, its letters found by reference.
describe('the social work report at the decision, under every preset', () => {
  const s = oneService();
  /** When the health visitor's report arrives: before each preset's Monday. */
  const UPLOAD: Record<string, string> = {
    statutory: '2026-12-28',
    hackney: '2027-01-07',
    cumbria: '2027-01-14',
    hampshire: '2027-01-21',
    bexley: '2027-01-28',
  };
  // Cumbria's conference here meets in person too.
  const PRESETS = presetsOnMondays({
    presets: EVERY_PRESET.map((p) => (p.policy === 'cumbria' ? { ...p, mode: 'in-person' as const } : p)),
  }).map((p) => ({ ...p, upload: UPLOAD[p.policy]! }));
  it.each(PRESETS)(
    '$policy: no social work report → refused until the chair records why; the reason is audited and in the letter and the record; no report at all and no register → both reasons asked for at once; the quorum without police',
    { timeout: 90_000 },
    async (p) => {
      const c = await create(s, presetConference(p));
      // The same family's second conference that afternoon, with no report at all.
      const none = await create(s, presetConference(p, { startsAt: `${p.on}T14:00` }));
      await settle(s);
      const letter = (email: string) =>
        until(
          `the decision letter to ${email}`,
          () =>
            s.smtp.messages.find(
              (m) =>
                m.envelopeTo.includes(email) &&
                (m.parsed.subject ?? '').includes(c.reference) &&
                /^Decision of child protection conference|^The decision of your child protection meeting/.test(
                  m.parsed.subject ?? '',
                ),
            ),
          20_000,
        );
      // The health visitor's report arrives; the social worker's never does.
      await s.advanceTo(`${p.upload}T10:00`);
      await uploadReport(s, c.id, byRole(c, 'professional').id, {
        text: 'HV report: what is working well.',
        ...(p.policy === 'hampshire' ? { signedBy: 'Hana Health', readBy: 'Team manager' } : {}),
      });
      const base = await meeting(s, c, () => true, `${p.on}T10:00`);
      const sw = byRole(c, 'social-worker').id;
      // The key worker and visiting frequency: Hampshire asks for them with a plan.
      const outcomes = [
        { ...OUTCOMES[0], keyWorker: sw, visitingFrequency: 'at least every 10 working days' },
        OUTCOMES[1],
      ];
      await refused(s, c, { outcomes }, [
        { field: 'withoutReportsReason', message: /^the social worker’s report has not been received: record why/ },
      ]);
      const r = await s.api('POST', `${base}/decision`, { outcomes, withoutReportsReason: HV_REASON });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.decision.overrides).toEqual([
        { rule: 'no-social-work-report', missing: ["the social worker's report"], reason: HV_REASON },
      ]);
      const audit = await s.rt.deps.store.readAudit(c.id);
      expect(audit.find((e) => e.action === 'decision.recorded')!.detail).toMatchObject({
        overrides: [{ rule: 'no-social-work-report', reason: HV_REASON }],
      });

      expect((await s.api('POST', `${base}/decision/approve`, {})).status).toBe(200);
      await settle(s);
      const pro = text(await letter('hv@nhs.example.org'));
      expect(pro).toContain(
        `Decided without the social worker's report (missing: the social worker's report). The chair’s reason: ${HV_REASON}`,
      );
      // Never in the family's letter: the chair's reasons are the professionals' record.
      expect(text(await letter('jade@family.example.com'))).not.toContain('HVREASON');
      // The exported record (the case file) carries it too.
      const record = await fetch(`${s.url}${base}/export.pdf`, {
        headers: { authorization: `Bearer ${TEST_API_KEY}` },
      });
      expect((await pdfText(Buffer.from(await record.arrayBuffer()))).replace(/\s+/g, ' ')).toContain(
        `Decided without the social worker's report (missing: the social worker's report). The chair's reason: ${HV_REASON}`,
      );

      // A second conference: no report at all, and no register: the chair is asked for both reasons at once, and nothing changes.
      await s.advanceTo(`${p.on}T14:00`);
      expect((await s.api('POST', `/api/conferences/${none.id}/start`, {})).status).toBe(200);
      await refused(s, none, { outcomes }, [
        {
          field: 'withoutReportsReason',
          message:
            'no report has been received, not even the social worker’s: record why the conference is deciding without reports',
        },
        {
          field: 'inquorateReason',
          message: new RegExp(
            `^the conference is not quorate under the ${getPreset(p.policy).shortName} policy \\(missing: the attendance register`,
          ),
        },
      ]);
      // The register without the police: each preset's quorum says what is missing (Cumbria's police at
      // every initial conference too; Working Together's two other agencies for the rest).
      const register = await s.api('POST', `/api/conferences/${none.id}/attendance`, {
        present: none.attendees.filter((a) => a.role !== 'child' && a.role !== 'police').map((a) => a.id),
      });
      expect(register.status, JSON.stringify(register.body)).toBe(200);
      const missing = [
        '1 more agency with direct contact (1 of 2 present)',
        ...(p.policy === 'cumbria' ? ['police (required at every initial conference)'] : []),
      ];
      await refused(s, none, { outcomes, withoutReportsReason: 'x' }, [
        {
          field: 'inquorateReason',
          message: `the conference is not quorate under the ${getPreset(p.policy).shortName} policy (missing: ${missing.join('; ')}): record the attendance, or why the conference is deciding anyway`,
        },
      ]);
      const NONE_REASON = 'NONEREASON the family were ready to go on and no agency had written';
      const decided = await s.api('POST', `/api/conferences/${none.id}/decision`, {
        outcomes,
        withoutReportsReason: NONE_REASON,
        inquorateReason: QUORUM_REASON,
      });
      expect(decided.status, JSON.stringify(decided.body)).toBe(201);
      expect(decided.body.decision.overrides).toEqual([
        { rule: 'no-reports', missing: ['every report (none has been received)'], reason: NONE_REASON },
        { rule: 'inquorate', missing, reason: QUORUM_REASON },
      ]);
    },
  );
});

describe('safeguards at the decision', () => {
  it(
    'Cumbria: an initial conference without police is inquorate; refused without a reason, and the reason is in the decision letter; the chair’s overall scale is required',
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const c = await create(
        s,
        hackneyInitialBody({ policy: 'cumbria', mode: 'in-person', venue: 'Carlisle, Room 1' }),
      );
      await settle(s);
      await s.advanceTo('2026-12-28T10:00');
      await uploadReport(s, c.id, byRole(c, 'social-worker').id, { text: 'SW report: what is working well.' });
      const base = await meeting(s, c, (a) => a.role !== 'police');
      const noScale = OUTCOMES.map(({ scale: _s, ...o }, i) => (i === 1 ? o : { ...o, scale: 3 }));
      await refused(s, c, { outcomes: noScale }, [
        {
          field: 'outcomes.1.scale',
          message: "required: the Cumbria policy asks for the chair's overall scale for each child",
        },
        {
          field: 'inquorateReason',
          message:
            /not quorate under the Cumbria policy \(missing: 1 more agency with direct contact \(1 of 2 present\); police \(required at every initial conference\)\)/,
        },
      ]);
      const r = await s.api('POST', `${base}/decision`, { outcomes: OUTCOMES, inquorateReason: QUORUM_REASON });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const missing = [
        '1 more agency with direct contact (1 of 2 present)',
        'police (required at every initial conference)',
      ];
      expect(r.body.decision.overrides).toEqual([{ rule: 'inquorate', missing, reason: QUORUM_REASON }]);
      expect((await s.api('POST', `${base}/decision/approve`, {})).status).toBe(200);
      await settle(s);
      const pro = text(await letterTo(s, 'sw@example.gov.uk'));
      expect(pro).toContain(
        `Decided although the conference was not quorate (missing: ${missing.join('; ')}). The chair’s reason: ${QUORUM_REASON}`,
      );
    },
  );

  it(
    'Hampshire: a child protection plan needs the key worker and visiting frequency; both reach the letters',
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const base0 = hackneyInitialBody({ policy: 'hampshire', mode: 'in-person', venue: 'Winchester, Room 3' });
      const c = await create(s, base0);
      await settle(s);
      await s.advanceTo('2027-01-01T10:00');
      await uploadReport(s, c.id, byRole(c, 'social-worker').id, {
        text: 'SW report.',
        signedBy: 'Sam Social',
        readBy: 'Team manager',
      });
      const base = await meeting(s, c, () => true);
      const sw = byRole(c, 'social-worker').id;
      const hv = byRole(c, 'professional').id;
      await refused(
        s,
        c,
        {
          outcomes: [
            { ...OUTCOMES[0], keyWorker: hv },
            { ...OUTCOMES[1], visitingFrequency: 'weekly' },
          ],
        },
        [
          { field: 'outcomes.0.keyWorker', message: `${hv} is professional: the key worker is the lead social worker` },
          {
            field: 'outcomes.0.visitingFrequency',
            message: /^required for a child protection plan under the Hampshire policy/,
          },
          {
            field: 'outcomes.1.visitingFrequency',
            message: 'a visiting frequency goes only with a child protection plan',
          },
        ],
      );
      const r = await s.api('POST', `${base}/decision`, {
        outcomes: [{ ...OUTCOMES[0], keyWorker: sw, visitingFrequency: 'at least every 10 working days' }, OUTCOMES[1]],
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect((await s.api('POST', `${base}/decision/approve`, {})).status).toBe(200);
      await settle(s);
      expect(text(await letterTo(s, 'hv@nhs.example.org'))).toContain(
        "Key worker: Sam Social (Social worker (Children's social care)) Key worker visits the child: at least every 10 working days",
      );
      const family = text(await letterTo(s, 'jade@family.example.com'));
      expect(family).toContain("The key worker for Ruby's plan is Sam Social");
      expect(family).toContain('The key worker will see Ruby at least every 10 working days.');
    },
  );
});

describe('a review confirmed after its statutory deadline', () => {
  it(
    'is refused without a reason, naming lateReason; with one, it is recorded and the coordinator and the chair are told',
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const { c } = await decidedConference(s, { body: hackneyInitialBody() });
      const draftId = await until(
        'the review draft',
        async () => (await s.api('GET', `/api/conferences/${c.id}`)).body.reviewDraftId,
      );
      // The review was due by Friday 2 April 2027; the coordinator tries 20 April.
      const before = await snapshot(s, draftId);
      const refusedLate = await s.api('POST', `/api/conferences/${draftId}/confirm`, { startsAt: '2027-04-20T10:00' });
      expect(refusedLate.status).toBe(400);
      expect(refusedLate.body.issues).toEqual([
        {
          field: 'lateReason',
          message: `the review of ${c.reference} was due by 2027-04-02T17:00:00+01:00: give the reason it is held later`,
        },
      ]);
      expect(await snapshot(s, draftId)).toEqual(before);
      expect((await s.api('GET', `/api/conferences/${draftId}`)).body.state).toBe('draft');

      const LATE = 'LATEREASON the family asked to wait until the father is out of hospital';
      const ok = await s.api('POST', `/api/conferences/${draftId}/confirm`, {
        startsAt: '2027-04-20T10:00',
        lateReason: LATE,
      });
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      expect(ok.body.warnings).toEqual([
        expect.stringContaining('after its statutory deadline (2027-04-02T17:00:00+01:00)'),
      ]);
      const v = (await s.api('GET', `/api/conferences/${draftId}`)).body;
      expect(v.lateReview).toMatchObject({ reviewBy: '2027-04-02T17:00:00+01:00', reason: LATE });
      expect(v.audit.find((e: any) => e.action === 'conference.confirmed').detail.lateReview.reason).toBe(LATE);
      await settle(s);
      const told = await until('the late review notices', () => {
        const found = s.smtp.messages.filter((m) =>
          (m.parsed.subject ?? '').includes('review conference after its deadline'),
        );
        return found.length >= 2 ? found : undefined;
      });
      expect(told.map((m) => m.envelopeTo[0]).sort()).toEqual(['chair@example.gov.uk', 'coordinator@example.gov.uk']);
      expect(text(told[0]!)).toContain(`The reason recorded: ${LATE}`);
      expect(told[0]!.parsed.subject).not.toMatch(/Testfamily|Ruby|Leo/);
    },
  );
});
