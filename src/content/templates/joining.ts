/** How to join: video link, every phone number with its PIN, and the venue. Shared by all invites. */
import type { MeetingDetails } from '../../domain/conference-parts.ts';
import type { MeetingMode } from '../../domain/vocabulary.ts';
import { dialInEntries } from '../dial-in.ts';
import { withArticle } from '../words.ts';
import { facts, heading, link, list, notice, p, phones, type Block } from './layout.ts';

export interface JoiningInput {
  mode: MeetingMode;
  venue?: string;
  meeting?: MeetingDetails;
  audience: 'professional' | 'family';
  /** What is being joined: the conference (default) or a core group meeting. */
  occasion?: 'conference' | 'core group meeting';
  /** A letter on paper: nothing to tap, so the numbers are only to call (trial finding). */
  onPaper?: boolean;
}

export function joiningBlocks(input: JoiningInput): Block[] {
  const family = input.audience === 'family';
  const what = input.occasion ?? 'conference';
  const blocks: Block[] = [heading(family ? 'How to join' : `Joining the ${what}`)];
  const remote = input.mode !== 'in-person';

  if (input.mode === 'blended') {
    blocks.push(
      p(
        family
          ? 'You can come to the meeting in person or join by video or phone.'
          : `This is ${withArticle(`blended ${what}`)}: some people will be in the room and others will join by video or phone. Please join by video unless you have been asked to attend in person.`,
      ),
    );
  }
  if (input.mode !== 'virtual') {
    blocks.push(
      facts([[family ? 'Where' : 'Venue', input.venue?.trim() || 'The venue will be confirmed separately.']]),
    );
  }
  if (remote) {
    const m = input.meeting;
    if (m?.joinUrl) blocks.push(link(family ? 'Join by video' : 'Video link', m.joinUrl));
    const numbers = dialInEntries(m);
    if (numbers.length > 0) {
      blocks.push(
        p(
          family
            ? input.onPaper
              ? 'Or join by phone. Call one of these numbers and type the PIN when asked:'
              : 'Or join by phone. Call one of these numbers and type the PIN when asked (on a mobile, tap the number: it dials the PIN for you):'
            : 'Dial-in (same meeting as the video link; on a mobile, tap to dial with the PIN):',
        ),
      );
      blocks.push(phones(numbers));
    } else {
      blocks.push(p('The phone number to join will be sent separately.'));
    }
    if (!m) blocks.push(p('The video link will be sent separately.'));
    if (m?.provider === 'local') blocks.push(notice(`Note: ${m.label}.`));
    if (!family) {
      blocks.push(
        p(
          'Please use video where you can, so the family can see everyone taking part. The video link and the phone numbers take you into the same meeting.',
        ),
      );
    }
  }
  return blocks;
}

/** A family member's or companion's invitation: on paper (a reply code instead of a link) the numbers are only to call. */
export const familyJoiningBlocks = (
  input: Pick<JoiningInput, 'mode' | 'venue' | 'meeting'> & { replyCode?: unknown },
) =>
  joiningBlocks({
    mode: input.mode,
    venue: input.venue,
    meeting: input.meeting,
    audience: 'family',
    onPaper: Boolean(input.replyCode),
  });

/** Hackney's expectations for anyone joining a confidential meeting remotely. */
export function confidentialityBlocks(mode: MeetingMode): Block[] {
  const items = [
    'Join from a quiet, private space where no one else can see or hear any part of the meeting, and where no one can come in and out.',
    'Use headphones (and a privacy screen if others work near you).',
    'Do not join from a public place such as a café, a train or a shared office.',
    'Keep your device muted when you are not speaking, and close email and other distractions.',
    'Store and dispose of any paper copies of reports confidentially; share what you hear only on a need-to-know basis.',
  ];
  const remoteItems = mode === 'in-person' ? items.slice(4) : items;
  return [
    heading('Confidentiality'),
    p('A child protection conference is a confidential meeting.'),
    list(remoteItems),
    ...(mode === 'in-person'
      ? []
      : [p('The chair may remove anyone from the call if someone else is seen or heard in the background.')]),
  ];
}
