/** "Join now" for a professional at their join time: the video link, every dial-in with its PIN, and a button that dials the first. */
import { card, facts, openUrl, subtle, text, title, type AdaptiveCard } from './adaptive.ts';

export interface JoinNowModel {
  reference: string;
  joinAt: string;
  joinUrl?: string;
  /** "+44 20 7946 0000, then PIN 123456 followed by #" lines. */
  dialIn: string[];
  /** The first dial-in as a `tel:` URI with pauses and the PIN: a button dials it in one tap. */
  phoneUri?: string;
  venue?: string;
  note?: string;
}

export function joinNowCard(m: JoinNowModel): AdaptiveCard {
  const rows: [string, string][] = [['Join at', m.joinAt]];
  if (m.joinUrl) rows.push(['Video link', m.joinUrl]);
  m.dialIn.forEach((d, i) => rows.push([i === 0 ? 'Dial-in' : 'Or dial', d]));
  if (m.venue) rows.push(['Venue', m.venue]);
  return card({
    body: [
      title(`${m.reference}: please join now`),
      text(
        'The chair is ready for the professionals to join. If you are early you will wait in the lobby until the chair lets you in.',
      ),
      facts(rows),
      text('Join from a private space where no one else can see or hear the meeting, and use headphones.'),
      ...(m.note ? [subtle(m.note)] : []),
    ],
    actions: [
      ...(m.joinUrl ? [openUrl('Join the meeting', m.joinUrl)] : []),
      ...(m.phoneUri ? [openUrl('Join by phone', m.phoneUri)] : []),
    ],
  });
}
