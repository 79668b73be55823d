/** The email twin of the Teams dissent card: a professional's view differs from the chair's decision, for one or more children. */
import type { Policy } from '../../domain/policy/schema.ts';
import type { Recommendation } from '../../domain/vocabulary.ts';
import { RECOMMENDATION_LABEL as RECOMMENDATION } from '../labels.ts';
import { contactWords } from './escalation-notice.ts';
import { footer, facts, heading, notice, p, renderEmail, type Block, type RenderedEmail } from './layout.ts';

export interface DissentItem {
  childLabel: string;
  decision: Recommendation;
  yours?: Recommendation;
  route: string;
}

export function dissentEmail(m: { reference: string; policy: Policy; items: readonly DissentItem[] }): RenderedEmail {
  const several = m.items.length > 1;
  const routes = [...new Set(m.items.map((i) => i.route))];
  const blocks: Block[] = [
    notice(
      `The chair has decided, and your view differs from the decision${several ? ` for ${m.items.length} children` : ''}. It is recorded as dissent in the minutes.`,
    ),
    facts([['Reference', m.reference]]),
  ];
  for (const i of m.items) {
    if (several) blocks.push(heading(i.childLabel));
    blocks.push(
      facts([
        ...(several ? [] : ([['Child', i.childLabel]] as [string, string][])),
        ['Decision', RECOMMENDATION[i.decision]],
        ['Your view', i.yours ? RECOMMENDATION[i.yours] : '(no recommendation given)'],
      ]),
    );
  }
  blocks.push(
    p(`If you disagree with the decision, your agency can use the escalation route: ${routes.join('; ')}.`),
    p(
      `To escalate it, tell the coordinator or the chair: it is recorded, ${joinContacts(m.policy)} are told, and the outcome is due within ${m.policy.views.disagreement.escalation.professional.resolveWithinWorkingDays} working days.`,
    ),
    p('The decision is not final until the chair approves it; the family hears it only then.'),
  );
  return renderEmail({
    subject: `${m.reference}: your view differs from the decision`,
    preview: `${m.reference}: your view is recorded as dissent.`,
    blocks,
    footer: footer(m.policy, m.reference, 'mailbox'),
  });
}

/** "the chair, the professional's manager and the conference coordinator". */
function joinContacts(policy: Policy): string {
  const words = policy.views.disagreement.escalation.professional.tell.map((c) =>
    c.who === 'professionals-manager' ? 'your manager' : contactWords(c),
  );
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : (words[0] ?? 'the chair');
}
