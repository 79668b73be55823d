import { childrenFor } from '../../domain/disclosure.ts';
import { dialInFallbackAlert } from '../../content/templates/short-notices.ts';
import { companionInvite, type CompanionInviteInput } from '../../content/templates/companion-invite.ts';
import { type FamilyInviteInput, type PlainMeetingInput } from '../../content/templates/family-invite.ts';
import {
  professionalInvite,
  professionalInviteInput,
  type ProfessionalInviteInput,
} from '../../content/templates/professional-invite.ts';
import { companionPersonLabel, familyPersonLabel } from '../../content/words.ts';
import { tellOfLanguage } from './translation-alerts.ts';
import { familyContacts } from '../shared/family-contacts.ts';
import { taskDone } from '../../domain/tasks.ts';
import type { Attendee, MeetingDetails } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import { isChildsAdvocate } from '../../domain/family-slots.ts';
import { awaitsInvitations, transition } from '../../domain/state-machine.ts';
import { FAMILY_ROLES } from '../../domain/vocabulary.ts';
import type { MeetingRequest } from '../../ports.ts';
import type { AppDeps } from '../deps.ts';
import { batchError, deliverEmail, deliverEmails, ledgerKey, type EmailSend } from '../shared/deliver.ts';
import { sendFamilyLetter } from '../post-and-texts/family-letters.ts';
import { inviteRecipient, inviteUpdates, sentInvitationKeys } from './invite-revision.ts';
import { sendText } from '../post-and-texts/texts.ts';
import { personalLink } from '../credentials/links.ts';
import { keepReplyCodes, replyCodeFor } from '../credentials/reply-codes.ts';
import { toLondonIso } from '../shared/time.ts';
import { senderOf, coordinatorAddress } from '../shared/sender.ts';
import { audienceOf, calendarStart, coreGroupUntil, icsInputFor } from './invite-calendar.ts';
import { inviteIcsBuilder } from '../../content/ics.ts';
import { oncePerInput } from '../shared/once-per-input.ts';
import {
  advocateSupports,
  childNamesFor,
  comesWith,
  companionKindOf,
  familyLetter,
  interpreterLanguage,
  invitedAlready,
  oldestChildAge,
  personalLinksFor,
  withoutLink,
  withoutNames,
  withoutRsvp,
} from './invite-letters.ts';

async function ensureMeeting(deps: AppDeps, c: Conference): Promise<MeetingDetails | undefined> {
  if (c.mode === 'in-person') return undefined;
  const provider = deps.meetings(c.meetingProvider);
  const request: MeetingRequest = {
    conferenceId: c.id,
    reference: c.reference,
    version: c.version,
    mode: c.mode,
    startsAt: c.startsAt,
    endsAt: c.timetable.endsAt,
    ...(c.venue ? { venue: c.venue } : {}),
  };
  return c.meeting ? provider.update(request, c.meeting) : provider.create(request);
}

/**
 * Creates or updates the meeting, then sends every attendee their own invitation (one recipient
 * each), or with `only` just that attendee's (an update of their own time: see invite-revision.ts).
 * Whoever already has their current invitation is skipped, so a re-run sends nothing twice.
 */
