/**
 * The minutes: saved (uploaded text, or the bot's draft from the record), edited by saving again,
 * and approved by the chair, which queues one circulation job per attendee and the watchdog.
 * Minutes come after the decision; they go out only once the chair has approved the decision and
 * then the minutes. Bad input changes nothing and names the field.
 */
import type { Conference, Minutes, MinutesSection } from '../../domain/conference.ts';
import { minutesAuthority, signedInNotChair, type MinutesAction } from '../../domain/authority.ts';
import { ConflictError, ForbiddenError, ValidationError, type FieldIssue } from '../../domain/errors.ts';
import {
  MAX_SECTIONS,
  buildSections,
  splitSections,
  unwrittenSections,
  type SectionText,
} from '../../domain/minutes.ts';
import type { ScheduledJob } from '../../ports/jobs.ts';
import { audited, requested, sessionAttendee, type Actor } from '../credentials/actor.ts';
import type { AppDeps } from '../deps.ts';
import { parseWithChecks } from '../shared/cross-check.ts';
import { loadConference } from '../shared/load.ts';
import { parseInput } from '../shared/parse.ts';
import { planMinutesWatch } from '../circulation/plan-after-approval.ts';
import { toLondonIso } from '../shared/time.ts';
import { withEffects } from '../../domain/follow-on.ts';
import { followOnAfterWrite, storedJobs } from '../conference/follow-on.ts';
import { draftSections } from './minutes-draft.ts';
import { MinutesActorBody, MinutesBody } from './schemas.ts';
import { hasDecision, isApproved } from '../../domain/state-machine.ts';

/**
 * The attendee acting: proven by their own link, signed in to the dashboard as themselves (the
 * session's verified email), or named in `by` through the coordinator's key. Signed in as anyone
 * who is not an attendee (the coordinator key included), they are refused (403) saying so.
 */
function acting(
  c: Conference,
  actor: Actor,
  by: string | undefined,
  action: MinutesAction,
  optional: boolean,
): { id?: string; issue?: FieldIssue } {
  if (actor.via === 'session') {
    const a = sessionAttendee(c, actor);
    if (!a) throw new ForbiddenError(`Not done: ${signedInNotChair(c, actor.name)}. Nothing was changed.`);
    const issue = minutesAuthority(c, action, a, 'session');
    if (issue) throw new ForbiddenError(`Not done: ${issue.message}. Nothing was changed.`);
    return { id: a.id };
  }
  const id = actor.via === 'attendee' ? actor.attendeeId : by;
  if (!id && optional) return {};
  const a = c.attendees.find((x) => x.id === id);
  if (id && !a) return { issue: { field: 'by', message: `no attendee ${id} in ${c.reference}` } };
  const issue = minutesAuthority(c, action, a, actor.via === 'attendee' ? 'attendee' : 'by');
  return issue ? { issue } : { id: a!.id };
}

function assertAfterDecision(c: Conference): void {
  if (!hasDecision(c.state) || !c.decision)
    throw new ConflictError(
      `Minutes come after the decision: ${c.reference} is "${c.state}"; record the chair's decision first`,
    );
}

/** Approved minutes change only by the chair's correction; a correction under way is the chair's to edit. */
function assertNotApproved(c: Conference): void {
  if (c.minutes?.approvedAt)
    throw new ConflictError(
      'The minutes are already approved: they cannot be changed (the chair can correct them: POST …/minutes/correction)',
    );
  if (c.minutes?.corrects)
    throw new ConflictError(
      "These minutes are the chair's correction, not yet approved: the chair edits it (POST …/minutes/correction) and approves it",
    );
}

export interface SectionWithText extends MinutesSection {
  text: string;
}

/** The stored text of a version, section by section. */
export async function minutesText(deps: AppDeps, c: Conference, m: Minutes = c.minutes!): Promise<SectionWithText[]> {
  const blob = await deps.store.getBlob(c.id, m.blobId);
  const texts = blob ? (JSON.parse(blob.data.toString('utf8')) as { id: string; text: string }[]) : [];
  return m.sections.map((s) => ({ ...s, text: texts.find((t) => t.id === s.id)?.text ?? '' }));
}

