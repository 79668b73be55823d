/**
 * "Send a new link" (the coordinator, from the dashboard or the API): one attendee's personal links
 * are replaced (their link version bumped, so every old link, reply code and reply address says
 * "replaced") and they are emailed the links they may use now. What the refusal pages tell people
 * to ask for ("ask the conference coordinator to send you a new one") now exists.
 *
 * Exactly once per click: the request names the link version it replaces (`replacing`, the one the
 * page showed). The first request bumps it; a repeat (a double click, a retried request) finds it
 * bumped already and bumps nothing. The email goes on one job per new version (deterministic id)
 * under one ledger entry per new version, so however often it is asked or retried, one email.
 */
import { z } from 'zod/v4';
import { asksForOwnView } from '../../domain/authority.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import { effectiveAttendee, isCompanion } from '../../domain/disclosure.ts';
import { ConflictError, NotFoundError } from '../../domain/errors.ts';
import { isEnded } from '../../domain/state-machine.ts';
import { FAMILY_ROLES } from '../../domain/vocabulary.ts';
import { newLinksEmail, type NewLinkPurpose } from '../../content/templates/new-links.ts';
import { roleLabel } from '../../content/words.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail } from '../shared/deliver.ts';
import { actor as actorField } from '../shared/field-schemas.ts';
import { loadConference } from '../shared/load.ts';
import { parseInput } from '../shared/parse.ts';
import { senderOf } from '../shared/sender.ts';
import { toLondonIso } from '../shared/time.ts';
import { audited, requested, COORDINATOR, type Actor } from './actor.ts';
import { coreGroupLink, LINK_RULES, linkVersion, mayHold, personalLink } from './links.ts';

export const NewLinksBody = z
  .object({
    /** The link version being replaced, as the page (or `linkVersion` in GET …/:id) showed it: makes a repeat harmless. */
    replacing: z.number().int().min(1).max(100_000),
    by: actorField.optional(),
  })
  .strict();

/** One link a person may be sent now: its purpose, and for a core group's, which one and when. */
export interface LinkNow {
  purpose: NewLinkPurpose;
  coreGroupId?: string;
  coreGroupStartsAt?: string;
}

/** The links someone holds in their own right now: the conference's stage, their role and what they were asked for. */
function ownLinks(deps: AppDeps, c: Conference, a: Attendee): LinkNow[] {
  if (a.role === 'child') return [];
  const policy = deps.policies.get(c.policyId);
  const open = (p: NewLinkPurpose) => LINK_RULES[p].opensIn.has(c.state) && mayHold(p, a, c);
  const out: LinkNow[] = [];
  if (open('rsvp')) out.push({ purpose: 'rsvp' });
  if (open('report')) out.push({ purpose: 'report' });
  // A views link only while the chair has the round open (it is sent when the round opens).
  if (open('views') && c.viewRound?.state === 'open' && asksForOwnView(policy, a)) out.push({ purpose: 'views' });
  if (open('chair')) out.push({ purpose: 'chair' });
  if (open('checklist') && (c.meetingProvider !== 'teams' || c.mode === 'in-person'))
    out.push({ purpose: 'checklist' });
  if (open('minutes') && c.decision) out.push({ purpose: 'minutes' });
  // Core groups exist only once the decision is approved: nothing of them reaches a family before.
  const now = deps.clock.now().getTime();
  for (const g of c.coreGroups ?? [])
    if (
      g.state === 'booked' &&
      Date.parse(g.startsAt) > now &&
      LINK_RULES['core-group'].opensIn.has(c.state) &&
      mayHold('core-group', a, c, g.id)
    )
      out.push({ purpose: 'core-group', coreGroupId: g.id, coreGroupStartsAt: g.startsAt });
  return out;
}

const same = (x: LinkNow, y: LinkNow) => x.purpose === y.purpose && x.coreGroupId === y.coreGroupId;

/**
 * The links an attendee may be sent now. Never a child's; a companion (interpreter, supporter,
 * advocate) linked to a parent or carer gets only what that person would also get, never more.
 */
export function linksNow(deps: AppDeps, c: Conference, a: Attendee): LinkNow[] {
  const own = ownLinks(deps, c, a);
  const person = effectiveAttendee(c, a);
  if (!isCompanion(a) || person.id === a.id) return own;
  const theirs = ownLinks(deps, c, person);
  return own.filter((l) => theirs.some((t) => same(l, t)));
}

