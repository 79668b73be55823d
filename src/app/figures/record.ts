/**
 * The figures record: what the figures page needs of one conference, in a few hundred bytes, with
 * no names (references, dates, agencies and counts only). It is worked out whenever the conference
 * is written (track-figures.ts) and kept in Redis beside a date index, so a year's figures read one
 * small record per conference instead of every aggregate and its send ledger. Pure: the conference,
 * its policy, the working-day calendar and its ledger in, the record out.
 */
import { isCancelled } from '../../domain/state-machine.ts';
import { DateTime } from 'luxon';
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.ts';
import { LONDON } from '../../domain/calendar/zone.ts';
import { circulationDueAt, deliveredRecipients } from '../../domain/circulation.ts';
import type { IsoDate, IsoInstant } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import { activeCoreGroups, coreGroupDueBy } from '../../domain/core-groups.ts';
import { minutesDueAt, minutesRecipients } from '../../domain/minutes.ts';
import { participationCategory, takesPart, type ParticipationCategory } from '../../domain/participation.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { ROLE_LABELS } from '../../domain/vocabulary.ts';
import type { LedgerEntry } from '../../ports/send-ledger.ts';
import type { CirculationTimes, FiguresRecord, ReportTimeliness } from './figures-record.ts';
import { CIRCULATE_STEP, deliveryState } from '../circulation/circulation-status.ts';
import { ledgerKey } from '../shared/deliver.ts';
import { minutesStep } from '../minutes/circulate-minutes.ts';

/** Bump when the record's shape or a rule in it changes: the next start-up rebuilds every record. */
export const FIGURES_RECORD_VERSION = 2;

/** Working Together 2023: an initial conference within 15 working days of the strategy discussion. */
export const STATUTORY_INITIAL_WORKING_DAYS = 15;

const londonDay = (iso: string): IsoDate => DateTime.fromISO(iso, { setZone: true }).setZone(LONDON).toISODate()!;

/**
 * How a child took part: their participation record where one was made (domain/participation.ts,
 * the one mapping onto the three categories). Without one (conferences held before it was kept, or
 * a chair who did not record it) from what the conference holds: attended when a child attendee was
 * recorded present (for their own children where they are linked, else the only child) or the
 * child gave their view directly; by other means when their view came through an advocate, the
 * social worker or the chair; otherwise not recorded.
 */
function participationOf(c: Conference, childId: string): ParticipationCategory {
  const record = c.participation?.find((p) => p.childId === childId);
  if (record) return participationCategory(record);
  const present = new Set(c.attendance?.present ?? []);
  const attendedInPerson = c.attendees.some(
    (a) =>
      a.role === 'child' && present.has(a.id) && (a.childIds ? a.childIds.includes(childId) : c.children.length === 1),
  );
  const voices = c.views.filter((v) => v.childId === childId && v.childsVoice);
  if (attendedInPerson || voices.some((v) => v.childsVoice?.via === 'direct')) return 'attended';
  return voices.length ? 'views-by-other-means' : 'not-recorded';
}

function circulation(
  c: Conference,
  keys: readonly string[],
  ledger: Record<string, LedgerEntry>,
  dueAt: IsoInstant | undefined,
): CirculationTimes {
  let last = 0;
  let waiting = 0;
  for (const key of keys) {
    const s = deliveryState(c, key, ledger);
    if (s?.status === 'sent' && s.receivedAt) last = Math.max(last, Date.parse(s.receivedAt));
    else waiting++;
  }
  return {
    endedAt: c.decision!.decidedAt,
    ...(waiting === 0 && keys.length ? { lastAt: new Date(last).toISOString() } : {}),
    ...(dueAt ? { dueAt } : {}),
    waiting,
  };
}

/** The send-ledger keys of the decision's circulation and, once the minutes are approved, the minutes'. */
export interface CirculationKeys {
  decision: string[];
  minutes?: string[];
}

/**
 * The send-ledger entries the record reads, and the only ones: once the decision is approved, its
 * send to each recipient; once the minutes are approved, theirs too. Undefined before approval.
 */
