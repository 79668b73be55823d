/**
 * Maps an approved conference onto the two decision letters. What each reader may see comes from
 * the disclosure table (domain/disclosure.ts): a manager's copy has no confidential notes and none
 * of the child's words; a family letter has only the recipient's own children, the professionals'
 * recommendations, their own view and what the chair marked shareable from the child's view; and
 * for a recipient asked to leave part of the meeting no views (nothing ties a view to the part it
 * was given in, so all are withheld and the letter says so).
 */
import { decisionLetter, type DecisionLetterChild, type ViewLine } from '../content/templates/decision-letter.ts';
import { familyDecisionLetter, type FamilyLetterChild } from '../content/templates/family-decision-letter.ts';
import { easyReadDecisionLetter, largeType, wantsEasyRead } from '../content/templates/easy-read.ts';
import { longDate } from '../content/format.ts';
import { forFamilyReader } from '../content/templates/translated-letter.ts';
import { letterLanguage, type RenderedLetter } from '../content/templates/letter-text.ts';
import { childInLetter, participationLine } from '../content/labels.ts';
import { participationByChild } from '../domain/participation.ts';
import { familyRoleLabel, namedRoleLabel, OVERRIDE_LABEL, roleLabel } from '../content/words.ts';
import { familyContacts } from './family-contacts.ts';
import type { WorkingDayCalendar } from '../domain/calendar/working-days.ts';
import { excludedParts, wasAbsent } from '../domain/circulation.ts';
import { childrenFor, effectiveAttendee, mayReceive, type DisclosureRole } from '../domain/disclosure.ts';
import type { Attendee } from '../domain/conference-parts.ts';
import type { ChildOutcome, Conference } from '../domain/conference.ts';
import { planFollowUps } from '../domain/follow-ups.ts';
import { activeCoreGroups } from '../domain/core-groups.ts';
import { isFamilyDissent, viewArtefact } from '../domain/views.ts';
import { isWrittenContribution, ownView } from '../domain/authority.ts';
import type { Policy } from '../domain/policy/schema.ts';
import { londonDate } from './time.ts';
import { heldLetterOf } from '../domain/held-letters.ts';
import { familyReason } from '../domain/family-reasons.ts';
import type { AppDeps } from './deps.ts';
import { sharedLetterPdf } from './render-once.ts';

const who = (c: Conference, id: string | undefined): Attendee | undefined => c.attendees.find((a) => a.id === id);
const proLabel = (a: Attendee | undefined) => (a ? roleLabel(a.role, a.agency) : 'Unknown attendee');
const namedLabel = (a: Attendee | undefined) => (a ? namedRoleLabel(a) : 'Unknown attendee');

function nextDates(c: Conference, policy: Policy, calendar: WorkingDayCalendar) {
  // Planned "now" does not matter for dates: they come from the recomputed timetable.
  const plan = planFollowUps(c, policy, calendar, new Date(Date.parse(c.decision?.approvedAt ?? c.updatedAt)));
  const booked = [...activeCoreGroups(c)].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))[0];
  return {
    ...(plan.coreGroupBy ? { coreGroupBy: plan.coreGroupBy } : {}),
    // A core group booked at the conference: the letter gives its date, not only the deadline.
    ...(booked ? { coreGroupOn: booked.startsAt } : {}),
    coreGroupStraightAfter: plan.coreGroupStraightAfter,
    ...(plan.cadence ? { cadence: plan.cadence } : {}),
    ...(plan.reviewBy ? { reviewBy: plan.reviewBy } : {}),
    ...(plan.minutesDue ? { minutesDue: plan.minutesDue } : {}),
    ...(plan.recordBundleDue ? { recordBundleDue: plan.recordBundleDue } : {}),
    ...(plan.birthPlanBy ? { birthPlanBy: plan.birthPlanBy } : {}),
  };
}

function heldOn(c: Conference): string {
  return c.heldOn ?? londonDate(c.decision?.decidedAt ?? c.startsAt);
}

