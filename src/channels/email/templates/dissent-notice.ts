/** The email twin of the Teams dissent card: a professional's view differs from the chair's decision. */
import type { Policy } from '../../../domain/policy/schema.ts';
import type { Recommendation } from '../../../domain/vocabulary.ts';
import { RECOMMENDATION_LABEL as RECOMMENDATION } from './decision-letter.ts';
import { facts, notice, p, renderEmail, type RenderedEmail } from './layout.ts';

export function dissentEmail(m: { reference: string; policy: Policy; childLabel: string; decision: Recommendation; yours?: Recommendation; route: string }): RenderedEmail {
  return renderEmail({
    subject: `${m.reference}: your view differs from the decision`,
    preview: `${m.reference}: your view is recorded as dissent.`,
    blocks: [
      notice('The chair has decided, and your view differs from the decision. It is recorded as dissent in the minutes.'),
      facts([
        ['Reference', m.reference],
        ['Child', m.childLabel],
        ['Decision', RECOMMENDATION[m.decision]],
        ['Your view', m.yours ? RECOMMENDATION[m.yours] : '(no recommendation given)'],
      ]),
      p(`If you disagree with the decision, your agency can use the escalation route: ${m.route}.`),
      p('The decision is not final until the chair approves it; the family hears it only then.'),
    ],
    footer: `${m.policy.sender.name} <${m.policy.sender.address}> · ${m.reference}`,
  });
}
