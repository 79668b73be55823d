/**
 * A disagreement with the decision taken up the policy's route (domain/escalations.ts): everyone on
 * the route is told when it is opened, when its outcome is due and passes, and when the outcome is
 * recorded. By reference, child number and role only: never a child's or family member's name.
 */
import type { EscalationParty } from '../../domain/escalations.ts';
import type { EscalationContact } from '../../domain/policy/escalation-route.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import type { Recommendation } from '../../domain/vocabulary.ts';
import { dateAndTime } from '../format.ts';
import { RECOMMENDATION_LABEL } from '../labels.ts';
import { footer, facts, notice, p, renderEmail, type RenderedEmail } from './layout.ts';

export type EscalationNoticeKind = 'opened' | 'overdue' | 'resolved';

export interface EscalationNoticeInput {
  kind: EscalationNoticeKind;
  reference: string;
  policy: Policy;
  /** "Child 2". */
  childLabel: string;
  decision?: Recommendation;
  party: EscalationParty;
  /** "Health visitor (Health)", "The family", "Parent or carer 1": never a name. */
  raisedBy: string;
  procedure: string;
  concern: string;
  dueAt: string;
  /** Who else is told, in words ("the chair", "the professional's manager"). */
  toldWords: string[];
  outcome?: string;
  resolvedAt?: string;
}

const SUBJECT: Record<EscalationNoticeKind, string> = {
  opened: 'disagreement with the decision escalated',
  overdue: 'escalated disagreement not resolved by its due date',
  resolved: 'escalated disagreement resolved',
};

export function escalationNotice(m: EscalationNoticeInput): RenderedEmail {
  const who = m.party === 'family' ? 'the family' : 'a professional';
  const lead: Record<EscalationNoticeKind, string> = {
    opened: `${m.raisedBy} disagrees with the chair's decision for ${m.childLabel}, and ${who === 'the family' ? 'it has' : 'their disagreement has'} been escalated under ${m.procedure}. You are on the route for it under the ${m.policy.shortName} policy.`,
    overdue: `The disagreement ${m.raisedBy} escalated about ${m.childLabel} had no outcome recorded by ${dateAndTime(m.dueAt)}. Please agree the outcome and record it.`,
    resolved: `The disagreement ${m.raisedBy} escalated about ${m.childLabel} has been resolved.`,
  };
  const rows: [string, string][] = [
    ['Reference', m.reference],
    ['Child', m.childLabel],
    ...(m.decision ? ([['Decision', RECOMMENDATION_LABEL[m.decision]]] as [string, string][]) : []),
    ['Raised by', m.raisedBy],
    ['Procedure', m.procedure],
    ['Outcome due', dateAndTime(m.dueAt)],
  ];
  if (m.kind === 'resolved' && m.resolvedAt) rows.push(['Resolved', dateAndTime(m.resolvedAt)]);
  const blocks = [notice(lead[m.kind]), facts(rows), p(`The disagreement: ${m.concern}`)];
  if (m.kind === 'resolved' && m.outcome) blocks.push(p(`The outcome: ${m.outcome}`));
  if (m.toldWords.length) blocks.push(p(`Also told: ${m.toldWords.join(', ')}.`));
  if (m.kind === 'opened')
    blocks.push(
      p(
        "Record the outcome on the conference's page (Disagreements escalated) once it is agreed; everyone on this route will be told.",
      ),
    );
  return renderEmail({
    subject: `${m.reference}: ${SUBJECT[m.kind]}`,
    preview: `${m.reference}: ${SUBJECT[m.kind]} (${m.childLabel}).`,
    blocks,
    footer: footer(m.policy, m.reference),
  });
}

/** A contact on the route in words: "the chair", "the professional's manager", "Laura Demetriades (Service Manager …)". */
export function contactWords(c: Pick<EscalationContact, 'who'> & { role?: string; name?: string }): string {
  switch (c.who) {
    case 'chair':
      return 'the chair';
    case 'coordinator':
      return 'the conference coordinator';
    case 'professionals-manager':
      return "the professional's manager";
    case 'named':
      return c.name ? `${c.name} (${c.role ?? ''})` : (c.role ?? 'a named contact');
  }
}

/**
 * For a family's letter: who to go to if they disagree, from the policy's family route: its named
 * contacts with how to reach them. A contact the complaints wording already gives is not repeated.
 */
export function familyDisagreeContacts(policy: Policy): string[] {
  const said = policy.complaints.toLowerCase();
  return policy.views.disagreement.escalation.family.tell.flatMap((c) => {
    if (c.who !== 'named') return [];
    if ((c.email && said.includes(c.email.toLowerCase())) || (c.name && said.includes(c.name.toLowerCase()))) return [];
    const how = [c.email, c.phone].filter(Boolean).join(', ');
    return [`${c.name ? `${c.name}, ` : ''}${c.role}${how ? `: ${how}` : ''}`];
  });
}

/**
 * What a family's decision letter says about disagreeing, before the complaints wording: who to tell,
 * where it goes (the policy's family route), when they hear back, and any named contact the
 * complaints wording does not already give. `easy`: short sentences, one idea per line.
 */
export function familyDisagreeLines(policy: Policy, easy = false): string[] {
  const route = policy.views.disagreement;
  const days = route.escalation.family.resolveWithinWorkingDays;
  const contacts = familyDisagreeContacts(policy);
  if (easy)
    return [
      'If you do not agree with the decision, tell the chair or your social worker.',
      'They will write it down and pass it on.',
      `You should hear back within ${days} working days.`,
      ...contacts.map((c) => `You can also contact ${c}.`),
    ];
  return [
    `If you disagree with the decision, tell the chair or your social worker. Your disagreement is recorded and taken to ${route.familyRoute}, and you should have an answer within ${days} working days.`,
    ...(contacts.length ? [`You can also contact: ${contacts.join('; ')}.`] : []),
  ];
}

/**
 * Said when someone's view is saved (their views page, their Teams view card): where their
 * disagreement with the chair's decision goes, from the policy's route for them. A professional's
 * goes up the agency's escalation route; a family member's takes the family's route.
 */
export function ifYouDisagree(policy: Policy, family: boolean): string {
  const route = policy.views.disagreement;
  const party = family ? 'family' : 'professional';
  const days = route.escalation[party].resolveWithinWorkingDays;
  const told = route.escalation[party].tell.map((c) =>
    c.who === 'professionals-manager' ? 'your manager' : contactWords(c),
  );
  return family
    ? `If you do not agree with what the chair decides, tell the chair or your social worker. It will be written down and taken to ${route.familyRoute}. You should hear back within ${days} working days.`
    : `If you disagree with the chair's decision, say so to the chair: your view is recorded as dissent, and it can be escalated under ${route.escalationRoute}. The chair or the coordinator records the escalation; ${told.join(', ')} ${told.length === 1 ? 'is' : 'are'} told, and an outcome is due within ${days} working days.`;
}
