/**
 * Drives a conference through the coordinator and chair API to a recorded decision: the situation
 * most circulation tests start from. Two children: c1 on a child protection plan (neglect), c2 on
 * a child in need plan, with one view recorded by the chair for the police officer on the phone,
 * the family's view, a dissent, a plan table, a core group and a confidential note.
 */
import { expect } from 'vitest';
import type { TestService } from './service.ts';

export const CONFIDENTIAL = 'CONFIDENTIAL-MARKER police intelligence about a third party';
export const POLICE_RATIONALE = 'Repeated callouts to the address; police support a plan';
export const HV_RATIONALE = 'Missed health appointments and weight loss';
/** The chair's reasons for child 1 in plain words for the family (child 2 has none: the letter says the social worker will explain). */
export const FAMILY_REASON = 'Ruby has missed her health checks for a long time, so her health is not looked after';
export const PRO_REASON_C1 = 'Neglect of health needs over a long period';
export const PRO_REASON_C2 = 'Needs are met at home with support';
export const FAMILY_VIEW = 'We are working with the family support worker and things are better';
/** Most flows hold the meeting without collecting reports: the chair records why (decision-safeguards.ts). */
export const NO_REPORTS_REASON = 'Reports were given orally at the meeting';

export interface Created {
  id: string;
  reference: string;
  attendees: { id: string; role: string; email?: string }[];
  timetable: Record<string, string>;
}

/** The Hackney fixture plus a minute-taker, a supporter with email and the child (never emailed). */
export function extraAttendees() {
  return [
    { name: 'Mina Minutes', email: 'minutes@example.gov.uk', role: 'minute-taker', agency: 'Business support' },
    { name: 'Sue Supporter', email: 'supporter@friends.example.com', role: 'supporter' },
    { name: 'Ruby Testfamily', role: 'child', childIds: ['c1'] },
  ];
}

