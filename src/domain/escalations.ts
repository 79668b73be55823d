/**
 * Disagreement that goes somewhere: when a professional or the family does not accept the chair's
 * decision for a child, an escalation is opened with the policy's route (who is told), a due date
 * and, in the end, an outcome. Kept on the conference (never removed, ids never reused) so the
 * worklist and the record show it. Pure: the app passes the due date and the time.
 */
import type { Attendee, IsoInstant } from './conference-parts.ts';
import { ValidationError, type FieldIssue } from './errors.ts';
import type { EscalationContact } from './policy/escalation-route.ts';
import type { Policy } from './policy/schema.ts';
import { AGENCY_ROLES } from './vocabulary.ts';

export type EscalationParty = 'professional' | 'family';

/** One person told, as resolved when the escalation was opened (the route may change later; this one does not). */
export interface EscalationRecipient {
  /** `chair`, `coordinator`, `manager`, `named1`…: part of the send ledger's key, never a name. */
  key: string;
  who: EscalationContact['who'];
  /** An attendee it is (the chair), for their name on the page. */
  attendeeId?: string;
  /** A named contact's role and name. */
  role?: string;
  name?: string;
  /** Absent for the coordinator (the configured mailbox is used when the notice goes). */
  email?: string;
}

export interface Escalation {
  /** `e1`, `e2`, … never reused. */
  id: string;
  childId: string;
  party: EscalationParty;
  /** The attendee who disagrees; absent for the family's joint view. */
  attendeeId?: string;
  /** The procedure in the policy's words (the agency's escalation route or the family's route). */
  procedure: string;
  tell: EscalationRecipient[];
  /** What the disagreement is about, in the words of whoever opened it. Professionals only. */
  concern: string;
  openedAt: IsoInstant;
  openedBy: string;
  dueAt: IsoInstant;
  status: 'open' | 'resolved';
  outcome?: string;
  resolvedAt?: IsoInstant;
  resolvedBy?: string;
}

export interface OpenEscalationInput {
  childId: string;
  attendeeId?: string;
  family?: boolean;
  concern: string;
}

/** Whose disagreement it is: the family's (a parent, carer, the child or someone for them) or an agency's. */
export function partyOf(
  input: Pick<OpenEscalationInput, 'attendeeId' | 'family'>,
  attendees: readonly Pick<Attendee, 'id' | 'role'>[],
): EscalationParty {
  if (input.family) return 'family';
  const a = attendees.find((x) => x.id === input.attendeeId);
  return a && AGENCY_ROLES.has(a.role) ? 'professional' : 'family';
}

/**
 * The people on the policy's route for this party, resolved against the conference: the chair and
 * the professional's manager by their addresses, named contacts who are to be notified. A contact
 * who cannot be reached (no manager's email, a named contact only printed) is left out; a route that
 * leaves nobody is refused naming the field to fix.
 */
export function resolveRoute(
  policy: Policy,
  c: { attendees: readonly Pick<Attendee, 'id' | 'role' | 'email' | 'managerEmail'>[] },
  party: EscalationParty,
  attendeeId: string | undefined,
  coordinatorConfigured: boolean,
): { recipients: EscalationRecipient[]; issues: FieldIssue[] } {
  const route = policy.views.disagreement.escalation[party];
  const out: EscalationRecipient[] = [];
  let named = 0;
  for (const contact of route.tell) {
    switch (contact.who) {
      case 'chair': {
        const chair = c.attendees.find((a) => a.role === 'chair' && a.email);
        if (chair) out.push({ key: 'chair', who: 'chair', attendeeId: chair.id, email: chair.email! });
        break;
      }
      case 'coordinator':
        if (coordinatorConfigured) out.push({ key: 'coordinator', who: 'coordinator' });
        break;
      case 'professionals-manager': {
        const a = c.attendees.find((x) => x.id === attendeeId);
        if (party === 'professional' && a?.managerEmail)
          out.push({ key: 'manager', who: 'professionals-manager', email: a.managerEmail });
        break;
      }
      case 'named':
        named++;
        if (contact.notify && contact.email)
          out.push({
            key: `named${named}`,
            who: 'named',
            role: contact.role,
            ...(contact.name ? { name: contact.name } : {}),
            email: contact.email,
          });
        break;
    }
  }
  const issues: FieldIssue[] = out.length
    ? []
    : [
        {
          field: 'route',
          message: `nobody on the ${policy.shortName} policy's ${party} escalation route can be told (views.disagreement.escalation.${party}.tell): add the chair's or the professional's manager's email, or a named contact to notify`,
        },
      ];
  return { recipients: out, issues };
}