async function store(
  deps: AppDeps,
  c: Conference,
  sections: MinutesSection[],
  texts: readonly SectionText[],
  source: Minutes['source'],
  by: string,
  requestedBy: { requestedBy?: string },
): Promise<Conference> {
  const version = (c.minutes?.version ?? 0) + 1;
  const blobId = `minutes-v${version}`;
  const at = toLondonIso(deps.clock.now());
  // The text first: a version on the conference always has its text.
  await deps.store.putBlob(
    c.id,
    blobId,
    Buffer.from(JSON.stringify(sections.map((s, i) => ({ id: s.id, text: texts[i]!.text }))), 'utf8'),
    { contentType: 'application/json', at },
  );
  const updated = await deps.store.update(c.id, (cur) => {
    assertAfterDecision(cur);
    if (cur.minutes?.approvedAt) throw new ConflictError('The minutes are already approved: they cannot be changed');
    if ((cur.minutes?.version ?? 0) + 1 !== version)
      throw new ConflictError('The minutes were saved by someone else meanwhile: load them again and redo your change');
    return { ...cur, minutes: { version, blobId, source, sections, savedAt: at, savedBy: by } };
  });
  await deps.store.audit(c.id, {
    at,
    actor: by,
    action: 'minutes.saved',
    detail: {
      version,
      source,
      sections: sections.length,
      confidential: sections.filter((s) => s.confidential).map((s) => s.id),
      ...requestedBy,
    },
  });
  return updated;
}

/** Saves minutes written by the chair or minute taker (a new version each time). */
/** The sections of a body and its field-named problems, from whichever fields parsed (the rest are missing). */
export function shapeMinutes(c: Conference, actor: Actor, input: Partial<MinutesBody>) {
  const who = acting(c, actor, input.by, 'save', true);
  const issues: FieldIssue[] = who.issue ? [who.issue] : [];
  if (input.text === undefined) return { who, issues };
  const own = splitSections(input.text);
  const texts: SectionText[] = [...own];
  const ids = new Set<string>();
  const range = own.length === 1 ? 'one section, s1' : `sections s1 to s${own.length}`;
  (input.confidentialSections ?? []).forEach((x, i) => {
    if (typeof x !== 'string') {
      // Added as it is: a confidential section after the text's own.
      texts.push(x);
      ids.add(`s${texts.length}`);
    } else if (Number(x.slice(1)) < 1 || Number(x.slice(1)) > own.length)
      issues.push({
        field: `confidentialSections.${i}`,
        message: `no section ${x} in the minutes (the text has ${range})`,
      });
    else ids.add(`s${Number(x.slice(1))}`);
  });
  if (texts.length > MAX_SECTIONS) issues.push({ field: 'text', message: `at most ${MAX_SECTIONS} sections` });
  const built = buildSections(c, texts, ids, c.minutes?.sections);
  issues.push(...built.issues.map((x) => ({ ...x, field: x.field.replace(/^sections\./, 'text.') })));
  return { who, issues, texts, built };
}

export async function saveMinutes(deps: AppDeps, id: string, raw: unknown, actor: Actor): Promise<Conference> {
  const c = await loadConference(deps.store, id);
  // Every problem at once: who is writing and which sections are confidential are checked even when the text is missing.
  const input = parseWithChecks(MinutesBody, raw, 'minutes', (v) =>
    hasDecision(c.state) && c.decision && !c.minutes?.approvedAt ? shapeMinutes(c, actor, v).issues : [],
  );
  assertAfterDecision(c);
  assertNotApproved(c);
  const { who, texts, built } = shapeMinutes(c, actor, input);
  const by = who.id ?? audited(actor).actor;
  return store(deps, c, built!.sections, texts!, 'text', by, requested(audited(actor, who.id)));
}