export async function create(s: TestService, body: Record<string, any>): Promise<Created> {
  const r = await s.api('POST', '/api/conferences', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

export async function settle(s: TestService): Promise<void> {
  await s.advanceTo(new Date(s.rt.clock.now().getTime() + 1000).toISOString());
}

export const byRole = (c: Created, role: string) => c.attendees.find((a) => a.role === role)!;

async function ok(s: TestService, method: string, path: string, body?: unknown): Promise<any> {
  const r = await s.api(method, path, body);
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
  return r.body;
}

/**
 * Starts the meeting at its calendar start, records attendance (everyone but `absent`), an optional
 * exclusion, the round of views and the chair's decision. Leaves it decided, not approved.
 */
export async function holdMeeting(
  s: TestService,
  c: Created,
  opts: {
    at: string;
    absent?: string[];
    /** One exclusion, or several (each its own part of the meeting). */
    exclude?:
      { attendeeId: string; part: string; ground: string } | { attendeeId: string; part: string; ground: string }[];
    decideAt?: string;
    family?: boolean;
    /** The family's view also recommends this (it is free text only without it). */
    familyRecommendation?: string;
    /** The plan's rows, instead of the one health action. */
    plan?: Record<string, unknown>[];
    /** The chair's reasons for setting safeguards aside; by default only why there are no reports. */
    reasons?: { withoutReportsReason?: string; inquorateReason?: string };
    /** More fields of the decision (`firstCoreGroup`, another `coreGroup`, …). */
    decision?: Record<string, unknown>;
    /** More views (bodies of `POST …/views`), recorded after the usual ones and before the decision. */
    views?: Record<string, unknown>[];
  },
): Promise<any> {
  await s.advanceTo(opts.at);
  const base = `/api/conferences/${c.id}`;
  await ok(s, 'POST', `${base}/start`, {});
  const present = c.attendees.filter((a) => a.role !== 'child' && !(opts.absent ?? []).includes(a.id)).map((a) => a.id);
  await ok(s, 'POST', `${base}/attendance`, { present, apologies: [] });
  for (const x of [opts.exclude ?? []].flat()) await ok(s, 'POST', `${base}/exclusions`, x);
  const sw = byRole(c, 'social-worker');
  const hv = c.attendees.find((a) => a.role === 'professional')!;
  const police = byRole(c, 'police');
  const chair = byRole(c, 'chair');
  for (const childId of ['c1', 'c2']) {
    await ok(s, 'POST', `${base}/views`, {
      attendeeEmail: sw.email,
      childId,
      recommendation: childId === 'c1' ? 'child-protection-plan' : 'child-in-need',
      categories: childId === 'c1' ? ['neglect'] : [],
      rationale: 'Home conditions have not improved',
      scale: 3,
    });
    await ok(s, 'POST', `${base}/views`, {
      attendeeEmail: hv.email,
      childId,
      recommendation: 'child-protection-plan',
      categories: ['neglect'],
      rationale: HV_RATIONALE,
      scale: 2,
    });
    // The police officer is on the phone: the chair records the view for them.
    await ok(s, 'POST', `${base}/views`, {
      attendeeEmail: police.email,
      childId,
      recommendation: 'child-protection-plan',
      categories: ['neglect'],
      rationale: POLICE_RATIONALE,
      recordedBy: chair.id,
    });
    if (opts.family !== false)
      await ok(s, 'POST', `${base}/views`, {
        family: true,
        childId,
        rationale: FAMILY_VIEW,
        ...(opts.familyRecommendation ? { recommendation: opts.familyRecommendation } : {}),
      });
  }
  for (const v of opts.views ?? []) await ok(s, 'POST', `${base}/views`, v);
  if (opts.decideAt) await s.advanceTo(opts.decideAt);
  return ok(s, 'POST', `${base}/decision`, {
    outcomes: [
      // The key worker and visiting frequency: Hampshire asks for them with a plan.
      {
        childId: 'c1',
        outcome: 'child-protection-plan',
        categories: ['neglect'],
        rationale: PRO_REASON_C1,
        familyRationale: FAMILY_REASON,
        scale: 3,
        keyWorker: sw.id,
        visitingFrequency: 'at least every 10 working days',
      },
      // A scale for each child: Cumbria asks for the chair's overall scale.
      {
        childId: 'c2',
        outcome: 'child-in-need',
        categories: [],
        rationale: PRO_REASON_C2,
        scale: 6,
      },
    ],
    plan: opts.plan ?? [
      {
        risk: 'Missed health appointments',
        task: 'Take the child to every health appointment',
        byWhom: 'Parents with the health visitor',
        timescale: 'From now',
        plannedOutcome: 'All appointments kept',
      },
    ],
    coreGroup: [sw.id, hv.id, byRole(c, 'parent').id],
    confidentialNotes: CONFIDENTIAL,
    ...(opts.reasons ?? { withoutReportsReason: NO_REPORTS_REASON }),
    ...opts.decision,
  });
}

/**
 * The chair or social worker has told a parent whose letter is held (absent under a policy that asks
 * for a visit, or asked to leave part of the meeting): recorded, so the letter goes now.
 */
export async function toldTheDecision(
  s: TestService,
  c: Pick<Created, 'id'>,
  attendeeId: string,
  how: { explainedBy?: string; how?: string; view?: string } = {},
): Promise<void> {
  await ok(s, 'POST', `/api/conferences/${c.id}/circulation/${attendeeId}/told`, {
    explainedBy: 'chair',
    how: 'in-person',
    view: 'told-them',
    ...how,
  });
  await settle(s);
}

/**
 * A conference decided at its meeting and approved by the chair, with everything that follows settled:
 * where most letter, circulation and follow-up tests begin. Give `body` to create the conference
 * first, or the `conference` already made (after its reports, tasks or arrangements). The meeting is
 * held as `holdMeeting` holds it (by default at 10:00 on 4 January 2027, decided at 11:45); the
 * approval, after moving the clock to `approveAt` when given, must be accepted (200).
 */
export async function decidedConference(
  s: TestService,
  o: ({ body: Record<string, any> } | { conference: Created }) & {
    meeting?: Parameters<typeof holdMeeting>[2];
    approveAt?: string;
    /** Who approves, by role (`chair`: sent as `by`); the coordinator's key naming no one when absent. */
    approvedBy?: string;
  },
): Promise<{ c: Created; decision: any }> {
  let c: Created;
  if ('body' in o) {
    c = await create(s, o.body);
    await settle(s);
  } else c = o.conference;
  const decision = await holdMeeting(s, c, o.meeting ?? { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45' });
  if (o.approveAt) await s.advanceTo(o.approveAt);
  const approved = await s.api(
    'POST',
    `/api/conferences/${c.id}/decision/approve`,
    o.approvedBy ? { by: byRole(c, o.approvedBy).id } : {},
  );
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  await settle(s);
  return { c, decision };
}