/** What is wrong with opening this escalation on this conference, each problem naming its field. */
export function checkOpenEscalation(
  c: { children: readonly { id: string }[]; attendees: readonly Pick<Attendee, 'id' | 'role'>[]; decision?: unknown },
  input: OpenEscalationInput,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!c.decision) issues.push({ field: 'childId', message: 'there is no decision to disagree with yet' });
  if (!c.children.some((ch) => ch.id === input.childId))
    issues.push({
      field: 'childId',
      message: `no child "${input.childId}" in this conference (${c.children.map((ch) => ch.id).join(', ')})`,
    });
  if (input.attendeeId && input.family)
    issues.push({ field: 'attendeeId', message: 'give the attendee who disagrees or family: true, not both' });
  if (!input.attendeeId && !input.family)
    issues.push({ field: 'attendeeId', message: 'say who disagrees: an attendee id, or family: true' });
  if (input.attendeeId) {
    const a = c.attendees.find((x) => x.id === input.attendeeId);
    if (!a) issues.push({ field: 'attendeeId', message: `no attendee "${input.attendeeId}" in this conference` });
    else {
      const why = whyNotOneWhoDisagrees(a);
      if (why) issues.push({ field: 'attendeeId', message: why });
    }
  }
  return issues;
}

/**
 * Why this attendee cannot be named as the one who disagrees, or nothing if they can. The API and the
 * dashboard's "Who disagrees" list both ask this (trial finding: the API took the child, whom the
 * list never offered). The chair made the decision. A child's disagreement is the family's: it goes
 * along the family's route with family: true, and no notice is ever the child's own. An interpreter
 * or the minute taker gives no view of their own (authority.ts) and is not the family: their
 * disagreement went along the family's route.
 */
export function whyNotOneWhoDisagrees(a: Pick<Attendee, 'id' | 'role'>): string | undefined {
  switch (a.role) {
    case 'chair':
      return 'the chair made the decision: someone else disagrees with it';
    case 'child':
      return `${a.id} is the child: record the child's disagreement as the family's, with family: true`;
    case 'interpreter':
      return `${a.id} is an interpreter, who interprets for others: name the person who disagrees, or family: true`;
    case 'minute-taker':
      return `${a.id} is the minute taker, who records the meeting: name the person who disagrees, or family: true`;
    default:
      return undefined;
  }
}

/** The next escalation id: one more than the highest ever given (escalations are never removed). */
export function nextEscalationId(c: { escalations?: readonly Escalation[] }): string {
  return `e${(c.escalations ?? []).reduce((n, e) => Math.max(n, Number(e.id.slice(1)) || 0), 0) + 1}`;
}

/** The conference with the escalation's outcome recorded; refused if it is already resolved. */
export function withOutcome<C extends { escalations?: Escalation[] }>(
  c: C,
  escalationId: string,
  outcome: { outcome: string; at: IsoInstant; by: string },
): C {
  const e = (c.escalations ?? []).find((x) => x.id === escalationId);
  if (!e) throw new ValidationError('Invalid escalation', [{ field: 'escalationId', message: 'no such escalation' }]);
  return {
    ...c,
    escalations: c.escalations!.map((x) =>
      x.id === escalationId
        ? {
            ...x,
            status: 'resolved' as const,
            outcome: outcome.outcome,
            resolvedAt: outcome.at,
            resolvedBy: outcome.by,
          }
        : x,
    ),
  };
}

export const openEscalations = (c: { escalations?: readonly Escalation[] }): Escalation[] =>
  (c.escalations ?? []).filter((e) => e.status === 'open');
