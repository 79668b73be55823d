/**
 * The email a person gets when the conference coordinator sends them a new personal link (their old
 * ones replaced): the links they may use now, each with what it is for, and that the old ones no
 * longer work. In the family's plain words for a parent, carer or whoever comes with them; the
 * reference and roles only in the subject and preview, never a name.
 */
import { dateAndTime } from '../format.ts';
import { footer, link, p, renderEmail, type RenderedEmail } from './layout.ts';

export type NewLinkPurpose = 'rsvp' | 'report' | 'views' | 'chair' | 'checklist' | 'minutes' | 'core-group';

export interface NewLinksInput {
  reference: string;
  policy: { sender: { name: string; address: string } };
  audience: 'family' | 'companion' | 'professional';
  /** In the order the email lists them; a core group's link with its start. */
  links: { purpose: NewLinkPurpose; href: string; coreGroupStartsAt?: string }[];
}

const PROFESSIONAL: Record<NewLinkPurpose, string> = {
  rsvp: 'Say whether you will attend',
  report: 'Upload your report',
  views: 'Give your view for each child',
  chair: 'Chair’s page: views, decision and approval',
  checklist: 'Pre-meeting checklist with the parents',
  minutes: 'The minutes: draft, edit and approve them',
  'core-group': 'Say whether you will attend the core group meeting',
};

const FAMILY: Record<NewLinkPurpose, string> = {
  rsvp: 'Tell us if you can come to the meeting',
  report: 'Send your report',
  views: 'Give your view',
  chair: 'Chair’s page',
  checklist: 'Checklist',
  minutes: 'The minutes',
  'core-group': 'Tell us if you can come to the core group meeting',
};

export function newLinksEmail(input: NewLinksInput): RenderedEmail {
  const plain = input.audience !== 'professional';
  const labels = plain ? FAMILY : PROFESSIONAL;
  const label = (l: NewLinksInput['links'][number]) =>
    l.coreGroupStartsAt ? `${labels[l.purpose]} on ${dateAndTime(l.coreGroupStartsAt)}` : labels[l.purpose];
  const subject = plain
    ? `Your conference ${input.reference}: your new link`
    : `${input.reference}: your new personal link`;
  const blocks = plain
    ? [
        p(
          `Here is your new link for the child protection meeting (reference ${input.reference}). The link we sent you before does not work any more: please use this one.`,
        ),
        ...input.links.map((l) => link(label(l), l.href)),
        p('This link is just for you. Please do not share it or forward this email.'),
        p('If you did not expect this email, please tell your social worker or the conference coordinator.'),
      ]
    : [
        p(
          `The conference coordinator has sent you new personal links for child protection conference ${input.reference}. The links sent to you before no longer work.`,
        ),
        ...input.links.map((l) => link(label(l), l.href)),
        p('These links are personal to you: do not forward this email.'),
      ];
  return renderEmail({
    subject,
    preview: plain ? `Your new link for meeting ${input.reference}` : `New personal links for ${input.reference}`,
    blocks,
    footer: footer(input.policy, input.reference, plain ? 'family' : 'working'),
  });
}