export async function sendInvites(deps: AppDeps, conference: Conference, only?: string): Promise<void> {
  const policy = deps.policies.get(conference.policyId);
  // One person's update does not touch the meeting; until the version's first run has created it,
  // that run will send them their invitation as it now stands.
  if (only && !conference.meeting && conference.mode !== 'in-person') return;
  const meeting = only ? conference.meeting : await ensureMeeting(deps, conference);
  const c = meeting && !only ? await deps.store.update(conference.id, (cur) => ({ ...cur, meeting })) : conference;
  // Moved: the codes in letters already posted keep working as long as the links do.
  if (!only) await keepReplyCodes(deps, c);
  const ledger = await deps.ledger.list(c.id);
  const currentKey = (a: Attendee) => ledgerKey('send-invites', inviteRecipient(c, a.id), c.version);
  // "Updated" for whoever already had an earlier invitation: an earlier version, or before their own time changed.
  // A letter withdrawn (or about to be replaced) before it was printed never reached them: it does not count.
  const neverPosted = (k: string) => (c.hardCopies ?? []).some((h) => h.ledgerKey === k && !h.printedAt);
  const hadEarlier = (a: Attendee) =>
    sentInvitationKeys(ledger, a.id).some((k) => k !== currentKey(a) && !neverPosted(k));
  const updated = c.attendees.some((a) => (!only || a.id === only) && hadEarlier(a));
  const sender = senderOf(policy);

  if (meeting?.dialIn.some((d) => d.fallback)) {
    const chair = c.attendees.find((a) => a.role === 'chair');
    const rendered = dialInFallbackAlert({
      reference: c.reference,
      provider: meeting.provider,
      bridge: meeting.dialIn[0]!.number,
    });
    for (const [who, to] of [
      ['chair', chair?.email],
      ['coordinator', coordinatorAddress(deps, policy)],
    ] as const) {
      if (to)
        await deliverEmail(deps, c, {
          step: 'dial-in-fallback-alert',
          recipient: who,
          message: { ...rendered, to, from: sender },
        });
    }
  }

  // The chair's approved list when there is one; until then the roles invited (in a companion's own
  // voice for them: it is not their family), and the letter says the chair will confirm.
  // A companion's own list leaves them out (trial finding: an interpreter's said "an interpreter", themselves).
  const rolesInvited = (label: (a: Attendee) => string, except?: string) =>
    c.familyAttendeeList?.lines ?? [
      ...new Set(c.attendees.filter((a) => !FAMILY_ROLES.has(a.role) && a.id !== except).map(label)),
    ];
  const whoWillBeThere = rolesInvited(familyPersonLabel);
  const today = toLondonIso(deps.clock.now()).slice(0, 10);
  const until = coreGroupUntil(c, policy);
  /** What the family's and the companions' plain-language invitations both say about the meeting. */
  const plainMeeting = (a: Attendee): PlainMeetingInput => ({
    // Without a parents' slot the family is told the start, not the professionals' early arrival.
    professionalsJoinAt: c.timetable.parentsJoinAt ? c.timetable.professionalsJoinAt : c.startsAt,
    endsAt: c.timetable.endsAt,
    mode: c.mode,
    ...(c.venue ? { venue: c.venue } : {}),
    ...(c.meeting ? { meeting: c.meeting } : {}),
    whoWillBeThere: companionKindOf(a) ? rolesInvited(companionPersonLabel, a.id) : whoWillBeThere,
    whoWillBeThereApproved: Boolean(c.familyAttendeeList),
    rsvpUrl: personalLink(deps, c, a.id, 'rsvp'),
    updated: hadEarlier(a),
    ...(until ? { coreGroupUntil: until } : {}),
  });
  const invitedUpdateFor = (a: Attendee) => hadEarlier(a) && c.invitedAlreadyUpdates?.[a.id] === inviteUpdates(c, a.id);
  // A parent or carer who asked for texts also gets a short one (no names) with their letter or
  // email; not for a letter that only says who else is invited (nothing about the meeting changed).
  const text = async (a: Attendee) => {
    if (invitedUpdateFor(a)) return;
    await sendText(deps, c, a, hadEarlier(a) || c.version > 1 ? 'changed' : 'invitation', {
      recipient: inviteRecipient(c, a.id),
      meetingAt: calendarStart(c, a),
    });
  };
  // Emails are rendered first and go to the mail pool together (claimed in one ledger round trip);
  // letters by post and texts follow, each once (the ledger again), in the attendees' order.
  const emails: EmailSend[] = [];
  const emailed: Attendee[] = [];
  // Render once, send many: the calendar's copy and file, per distinct copy and entry in this batch.
  const calendarCopy = {
    companion: oncePerInput((i: CompanionInviteInput) => companionInvite(i).text),
    family: oncePerInput((i: FamilyInviteInput) => familyLetter(i).text),
    professional: oncePerInput((i: ProfessionalInviteInput) => professionalInvite(i).text),
  };
  const buildIcs = inviteIcsBuilder();
  const after: (() => Promise<void>)[] = [];
  for (const a of c.attendees) {
    if (a.role === 'child') continue; // children are never contacted directly: the social worker passes it on
    if (only && a.id !== only) continue;
    const updatedFor = hadEarlier(a);
    // Sent again only to say who else is invited (invited-already-updates.ts): the time is the same.
    const invitedUpdate = invitedUpdateFor(a);
    if (ledger[currentKey(a)]?.state === 'sent') {
      after.push(() => text(a)); // a retry after Notify was busy: the invitation went, the text may not have
      continue;
    }
    const family = audienceOf(a) === 'family';
    const byLetter = family && a.contactPreference !== 'email';
    if (!byLetter && !a.email) continue;
    // Whoever comes with the family (a supporter, advocate or interpreter) gets an invitation written
    // for them, never the parents' letter or a professional's: what the person they come with gets.
    const companionKind = companionKindOf(a);
    const professional =
      family || companionKind
        ? undefined
        : {
            ...professionalInviteInput(c, a, policy, { updated: updatedFor }),
            joinAt: calendarStart(c, a),
            personalLinks: personalLinksFor(deps, c, a),
            ...(until ? { coreGroupUntil: until } : {}),
          };
    const companion: CompanionInviteInput | undefined = companionKind
      ? {
          reference: c.reference,
          policy,
          kind: c.kind,
          companion: companionKind,
          ...comesWith(c, a),
          ...(companionKind === 'interpreter' ? interpreterLanguage(c, a) : {}),
          ...(companionKind === 'childs-advocate' && a.childIds?.length
            ? { supports: advocateSupports(c, a.childIds, c.startsAt.slice(0, 10)) }
            : {}),
          joinAt: calendarStart(c, a),
          withParentBeforeOthers:
            !isChildsAdvocate(a) &&
            Boolean(c.timetable.parentsJoinAt) &&
            Date.parse(calendarStart(c, a)) < Date.parse(c.timetable.professionalsJoinAt),
          ...plainMeeting(a),
          ...(invitedAlready(c, a).childrenInvited ? { childrenInvited: invitedAlready(c, a).childrenInvited } : {}),
          ...(invitedUpdate ? { invitedUpdate } : {}),
          recipient: { accessibilityNeeds: a.accessibilityNeeds },
        }
      : undefined;
    const familyInput: FamilyInviteInput | undefined =
      professional || companion
        ? undefined
        : {
            reference: c.reference,
            kind: c.kind,
            policy,
            recipient: {
              interpreterNeeded: a.interpreterNeeded,
              accessibilityNeeds: a.accessibilityNeeds,
              ...(a.language ? { language: a.language } : {}),
              interpreterBooked: taskDone(c.tasks, 'book-interpreter', a.id),
              needsArranged: taskDone(c.tasks, 'arrange-accessibility', a.id),
            },
            ...(c.arrangementUpdates?.[a.id] !== undefined &&
            c.arrangementUpdates[a.id] === (c.inviteUpdates?.[a.id] ?? 0)
              ? { arrangementsUpdated: true }
              : {}),
            ...(c.timetable.parentsJoinAt ? { parentsJoinAt: calendarStart(c, a) } : {}),
            ...(a.preMeetingSlot ? { ownSlot: true } : {}),
            ...plainMeeting(a),
            ...(oldestChildAge(c, today) !== undefined ? { oldestChildAge: oldestChildAge(c, today)! } : {}),
            childCount: childrenFor(c, a).length,
            childNames: childNamesFor(c, a),
            ...invitedAlready(c, a),
            ...(invitedUpdate ? { invitedUpdate } : {}),
            ...familyContacts(c),
          };
    if (familyInput) await tellOfLanguage(deps, c, a, policy);
    if (byLetter) {
      after.push(async () => {
        // On paper: a reply code to type instead of the link, which nobody can click.
        const paper = { replyCode: await replyCodeFor(deps, c, a.id, 'rsvp') };
        const letter = companion
          ? companionInvite({ ...withoutRsvp(companion), ...paper })
          : familyLetter({ ...withoutRsvp(familyInput!), ...paper });
        await sendFamilyLetter(deps, c, a, 'send-invites', updatedFor ? 'updated-invitation' : 'invitation', letter, {
          recipient: inviteRecipient(c, a.id),
          neededBy: calendarStart(c, a),
        });
        await text(a);
      });
      continue;
    }
    const rendered = companion
      ? companionInvite(companion)
      : familyInput
        ? familyLetter(familyInput)
        : professionalInvite(professional!);
    // A calendar entry is shared with delegates and synced to phones: it never names the family,
    // and never carries a personal link (whoever holds one acts as this person). So it is the same
    // for many of the batch (professionals of one agency): written and built once for all of them.
    const calendarText = companion
      ? calendarCopy.companion({ ...withoutRsvp(companion), linksInEmailOnly: true })
      : familyInput
        ? calendarCopy.family(withoutLink(familyInput))
        : calendarCopy.professional({ ...withoutNames(professional!), personalLinks: [], linksInEmailOnly: true });
    const ics = buildIcs(icsInputFor(c, { ...a, email: a.email! }, policy, 'REQUEST', calendarText));
    emails.push({
      step: 'send-invites',
      recipient: inviteRecipient(c, a.id),
      message: { ...rendered, to: a.email!, from: sender, icalEvent: { method: 'REQUEST', content: ics } },
    });
    emailed.push(a);
  }
  const outcomes = await deliverEmails(deps, c, emails);
  // Texts go with the emails that went; the job is retried for an email that did not (the rest are in the ledger).
  for (const [i, a] of emailed.entries()) if (!(outcomes[i] instanceof Error)) await text(a);
  for (const next of after) await next();
  const failed = batchError(outcomes);
  if (failed) throw failed;

  const at = toLondonIso(deps.clock.now());
  await deps.store.update(c.id, (cur) =>
    cur.version === c.version && awaitsInvitations(cur.state) ? transition(cur, 'invited', { at, by: 'system' }) : cur,
  );
  await deps.store.audit(c.id, {
    at,
    actor: 'system',
    action: updated ? 'invites.updated' : 'invites.sent',
    detail: {
      version: c.version,
      provider: meeting?.provider ?? 'venue',
      ...(only ? { attendeeId: only, update: inviteUpdates(c, only) } : {}),
    },
  });
}