export function circulationKeys(c: Conference, policy: Policy): CirculationKeys | undefined {
  if (!c.decision?.approvedAt) return undefined;
  const decision = deliveredRecipients(c, policy).map((r) => ledgerKey(CIRCULATE_STEP, r.key, c.version));
  if (!c.minutes?.approvedAt) return { decision };
  const step = minutesStep(policy);
  const minutes = minutesRecipients(c, policy)
    .filter((r) => r.channel !== 'none')
    .map((r) => ledgerKey(step, r.key, c.version));
  return { decision, minutes };
}

/**
 * The figures record of one conference as it stands now. `keys` are its `circulationKeys`, worked
 * out once by the caller, which read the `ledger` entries under them.
 */
export function figuresRecord(
  c: Conference,
  policy: Policy,
  calendar: WorkingDayCalendar,
  keys: CirculationKeys | undefined,
  ledger: Record<string, LedgerEntry>,
): FiguresRecord {
  const held = Boolean(c.heldOn) && !isCancelled(c.state);
  const status: FiguresRecord['status'] = isCancelled(c.state) ? 'cancelled' : held ? 'held' : 'not-held';
  const outcomes = new Map((c.decision?.outcomes ?? []).map((o) => [o.childId, o.outcome]));
  const children = c.children
    .filter((ch) => takesPart(ch) || outcomes.has(ch.id))
    .map((ch) => ({
      ...(outcomes.has(ch.id) ? { outcome: outcomes.get(ch.id)! } : {}),
      ...(held && takesPart(ch) ? { participation: participationOf(c, ch.id) } : {}),
    }));

  let initial: FiguresRecord['initial'];
  if (c.kind === 'initial' && c.strategyDiscussionOn && held) {
    const latestOn = calendar.addWorkingDays(c.strategyDiscussionOn, STATUTORY_INITIAL_WORKING_DAYS);
    initial = {
      strategyDiscussionOn: c.strategyDiscussionOn,
      latestOn,
      heldOn: c.heldOn!,
      workingDaysLate: Math.max(0, calendar.workingDaysBetween(latestOn, c.heldOn!)),
    };
  }

  const reports: FiguresRecord['reports'] = [];
  if (held) {
    for (const a of c.attendees) {
      const r = c.reports[a.id];
      if (!r || r.status === 'not-requested') continue;
      const state: ReportTimeliness = !r.receivedAt
        ? 'missing'
        : r.dueAt && Date.parse(r.receivedAt) > Date.parse(r.dueAt)
          ? 'late'
          : 'on-time';
      reports.push({ agency: a.agency?.trim() || ROLE_LABELS[a.role], state });
    }
  }

  let decision: CirculationTimes | undefined;
  let minutes: CirculationTimes | undefined;
  if (keys) {
    decision = circulation(c, keys.decision, ledger, circulationDueAt(c));
    if (keys.minutes) minutes = circulation(c, keys.minutes, ledger, minutesDueAt(c, policy));
  }

  const onPlan = [...outcomes.values()].includes('child-protection-plan');
  const booked = onPlan ? activeCoreGroups(c).sort((a, b) => a.startsAt.localeCompare(b.startsAt)) : [];
  const coreGroups = booked.map((g, i) => {
    const dueBy = coreGroupDueBy(
      policy,
      { kind: c.kind, timetable: c.timetable, coreGroups: booked.slice(0, i) },
      calendar,
    );
    return { startsAt: g.startsAt, ...(dueBy ? { dueBy } : {}) };
  });

  const actions: FiguresRecord['actions'] = [];
  for (const row of c.decision?.plan ?? []) {
    if (!row.dueOn || row.status === 'dropped') continue;
    const done =
      row.status === 'done' ? [...(row.progress ?? [])].reverse().find((p) => p.status === 'done') : undefined;
    actions.push({
      dueOn: row.dueOn,
      ...(row.status === 'done' ? { doneOn: done ? londonDay(done.at) : row.dueOn } : {}),
    });
  }

  return {
    v: FIGURES_RECORD_VERSION,
    id: c.id,
    reference: c.reference,
    policyId: c.policyId,
    kind: c.kind,
    rev: c.rev,
    on: c.heldOn ?? londonDay(c.startsAt),
    status,
    children,
    ...(initial ? { initial } : {}),
    reports,
    ...(decision ? { decision } : {}),
    ...(minutes ? { minutes } : {}),
    coreGroups,
    actions,
  };
}