/** Builds the draft from the record and saves it as the next version, for the chair to edit. */
export async function draftMinutes(deps: AppDeps, id: string, raw: unknown, actor: Actor): Promise<Conference> {
  const { by } = parseInput(MinutesActorBody, raw ?? {}, 'minutes draft');
  const c = await loadConference(deps.store, id);
  assertAfterDecision(c);
  assertNotApproved(c);
  const who = acting(c, actor, by, 'save', true);
  if (who.issue) throw new ValidationError('Invalid minutes draft', [who.issue]);
  const policy = deps.policies.get(c.policyId);
  const draft = draftSections(c, policy);
  const sections: MinutesSection[] = draft.map((d, i) => ({
    id: `s${i + 1}`,
    heading: d.heading,
    confidential: d.confidential,
    ...(d.childIds ? { childIds: d.childIds } : {}),
    ...(d.confidential ? { draftedConfidential: true as const } : {}),
  }));
  const built = buildSections(c, draft, new Set(sections.filter((s) => s.confidential).map((s) => s.id)), sections);
  return store(deps, c, built.sections, draft, 'draft', who.id ?? audited(actor).actor, {});
}

/** The chair approves the minutes: one circulation job per attendee, now. */
export async function approveMinutes(deps: AppDeps, id: string, raw: unknown, actor: Actor): Promise<Conference> {
  const { by } = parseInput(MinutesActorBody, raw ?? {}, 'minutes approval');
  const c = await loadConference(deps.store, id);
  const who = acting(c, actor, by, 'approve', false);
  if (who.issue) throw new ValidationError('Invalid minutes approval', [who.issue]);
  assertAfterDecision(c);
  if (!c.minutes)
    throw new ConflictError(
      'There are no minutes to approve: upload them (POST …/minutes) or build the draft (POST …/minutes/draft) first',
    );
  if (c.minutes.approvedAt) throw new ConflictError('The minutes are already approved');
  if (!isApproved(c.state))
    throw new ConflictError(
      'Approve the decision first: nothing about the meeting reaches the family before the chair approves the decision',
    );
  // The draft's placeholders are not minutes: every section still to write is named, nothing changes.
  const unwritten = unwrittenSections(await minutesText(deps, c));
  if (unwritten.length) throw new ValidationError('The minutes are not finished', unwritten);
  const now = deps.clock.now();
  const at = toLondonIso(now);
  // The circulation jobs and the audit entry are stored with the approval (follow-on.ts): should
  // queueing fail after the write, a repair queues them, and the chair told 202 is not refused on
  // trying again ("already approved") with the minutes never sent.
  const approved = await deps.store.update(id, (cur) => {
    if (!cur.minutes || cur.minutes.approvedAt) throw new ConflictError('The minutes are already approved');
    if (cur.minutes.version !== c.minutes!.version)
      throw new ConflictError('The minutes changed while you were approving them: read them again');
    const next = { ...cur, minutes: { ...cur.minutes, approvedAt: at, approvedBy: who.id! } };
    const audit = {
      actor: actor.via === 'attendee' ? who.id! : audited(actor).actor,
      action: 'minutes.approved',
      detail: {
        version: next.minutes.version,
        chair: who.id!,
        ...(next.minutes.corrects ? { corrects: next.minutes.corrects.version } : {}),
      },
    };
    return {
      ...next,
      followOn: withEffects(next, at, audit, [{ do: 'schedule', jobs: storedJobs(circulation(deps, next, now)) }]),
    };
  });
  return followOnAfterWrite(deps, approved);
}

/** One circulation job per attendee (never the child), now, and the first version's watchdog. */
function circulation(deps: AppDeps, approved: Conference, now: Date): ScheduledJob[] {
  // A correction's jobs carry its version (`…-v1-s4`): each recipient gets it once, and the first
  // version's jobs, should one run again, find the minutes moved on and send nothing.
  const correction = approved.minutes!.corrects ? { seq: approved.minutes!.version } : {};
  const jobs: ScheduledJob[] = approved.attendees
    .filter((a) => a.role !== 'child')
    .map((a) => ({
      conferenceId: approved.id,
      version: approved.version,
      step: 'circulate-minutes',
      attendeeId: a.id,
      runAt: now,
      ...correction,
    }));
  // The deadline was the first version's: a correction has no watchdog of its own.
  return approved.minutes!.corrects
    ? jobs
    : [...jobs, ...planMinutesWatch(approved, deps.policies.get(approved.policyId), deps)];
}
