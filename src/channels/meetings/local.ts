/**
 * The embedded default meeting provider: no external service, so development and small
 * deployments work out of the box. The join link points at our own service (`/meet/<id>`),
 * and it is labelled so nobody mistakes it for a real video service.
 */
import { createHash } from 'node:crypto';
import type { MeetingDetails } from '../../domain/conference-parts.ts';
import { meetingKey, type MeetingProvider, type MeetingRequest } from '../../ports.ts';

export const LOCAL_MEETING_LABEL = 'Local meeting (development provider — not a real video service)';

export interface LocalMeetingProviderOptions {
  /** Public base URL of this service, e.g. `https://cpc.example.gov.uk`; the join link is `<base>/meet/<conferenceId>`. */
  publicBaseUrl: string;
  /**
   * The audio bridge to print in invitations. Without a number no dial-in is returned, so wrap the
   * provider in `withFallbackDialIn` (which alerts) or configure one here.
   */
  dialIn?: { number?: string; pin?: string };
}

/**
 * A 6-digit PIN derived from the conference id alone, so it stays the same across reschedules
 * (people keep the first invitation). Not a secret: anyone with the id can compute it, which is
 * acceptable only because this provider is for development.
 */
export function localMeetingPin(conferenceId: string): string {
  const digest = createHash('sha256').update(`cpc-local-pin:${conferenceId}`).digest();
  return String(digest.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

export function createLocalMeetingProvider(options: LocalMeetingProviderOptions): MeetingProvider {
  const base = options.publicBaseUrl.replace(/\/+$/, '');
  const number = options.dialIn?.number?.trim();
  const fixedPin = options.dialIn?.pin?.trim();

  function details(request: MeetingRequest): MeetingDetails {
    return {
      provider: 'local',
      label: LOCAL_MEETING_LABEL,
      joinUrl: `${base}/meet/${encodeURIComponent(meetingKey(request))}`,
      dialIn: number ? [{ number, pin: fixedPin || localMeetingPin(meetingKey(request)), fallback: false }] : [],
      providerIds: { roomId: meetingKey(request) },
    };
  }

  return {
    name: 'local',
    async create(request) {
      return details(request);
    },
    // The link and PIN depend only on the conference id, so a reschedule changes nothing here.
    async update(_request, current) {
      return current;
    },
    async cancel() {},
  };
}
