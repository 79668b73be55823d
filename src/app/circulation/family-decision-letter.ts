/**
 * The family's decision letter. What the reader may see comes from the disclosure table
 * (domain/disclosure.ts): only the recipient's own children, the professionals' recommendations,
 * their own view and what the chair marked shareable from the child's view; for a recipient asked
 * to leave part of the meeting no views (nothing ties a view to the part it was given in, so all are
 * withheld and the letter says so).
 */
import { familyDecisionLetter, type FamilyLetterChild } from '../../content/templates/family-decision-letter.ts';
import { largeType, wantsEasyRead } from '../../content/templates/easy-read.ts';
import { easyReadDecisionLetter } from '../../content/templates/easy-read-decision.ts';
import { forFamilyReader } from '../../content/templates/translated-letter.ts';
import type { RenderedLetter } from '../../content/templates/letter-text.ts';
import { companionPersonLabel, familyPersonLabel } from '../../content/words.ts';
import { familyContacts } from '../shared/family-contacts.ts';
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.ts';
import { excludedParts, wasAbsent } from '../../domain/circulation.ts';
import { childrenFor, effectiveAttendee, mayReceive } from '../../domain/disclosure.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import { viewArtefact } from '../../domain/views.ts';
import { ownView } from '../../domain/authority.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { heldLetterOf } from '../../domain/held-letters.ts';
import { familyReason } from '../../domain/family-reasons.ts';
import { heldOn, keyWorkerLines, nextDates, who } from './decision-letter-parts.ts';
import { companionKindOf } from '../invitations/invite-letters.ts';

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
  const role: 'carer' | 'parent' = recipient.role === 'carer' ? 'carer' : 'parent';
  const withheld = [...new Set([...excludedParts(c, recipient.id), ...excludedParts(c, addressee.id)])];
  const quote = familyViewFor(c, recipient);
  const explained = heldLetterOf(c, recipient.id)?.explained;
  const apologies = c.attendance?.apologies.includes(recipient.id) ?? false;
  const mine = new Set(childrenFor(c, recipient));
  // People as the family's invitations name them; in a companion's copy, in their voice (not their family).
  const label = addressee.id !== recipient.id ? companionPersonLabel : familyPersonLabel;
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
          who: a ? label(a) : 'someone at the meeting',
          ...(v.recommendation ? { recommendation: v.recommendation } : {}),
        };
      });
    const viewParts = {
      views,
      ...(familyView ? { familyView } : {}),
      ...(own?.rationale.trim()
        ? {
            ownView: {
              text: own.rationale,
              written: apologies || wasAbsent(c, recipient.id),
              // A companion's copy quotes the parent or carer they come with, never as the companion's own.
              ...(addressee.id !== recipient.id
                ? { of: { person: role, interpreter: companionKindOf(addressee) === 'interpreter' } }
                : {}),
            },
          }
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
        ...keyWorkerLines(c, o, label),
        ...(withheld.length ? {} : viewParts),
      },
    ];
  });
  const { minutesDue: _m, recordBundleDue: _r, ...dates } = nextDates(c, policy, calendar);
  // The core group, its cadence, the birth plan and the review follow a child protection plan: a
  // reader none of whose children has one (a half-sibling has) is told none of them is coming.
  const next = children.some((ch) => ch.outcome === 'child-protection-plan') ? dates : {};
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