const viewWho = (c: Conference, v: Conference['views'][number]): string => {
  if (v.childsVoice)
    return v.childsVoice.via === 'direct' || v.childsVoice.via === 'chair'
      ? "The child's own view"
      : `The child's own view, through the ${v.childsVoice.via.replace('-', ' ')}`;
  return v.onBehalfOfFamily ? 'The family' : proLabel(who(c, v.attendeeId));
};

/** The key worker ("Jo Bloggs, Social worker (Hackney CSC)") and visiting frequency of a child's plan, where recorded. */
export function keyWorkerLines(
  c: Conference,
  o: Pick<ChildOutcome, 'keyWorker' | 'visitingFrequency'>,
  label: (role: Attendee['role'], agency?: string) => string = roleLabel,
): { keyWorker?: string; visitingFrequency?: string } {
  const kw = who(c, o.keyWorker);
  return {
    ...(kw ? { keyWorker: `${kw.name} (${label(kw.role, kw.agency)})` } : {}),
    ...(o.visitingFrequency ? { visitingFrequency: o.visitingFrequency } : {}),
  };
}

/**
 * The professionals' letter as `reader` may have it: everyone who took part reads it all; a
 * manager's copy leaves out the confidential notes, the child's own words (only what the chair
 * marked shareable) and what a part someone was asked to leave was about, as the disclosure table says.
 */
export function professionalDecisionLetter(
  c: Conference,
  policy: Policy,
  calendar: WorkingDayCalendar,
  reader: DisclosureRole = 'social-worker',
): RenderedLetter {
  const d = c.decision!;
  const children: DecisionLetterChild[] = c.children.map((ch) => {
    const o = d.outcomes.find((x) => x.childId === ch.id)!;
    const views: ViewLine[] = c.views
      .filter((v) => v.childId === ch.id)
      .flatMap((v) => {
        const kind = viewArtefact(v, c.attendees);
        if (mayReceive(kind, reader, policy)) return [v];
        if (kind === 'child-view' && v.mayShare?.trim() && mayReceive('child-view-shared', reader, policy))
          return [{ ...v, rationale: v.mayShare }];
        return [];
      })
      .map((v) => ({
        who: viewWho(c, v),
        categories: v.categories,
        rationale: v.rationale,
        recordedByChair: v.onBehalfOfFamily === true || v.recordedBy !== v.attendeeId,
        written: isWrittenContribution(c, v),
        ...(v.recommendation ? { recommendation: v.recommendation } : {}),
        ...(v.scale !== undefined ? { scale: v.scale } : {}),
      }));
    return {
      label: childInLetter(c, ch),
      outcome: o.outcome,
      categories: o.categories,
      rationale: o.rationale,
      ...(o.scale !== undefined ? { scale: o.scale } : {}),
      ...keyWorkerLines(c, o),
      views,
      dissent: d.dissent
        .filter((x) => x.childId === ch.id)
        .map((x) => ({
          who: x.onBehalfOfFamily ? 'The family' : proLabel(who(c, x.attendeeId)),
          ...(x.recommendation ? { recommendation: x.recommendation } : {}),
          family: isFamilyDissent(x, c.attendees),
        })),
    };
  });
  const att = c.attendance;
  // The register and the core group name each person with their role and agency.
  const labels = (ids: readonly string[]) => ids.map((id) => namedLabel(who(c, id)));
  const chair = c.attendees.find((a) => a.role === 'chair');
  return decisionLetter({
    reference: c.reference,
    kind: c.kind,
    policy,
    heldOn: heldOn(c),
    decidedAt: d.decidedAt,
    approvedAt: d.approvedAt ?? d.decidedAt,
    ...(chair ? { chair: namedRoleLabel(chair) } : {}),
    children,
    ...(att
      ? {
          attendance: {
            present: labels(att.present),
            apologies: labels(att.apologies),
            absent: labels(
              c.attendees
                .filter((a) => a.role !== 'child' && !att.present.includes(a.id) && !att.apologies.includes(a.id))
                .map((a) => a.id),
            ),
          },
        }
      : {}),
    // A manager was not there: their copy says who left and on which ground, not what the part was about.
    exclusions: (c.exclusions ?? []).map((e) => ({
      who: proLabel(who(c, e.attendeeId)),
      part: mayReceive('exclusion-parts', reader, policy)
        ? e.part
        : 'a part of the meeting (what it was about is not in this copy)',
      ground: e.ground,
    })),
    plan: d.plan,
    ...(d.signsOfSafety ? { signsOfSafety: d.signsOfSafety } : {}),
    coreGroup: labels(d.coreGroup),
    ...(d.confidentialNotes && mayReceive('confidential-notes', reader, policy)
      ? { confidentialNotes: d.confidentialNotes }
      : {}),
    ...(mayReceive('child-participation', reader, policy)
      ? {
          participation: participationByChild(c).map((x) =>
            participationLine(
              c,
              c.children.find((ch) => ch.id === x.childId)!,
              x.record,
            ),
          ),
        }
      : {}),
    ...(d.overrides?.length
      ? { overrides: d.overrides.map((o) => ({ what: OVERRIDE_LABEL[o.rule], missing: o.missing, reason: o.reason })) }
      : {}),
    explainToChildren: (c.tasks ?? [])
      .filter((t) => t.kind === 'explain-decision')
      .flatMap((t) => {
        const ch = c.children.find((x) => x.id === t.subject);
        return ch
          ? [
              {
                child: childInLetter(c, ch),
                by: t.dueAt,
                ...(policy.participation.childrensPlan ? { childrensPlan: policy.participation.childrensPlan } : {}),
              },
            ]
          : [];
      }),
    next: nextDates(c, policy, calendar),
  });
}

