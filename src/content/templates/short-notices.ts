/**
 * Short plain notices, one paragraph each, to a professional or the conference office: a deputy
 * nominated (from the web page or the Teams card), the prompt to nominate one after a declined
 * invitation, the fallback dial-in used, and mail waiting for the coordinator to confirm. Subjects
 * carry the reference and roles only; a deputy's name goes only into the body, for the office to add.
 */
import type { Role } from '../../domain/vocabulary.ts';
import { paragraphHtml } from '../escape.ts';
import { roleLabel } from '../words.ts';
import type { RenderedEmail } from './layout.ts';

const oneParagraph = (subject: string, text: string): RenderedEmail => ({ subject, text, html: paragraphHtml(text) });

/** From the RSVP page: a professional who cannot attend names a colleague (to the coordinator and the chair). */
export function deputyNominated(input: {
  reference: string;
  role: Role;
  agency?: string;
  deputy: { name: string; email: string };
  /** The chair is told; only the coordinator, who adds attendees, is asked to add the deputy. */
  for?: 'coordinator' | 'chair';
}): RenderedEmail {
  const who = `${input.role}${input.agency ? ` (${input.agency})` : ''}`;
  const ask =
    input.for === 'chair'
      ? 'The coordinator has been asked to add them as an attendee, so they receive their own invitation.'
      : 'Please add them as an attendee so they receive their own invitation.';
  return oneParagraph(
    `${input.reference}: deputy nominated by the ${input.role}`,
    `${input.reference}: the ${who} cannot attend and nominates ${input.deputy.name} <${input.deputy.email}> to attend in their place. ${ask}`,
  );
}

/** From the Teams card's "I can't attend": the same news, naming the attendee by role and id. */
export function deputyNominatedInChat(input: {
  reference: string;
  role: Role;
  agency?: string;
  attendeeId: string;
  deputy: { name: string; email: string };
}): RenderedEmail {
  const who = `${roleLabel(input.role, input.agency)} (${input.attendeeId})`;
  return oneParagraph(
    `${input.reference}: deputy nominated`,
    `${input.reference}: the ${who} cannot attend and nominates a deputy: ${input.deputy.name} <${input.deputy.email}>. Add the deputy as an attendee if the chair agrees.`,
  );
}

/** To a professional who declined the invitation but is asked for a report. */
export function declinedDeputyPrompt(input: { reference: string; reportReceived: boolean }): RenderedEmail {
  return oneParagraph(
    `${input.reference}: please nominate a deputy`,
    `You have declined the child protection conference ${input.reference}. Please nominate a colleague to attend in your place ` +
      `by replying to this email with their name and email address, and please still send your report` +
      (input.reportReceived ? ' (we already have it, thank you).' : ' by its due date.'),
  );
}

/** To the chair and the coordinator: the meeting provider gave no phone dial-in, so the authority's bridge is in the invitations. */
export function dialInFallbackAlert(input: { reference: string; provider: string; bridge: string }): RenderedEmail {
  return oneParagraph(
    `${input.reference}: fallback dial-in used`,
    `${input.reference}: the ${input.provider} meeting has no phone dial-in, so the authority's fallback audio bridge (${input.bridge}) is in the invitations. Check that the bridge is booked for the conference time.`,
  );
}

/** To the coordinator: a report waits for them to confirm it, who it seems to be from and why. No content, no attachments. */
export function reportNeedsConfirming(input: {
  reference: string;
  /** Who it seems to be from; absent when they have been removed from the conference. */
  attendee?: { role: Role; agency?: string };
  attendeeId: string;
  from: string;
  /** It came to their reply address (so from them), but is not clearly a report; otherwise unauthenticated. */
  notClearlyAReport: boolean;
  reason: string;
  dashboardUrl: string;
}): RenderedEmail {
  const who = input.attendee
    ? `the ${roleLabel(input.attendee.role, input.attendee.agency).replace(/^./, (x) => x.toLowerCase())}`
    : `attendee ${input.attendeeId}`;
  const how = input.notClearlyAReport ? 'came to their reply address, but is' : 'arrived unauthenticated:';
  return oneParagraph(
    `${input.reference}: a report needs confirming`,
    `${input.reference}: a report that looks like it came from ${who} (${input.from}) ${how} ${input.reason}. ` +
      `It has not been filed, their reminders continue and the chair has not been told. Confirm it as their report or reject it on the dashboard: ${input.dashboardUrl}`,
  );
}

/**
 * The chair's briefing beside a professional who cannot come and named a colleague the coordinator
 * has not added yet: "not attending; deputy named: Dee Deputy <dee@…>, not added as an attendee yet".
 */
export const answerWithDeputy = (answer: string, deputy?: { name: string; email: string }): string =>
  deputy ? `${answer}; deputy named: ${deputy.name} <${deputy.email}>, not added as an attendee yet` : answer;
