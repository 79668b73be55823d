/**
 * A core group's invitations and cancellations. The same machinery as
 * a conference's: the meeting provider makes the meeting (video and dial-in), each member gets their
 * own invitation by their contact preference (a calendar REQUEST by email, or a letter), an update
 * or cancellation keeps the calendar UID and raises SEQUENCE, and the send ledger sends nothing twice.
 */
import {
  coreGroupCancellation,
  coreGroupInvite,
  type CoreGroupInviteInput,
} from '../../content/templates/core-group-invite.ts';
import { companionPersonLabel, familyPersonLabel, roleLabel } from '../../content/words.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import type { CoreGroupMeeting } from '../../domain/core-groups.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { describeDuration } from '../../domain/timetable-rules.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail } from '../shared/deliver.ts';
import { sendFamilyLetter } from '../post-and-texts/family-letters.ts';
import { forFamilyReader } from '../../content/templates/translated-letter.ts';
import type { RenderedLetter } from '../../content/templates/letter-text.ts';
import { withdrawUnprintedLetters } from '../post-and-texts/hard-copies.ts';
import { toLondonIso } from '../shared/time.ts';
import { audienceOf } from '../invitations/invite-calendar.ts';
import { coreGroupCompanion, letterAudience } from '../invitations/invite-letters.ts';
import { senderOf } from '../shared/sender.ts';
import { coreGroupLink } from '../credentials/links.ts';
import { effectiveAttendee } from '../../domain/disclosure.ts';
import { heldAmong, unlessAnotherReleaseSends } from '../circulation/held-letter-steps.ts';
import {
  coreGroupIcs,
  coreGroupNumber,
  currentCoreGroup,
  ensureMeeting,
  letterRecipient,
  meetingRequest,
  coreGroupsOpen,
} from './core-group-meeting.ts';

/** Invites every member of the core group's current revision: email with a calendar entry, or a letter. */
export async function sendCoreGroupInvites(
  deps: AppDeps,
  conference: Conference,
  seq: number | undefined,
): Promise<void> {
  const found = currentCoreGroup(conference, seq);
  if (!found || found.state !== 'booked') return;
  // The first core group is booked with the decision: nobody is invited before the chair approves it.
  if (!coreGroupsOpen(deps, conference)) return;
  const policy = deps.policies.get(conference.policyId);
  const meeting = await ensureMeeting(deps, conference, found);
  const c = meeting
    ? await deps.store.update(conference.id, (cur) => ({
        ...cur,
        coreGroups: (cur.coreGroups ?? []).map((x) =>
          x.id === found.id && x.revision === found.revision ? { ...x, meeting } : x,
        ),
      }))
    : conference;
  const g = c.coreGroups!.find((x) => x.id === found.id)!;
  if (g.revision !== found.revision) return; // rescheduled meanwhile: that revision's job invites
  const members = c.attendees.filter((a) => g.members.includes(a.id) && a.role !== 'child');
  const held = await heldAmong(deps, c, policy, members);
  for (const a of members) {
    // A family member (or their companion) whose decision letter is held hears of the core group only after it (sendHeldCoreGroupInvites).
    if (held.has(a.id)) continue;
    await inviteMember(deps, c, g, policy, a);
  }
  await deps.store.audit(c.id, {
    at: toLondonIso(deps.clock.now()),
    actor: 'system',
    action: g.revision > 1 ? 'core-group.invites-updated' : 'core-group.invites-sent',
    detail: {
      coreGroup: g.id,
      revision: g.revision,
      members: members.length,
      provider: g.meeting?.provider ?? 'venue',
    },
  });
}

/**
 * A family member's (and their companions') invitations to every core group still to come, once
 * their held decision letter has gone: the letter first, then the invitation, each once (the send
 * ledger); a core group cancelled or already met by then is not mentioned at all. The parent's and
 * each companion's letters go by their own release jobs, often at the same moment: whoever's job
 * finds all their letters gone invites them (the held set is read after this job's own letter went,
 * so at least one of two racing jobs sees both letters sent).
 */
export async function sendHeldCoreGroupInvites(deps: AppDeps, c: Conference, person: Attendee): Promise<void> {
  const policy = deps.policies.get(c.policyId);
  const now = deps.clock.now().getTime();
  const parent = effectiveAttendee(c, person);
  const people = c.attendees.filter((a) => a.role !== 'child' && effectiveAttendee(c, a).id === parent.id);
  const held = await heldAmong(deps, c, policy, people);
  for (const g of c.coreGroups ?? []) {
    if (g.state !== 'booked' || Date.parse(g.startsAt) <= now) continue;
    for (const a of people.filter((x) => g.members.includes(x.id))) {
      if (held.has(a.id)) continue;
      await unlessAnotherReleaseSends(person, a, () => inviteMember(deps, c, g, policy, a));
    }
  }
}

/**
 * "Who will be there" in a companion's own voice: the parent or carer they come with as that ("the
 * parent you interpret for"), themselves as "you", everyone else in plain words that do not make it
 * their family ("a worker who knows the family"). Roles only, never a name.
 */
function companionLabel(c: Conference, a: Attendee, companion: NonNullable<CoreGroupInviteInput['companion']>) {
  const person = effectiveAttendee(c, a);
  const verb = companion.kind === 'interpreter' ? 'interpret for' : 'come with';
  return (x: Attendee): string => {
    if (x.id === a.id) return 'you';
    if (x.id === person.id && person.id !== a.id) return `the ${x.role === 'carer' ? 'carer' : 'parent'} you ${verb}`;
    return companionPersonLabel(x);
  };
}