/**
 * Whether a family letter may quote the family's joint view (older records: the chair recorded one
 * for the whole family). It is quoted as the family's view, never as the recipient's own ("What you
 * told the meeting" is only ever their own view). A parent who was not at the meeting is never sent
 * it: it may be another parent's words (separated parents, domestic abuse), which they did not hear.
 */
function familyViewFor(c: Conference, recipient: Attendee): { shown: boolean } {
  return { shown: !wasAbsent(c, recipient.id) };
}

export interface FamilyLetterOptions {
  /** The absent parent was asked to be (or has been) told in person, and by whom (circulation-steps reads the ledger). */
  inPerson?: { by: 'social-worker' | 'chair'; state: 'asked' | 'told' };
}

/**
 * The family letter for `addressee`: a parent or carer, or a companion who gets that person's letter
 * (never more: the parts either of them was asked to leave are withheld).
 */
export function familyLetterFor(
  c: Conference,
  policy: Policy,
  calendar: WorkingDayCalendar,
  addressee: Attendee,
  opts: FamilyLetterOptions = {},
): RenderedLetter {
  const d = c.decision!;
  const recipient = effectiveAttendee(c, addressee);
  const role = recipient.role === 'carer' ? 'carer' : 'parent';
  const withheld = [...new Set([...excludedParts(c, recipient.id), ...excludedParts(c, addressee.id)])];
  const quote = familyViewFor(c, recipient);
  const explained = heldLetterOf(c, recipient.id)?.explained;
  const apologies = c.attendance?.apologies.includes(recipient.id) ?? false;
  const mine = new Set(childrenFor(c, recipient));
  const children: FamilyLetterChild[] = c.children.flatMap((ch, i) => {
    if (!mine.has(ch.id)) return [];
    const o = d.outcomes.find((x) => x.childId === ch.id)!;
    const forChild = c.views.filter((v) => v.childId === ch.id);
    const familyView =
      quote.shown && mayReceive('family-view', role, policy)
        ? forChild.find((v) => v.onBehalfOfFamily)?.rationale
        : undefined;
    // Only this parent's own view is ever quoted as theirs; another parent's is never in it.
    const own = ownView(c, recipient.id, ch.id);
    const childShared = forChild
      .filter((v) => v.childsVoice && v.mayShare?.trim())
      .map((v) => v.mayShare!.trim())
      .join(' ');
    const views = forChild
      .filter(
        (v) => viewArtefact(v, c.attendees) === 'professional-view' && mayReceive('professional-view', role, policy),
      )
      .map((v) => {
        const a = who(c, v.attendeeId);
        return {
          who: a ? familyRoleLabel(a.role, a.agency) : 'someone at the meeting',
          ...(v.recommendation ? { recommendation: v.recommendation } : {}),
        };
      });
    const viewParts = {
      views,
      ...(familyView ? { familyView } : {}),
      ...(own?.rationale.trim()
        ? { ownView: { text: own.rationale, written: apologies || wasAbsent(c, recipient.id) } }
        : {}),
      ...(childShared && mayReceive('child-view-shared', role, policy) ? { childShared } : {}),
    };
    return [
      {
        name: ch.unborn && !ch.bornOn ? 'your baby' : (ch.firstName ?? `child ${i + 1}`),
        outcome: o.outcome,
        categories: o.categories,
        // The chair's reasons for the family, never the professional rationale (family-reasons.ts).
        ...(familyReason(o) ? { familyReason: familyReason(o)! } : {}),
        ...keyWorkerLines(c, o, familyRoleLabel),
        ...(withheld.length ? {} : viewParts),
      },
    ];
  });
  const { minutesDue: _m, recordBundleDue: _r, ...next } = nextDates(c, policy, calendar);
  const english = (wantsEasyRead(recipient) ? easyReadDecisionLetter : familyDecisionLetter)({
    reference: c.reference,
    kind: c.kind,
    policy,
    heldOn: heldOn(c),
    children,
    // Only the actions for this parent's own children (a half-sibling's are not theirs to read).
    plan: d.plan.filter((row) => !row.childIds || row.childIds.some((id) => mine.has(id))),
    ...(d.signsOfSafety ? { signsOfSafety: d.signsOfSafety } : {}),
    next,
    withheldParts: withheld,
    absent: wasAbsent(c, recipient.id),
    // A companion reads the letter of the parent they come with: that parent's place in the core group.
    inCoreGroup: d.coreGroup.includes(effectiveAttendee(c, recipient).id),
    // A visit is promised only where the policy asks for one and someone was actually asked.
    ...(opts.inPerson && wasAbsent(c, recipient.id) && policy.circulation.tellAbsentParentsInPerson
      ? { inPerson: opts.inPerson }
      : {}),
    // Recorded by the chair or the social worker: who told them, how, and how they gave their view.
    ...(explained ? { explained } : {}),
    largePrint: largeType(recipient),
    ...familyContacts(c),
  });
  // In their language first where the policy has a reviewed decision letter; never machine-translated.
  return forFamilyReader(english, {
    policy,
    reference: c.reference,
    letter: 'decision',
    reader: recipient,
    at: c.startsAt,
    updated: false,
  });
}

/** The PDF of a rendered letter; dated by the approval so a retried job renders the same bytes. `to`: the addressee by post (name and address in the window). */
export function letterPdf(
  deps: Pick<AppDeps, 'renders'>,
  c: Conference,
  policy: Policy,
  letter: RenderedLetter,
  opts: { largePrint?: boolean; to?: Pick<Attendee, 'name' | 'postalAddress'> } = {},
): Promise<Buffer> {
  const approved = c.decision?.approvedAt ?? c.updatedAt;
  // Rendered once per distinct letter for the whole fan-out (render-once.ts): the letter itself was made for this reader.
  return sharedLetterPdf(deps, c.id, 'decision-pdf', {
    title: letter.title,
    blocks: letter.blocks,
    reference: c.reference,
    ...letterLanguage(letter),
    sender: policy.sender.name,
    dateLine: longDate(approved),
    createdAt: new Date(Date.parse(approved)),
    largePrint: opts.largePrint ?? false,
    ...(opts.to?.postalAddress?.length ? { addressee: { name: opts.to.name, lines: opts.to.postalAddress } } : {}),
  });
}
