/**
 * The words of `/privacy` and `/terms` when the authority gives neither a link to its own notice
 * nor text of its own: who the data controller is, where its privacy notice is, and whom to ask.
 * Plain text paragraphs; the web layer escapes and lays them out.
 */

export interface LegalPageFacts {
  /** The local authority that is data controller; undefined when configuration names none. */
  controller?: string;
  /** The conference team's mailbox (COORDINATOR_EMAIL, or the default policy's sender). */
  contact: string;
}

export interface LegalPageText {
  title: string;
  heading: string;
  paragraphs: string[];
  /** Links shown after the paragraphs: [text, https URL]. */
  links?: [string, string][];
}

const ICO_COMPLAINTS = 'https://ico.org.uk/make-a-complaint/';

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const who = (f: LegalPageFacts) => f.controller ?? 'the local authority (council) that arranged the conference';

export function privacyPageText(f: LegalPageFacts): LegalPageText {
  const councils = f.controller ? `${f.controller}'s` : "the council's";
  return {
    title: 'Privacy notice',
    heading: 'How your information is used',
    paragraphs: [
      `${capitalise(who(f))} is the data controller for the information this service holds. The service arranges child protection conferences for the council: it sends invitations, asks for and shares reports, records views and decisions, and sends the decision and the plan to the people who should have them.`,
      `It holds the names and contact details of the people invited, their replies, the reports they send and what is decided at the meeting. Only the people the council's child protection procedures allow can see each part of it. It is kept for as long as the council's records rules say, then deleted.`,
      `The council's privacy notice for children's services explains what it holds and why, who it shares information with, how long it keeps it and your rights, including your right to see the information held about you. It is on ${councils} website, or the conference team can send you a copy: ${f.contact}.`,
      `If you are unhappy with how your information has been used, tell the conference team first. You can also complain to the Information Commissioner's Office.`,
    ],
    links: [["Complain to the Information Commissioner's Office", ICO_COMPLAINTS]],
  };
}

export function termsPageText(f: LegalPageFacts): LegalPageText {
  const council = who(f);
  return {
    title: 'Terms of use',
    heading: 'Using this service',
    paragraphs: [
      `This service is provided by ${council} for the people invited to its child protection conferences and the professionals who work with them.`,
      'Use it only for the conference you were invited to. The links and chat messages it sends you are for you alone: do not pass them on. If someone else may have used one of your links, tell the conference team and they will replace it.',
      "What you read here about a child or a family is confidential. Do not share it except as the conference and your own organisation's procedures allow.",
      `If something is wrong or hard to use, tell the conference team: ${f.contact}.`,
    ],
  };
}