/** One member's invitation to a core group: email with a calendar entry, or a letter. */
async function inviteMember(
  deps: AppDeps,
  c: Conference,
  g: CoreGroupMeeting,
  policy: Policy,
  a: Attendee,
): Promise<void> {
  const chair = c.attendees.find((x) => x.id === g.chairAttendeeId);
  const members = c.attendees.filter((x) => g.members.includes(x.id) && x.role !== 'child');
  // Whoever comes with a family member (the disclosure table says who: an interpreter too, whom
  // audienceOf counts with the professionals for the calendar) gets the companion's invitation.
  const companion = coreGroupCompanion(c, g.members, a);
  if (companion === 'not-theirs') return;
  const family = audienceOf(a) === 'family' || Boolean(companion);
  const audience = letterAudience(a);
  const label = companion
    ? companionLabel(c, a, companion)
    : (x: Attendee) => (family ? familyPersonLabel(x) : roleLabel(x.role, x.agency));
  const input: CoreGroupInviteInput = {
    reference: c.reference,
    policy,
    audience,
    ...(companion ? { companion } : {}),
    number: coreGroupNumber(g),
    startsAt: g.startsAt,
    endsAt: g.endsAt,
    mode: g.mode,
    ...(g.venue ? { venue: g.venue } : {}),
    ...(g.meeting ? { meeting: g.meeting } : {}),
    chairedBy: chair ? label(chair) : 'the core group chair',
    members: members.map(label),
    updated: g.revision > 1,
    ...(policy.coreGroup.cadence ? { cadence: describeDuration(policy.coreGroup.cadence) } : {}),
  };
  // A family member's in their language first where the policy has a reviewed core group invitation
  // (a companion's is written for them, in English, as their conference invitation is).
  const inTheirLanguage = (english: RenderedLetter) =>
    audience === 'family'
      ? forFamilyReader(english, {
          policy,
          reference: c.reference,
          letter: 'core-group-invitation',
          reader: a,
          at: g.startsAt,
          updated: g.revision > 1,
        })
      : english;
  const rendered = inTheirLanguage(coreGroupInvite(input));
  if (audienceOf(a) === 'family' && a.contactPreference !== 'email') {
    const letter = inTheirLanguage(coreGroupInvite({ ...input, onPaper: true }));
    await sendFamilyLetter(deps, c, a, 'core-group-invites', `core-group-${g.id}`, letter, {
      recipient: letterRecipient(g, a),
      neededBy: g.startsAt,
    });
    return;
  }
  if (!a.email) return;
  // The calendar entry is shared and synced: it never carries the personal link (whoever holds one answers as this person).
  const calendar = coreGroupIcs(c, g, { ...a, email: a.email }, policy, 'REQUEST', rendered.text);
  await deliverEmail(deps, c, {
    step: 'core-group-invites',
    recipient: letterRecipient(g, a),
    message: {
      ...inTheirLanguage(coreGroupInvite({ ...input, rsvpUrl: coreGroupLink(deps, c, a.id, g) })),
      to: a.email,
      from: senderOf(policy),
      headers: { 'X-Conference-Reference': c.reference },
      icalEvent: { method: 'REQUEST', content: calendar },
    },
  });
}

/** Withdraws a cancelled core group: METHOD:CANCEL with the same UID to whoever had an invitation, a letter to whoever got one, and the provider's meeting. */
export async function sendCoreGroupCancellations(deps: AppDeps, c: Conference, seq: number | undefined): Promise<void> {
  const g = currentCoreGroup(c, seq);
  if (!g || g.state !== 'cancelled') return;
  const policy = deps.policies.get(c.policyId);
  const ledger = await deps.ledger.list(c.id);
  const invited = (a: Attendee) =>
    Object.entries(ledger).some(([k, e]) => e.state === 'sent' && k.startsWith(`core-group-invites-${g.id}-${a.id}-r`));
  for (const a of c.attendees.filter((x) => g.members.includes(x.id) && invited(x))) {
    const family = audienceOf(a) === 'family';
    const audience = letterAudience(a);
    const english = coreGroupCancellation({
      reference: c.reference,
      policy,
      audience,
      number: coreGroupNumber(g),
      startsAt: g.startsAt,
    });
    // A family member's in their language first where the policy has a reviewed core group cancellation.
    const rendered =
      audience === 'family'
        ? forFamilyReader(english, {
            policy,
            reference: c.reference,
            letter: 'core-group-cancellation',
            reader: a,
            at: g.startsAt,
            updated: false,
          })
        : english;
    if (family && a.contactPreference !== 'email') {
      // An invitation still waiting in the print room is simply taken off it: a cancellation letter
      // is only for someone whose invitation may be in the post (printed, or with GOV.UK Notify).
      if (await withdrawUnprintedLetters(deps, c, a, [`core-group-${g.id}`], { coreGroup: g.id })) continue;
      await sendFamilyLetter(deps, c, a, 'core-group-cancellations', `core-group-${g.id}`, rendered, {
        recipient: letterRecipient(g, a),
        neededBy: g.startsAt,
      });
      continue;
    }
    if (!a.email) continue;
    const calendar = coreGroupIcs(c, g, { ...a, email: a.email }, policy, 'CANCEL', rendered.text);
    await deliverEmail(deps, c, {
      step: 'core-group-cancellations',
      recipient: letterRecipient(g, a),
      message: { ...rendered, to: a.email, from: senderOf(policy), icalEvent: { method: 'CANCEL', content: calendar } },
    });
  }
  if (g.meeting) await deps.meetings(g.meeting.provider).cancel(meetingRequest(c, g), g.meeting);
  await deps.store.audit(c.id, {
    at: toLondonIso(deps.clock.now()),
    actor: 'system',
    action: 'core-group.cancellations-sent',
    detail: { coreGroup: g.id },
  });
}
