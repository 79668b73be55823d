/**
 * Maps an approved conference onto the professionals' decision letter and renders a letter's PDF
 * (the family's letter: family-decision-letter.ts). What each reader may see comes from the
 * disclosure table (domain/disclosure.ts): a manager's copy has no confidential notes and none of the
 * child's words, nor what a part someone was asked to leave was about.
 */
import { decisionLetter, type DecisionLetterChild, type ViewLine } from '../../content/templates/decision-letter.ts';
import { longDate } from '../../content/format.ts';
import { letterLanguage, type RenderedLetter } from '../../content/templates/letter-text.ts';
import { attendeeLabel, childInLetter, participationLine } from '../../content/labels.ts';
import { participationByChild } from '../../domain/participation.ts';
import { namedRoleLabel, OVERRIDE_LABEL, roleLabel } from '../../content/words.ts';
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.ts';
import type { DisclosureRole } from '../../domain/disclosure-artefacts.ts';
import { mayReceive } from '../../domain/disclosure.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import { isFamilyDissent, viewArtefact } from '../../domain/views.ts';
import { FAMILY_ROLES } from '../../domain/vocabulary.ts';
import { COMPANION_ROLES } from '../../domain/family-slots.ts';
import { isWrittenContribution } from '../../domain/authority.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import type { AppDeps } from '../deps.ts';
import { sharedLetterPdf } from './render-once.ts';
import { heldOn, keyWorkerLines, nextDates, who } from './decision-letter-parts.ts';

const proLabel = (a: Attendee | undefined) => (a ? roleLabel(a.role, a.agency) : 'Unknown attendee');
/**
 * A person by name, role and agency; a family member or whoever comes with them by number and role
 * only where the reader is given no names by email (`caseNames: link-page-only`): their names say
 * whom the conference is about.
 */
const namedLabel = (c: Conference, a: Attendee | undefined, named: boolean) =>
  !a
    ? 'Unknown attendee'
    : named || !(FAMILY_ROLES.has(a.role) || COMPANION_ROLES.has(a.role))
      ? namedRoleLabel(a)
      : attendeeLabel(c, a);

const viewWho = (c: Conference, v: Conference['views'][number]): string => {
  if (v.childsVoice)
    return v.childsVoice.via === 'direct' || v.childsVoice.via === 'chair'
      ? "The child's own view"
      : `The child's own view, through the ${v.childsVoice.via.replace('-', ' ')}`;
  return v.onBehalfOfFamily ? 'The family' : proLabel(who(c, v.attendeeId));
};

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
  // Who the conference is about, by name, only to a reader the policy sends names by email.
  const named = mayReceive('case-identity', reader, policy);
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
      label: childInLetter(c, ch, named),
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
  const labels = (ids: readonly string[]) => ids.map((id) => namedLabel(c, who(c, id), named));
  const chair = c.attendees.find((a) => a.role === 'chair');
  return decisionLetter({
    reference: c.reference,
    kind: c.kind,
    policy,
    heldOn: heldOn(c),
    decidedAt: d.decidedAt,
    approvedAt: d.approvedAt ?? d.decidedAt,
    ...(chair ? { chair: namedLabel(c, chair, named) } : {}),
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
      // Named as in the register (trial finding: "Parent left for" with two parents there).
      who: namedLabel(c, who(c, e.attendeeId), named),
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
              named,
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
                child: childInLetter(c, ch, named),
                by: t.dueAt,
                // A children's version of a child protection plan: none for a child in need plan or no plan.
                ...(policy.participation.childrensPlan &&
                c.decision?.outcomes.some((o) => o.childId === ch.id && o.outcome === 'child-protection-plan')
                  ? { childrensPlan: policy.participation.childrensPlan }
                  : {}),
              },
            ]
          : [];
      }),
    next: nextDates(c, policy, calendar),
  });
}
/**
 * The PDF of a rendered letter; dated by the approval (or `datedAt`, the stored moment a held letter
 * was let go) so a retried job renders the same bytes. `to`: the addressee by post (name and address in the window).
 */
export function letterPdf(
  deps: Pick<AppDeps, 'renders'>,
  c: Conference,
  policy: Policy,
  letter: RenderedLetter,
  opts: { largePrint?: boolean; to?: Pick<Attendee, 'name' | 'postalAddress'>; datedAt?: string } = {},
): Promise<Buffer> {
  const approved = opts.datedAt ?? c.decision?.approvedAt ?? c.updatedAt;
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