/** Why nobody can be emailed a new link for this attendee, or undefined when they can. */
function whyNot(deps: AppDeps, c: Conference, a: Attendee): string | undefined {
  // By role and id: this message can reach a log, so no name.
  const who = `The ${roleLabel(a.role).toLowerCase()} (${a.id})`;
  if (a.role === 'child') return 'Children are never emailed: their social worker passes things on to them.';
  if (isEnded(c.state)) return `${c.reference} is ${c.state}: its links no longer work.`;
  if (!a.email) return `${who} has no email address on record: their letter carries a reply code instead.`;
  if (FAMILY_ROLES.has(a.role) && a.contactPreference !== 'email')
    return `${who} gets letters, not email: their letter carries a reply code instead.`;
  if (!linksNow(deps, c, a).length)
    return `${who} has no personal page open at this stage of ${c.reference}: there is no link to send. Use “Revoke links” to stop the old ones working.`;
  return undefined;
}

/**
 * Replaces an attendee's links and queues the email with their new ones. Refused, changing
 * nothing, for a child, someone without an email address (or who gets letters), an ended
 * conference, someone with no page open now, or a `replacing` older than the last replacement.
 */
export async function sendNewLinks(
  deps: AppDeps,
  id: string,
  attendeeId: string,
  raw: unknown,
  actor: Actor = COORDINATOR,
): Promise<{ conference: Conference; linkVersion: number; replaced: boolean }> {
  const input = parseInput(NewLinksBody, raw ?? {}, 'new link request');
  const who = audited(actor, input.by);
  const current = await loadConference(deps.store, id);
  const a = current.attendees.find((x) => x.id === attendeeId);
  if (!a) throw new NotFoundError(`No attendee ${attendeeId} in ${current.reference}`);
  const refused = whyNot(deps, current, a);
  if (refused) throw new ConflictError(refused);
  let replaced = false;
  // Checked as it is written: of two presses at once, one bumps; the other finds it bumped.
  const c = await deps.store.update(id, (cur) => {
    const v = linkVersion(cur, attendeeId);
    replaced = false;
    if (v === input.replacing + 1) return cur;
    if (v !== input.replacing)
      throw new ConflictError(
        `The links of ${attendeeId} changed since the page was shown (version ${v} now, not ${input.replacing}): reload and try again`,
      );
    replaced = true;
    return { ...cur, linkVersions: { ...(cur.linkVersions ?? {}), [attendeeId]: v + 1 } };
  });
  const version = linkVersion(c, attendeeId);
  if (replaced)
    await deps.store.audit(id, {
      at: toLondonIso(deps.clock.now()),
      actor: who.actor,
      action: 'links.replaced',
      detail: { attendeeId, version, ...requested(who) },
    });
  await deps.jobs.schedule([
    {
      conferenceId: c.id,
      version: c.version,
      step: 'send-new-links',
      attendeeId,
      seq: version,
      runAt: deps.clock.now(),
    },
  ]);
  return { conference: c, linkVersion: version, replaced };
}

/**
 * The job: the email with the links the attendee may use now, once per new link version. Skipped
 * when their links were replaced or revoked again since (that version's job, or nobody, sends).
 */
export async function sendNewLinksStep(deps: AppDeps, c: Conference, attendeeId: string, seq: number): Promise<void> {
  const a = c.attendees.find((x) => x.id === attendeeId);
  const log = { conferenceId: c.id, attendeeId, seq };
  if (!a) return deps.logger.info('new links for a removed attendee: not sent', log);
  if (linkVersion(c, attendeeId) !== seq)
    return deps.logger.info('new links replaced or revoked again since: not sent', log);
  if (whyNot(deps, c, a)) return deps.logger.info('new links: nothing to send now', log);
  const policy = deps.policies.get(c.policyId);
  const links = linksNow(deps, c, a).map((l) => ({
    ...l,
    href:
      l.purpose === 'core-group'
        ? coreGroupLink(
            deps,
            c,
            a.id,
            c.coreGroups!.find((g) => g.id === l.coreGroupId)!,
          )
        : personalLink(deps, c, a.id, l.purpose),
  }));
  const audience = isCompanion(a) ? 'companion' : FAMILY_ROLES.has(a.role) ? 'family' : 'professional';
  const rendered = newLinksEmail({ reference: c.reference, policy, audience, links });
  await deliverEmail(deps, c, {
    step: 'send-new-links',
    recipient: a.id,
    // One email per new link version, whatever the conference's schedule version.
    version: seq,
    message: {
      ...rendered,
      to: a.email!,
      from: senderOf(policy),
      headers: { 'X-Conference-Reference': c.reference },
    },
  });
}
