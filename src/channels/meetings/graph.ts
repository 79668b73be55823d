/**
 * Microsoft Teams meetings through Microsoft Graph, over plain fetch.
 *
 * Application permission `OnlineMeetings.ReadWrite.All` only works for users an administrator has
 * granted an application access policy (`New-CsApplicationAccessPolicy` + `Grant-CsApplicationAccessPolicy`)
 * covering `organizerUserId`; without it Graph answers 403.
 */
import type { MeetingDetails } from '../../domain/conference-parts.ts';
import { meetingKey, meetingTitle, type MeetingProvider, type MeetingRequest } from '../../ports.ts';
import { createGraphClient, GraphError, type GraphClientOptions } from '../graph-client.ts';

export interface GraphTeamsProviderOptions extends GraphClientOptions {
  /** Object id (or UPN) of the account that organises every meeting. */
  organizerUserId: string;
}

interface AudioConferencing {
  conferenceId?: string | null;
  tollNumber?: string | null;
  tollNumbers?: string[] | null;
  tollFreeNumber?: string | null;
  tollFreeNumbers?: string[] | null;
  dialinUrl?: string | null;
}

interface OnlineMeeting {
  id: string;
  joinWebUrl?: string | null;
  externalId?: string | null;
  audioConferencing?: AudioConferencing | null;
}

/** Deterministic per conference and schedule version, so createOrGet makes one meeting however often it is retried. */
export function graphExternalId(conferenceId: string, version: number): string {
  return `cpc-${conferenceId}-v${version}`;
}

export function mapTeamsMeeting(meeting: OnlineMeeting, externalId?: string): MeetingDetails {
  const audio = meeting.audioConferencing;
  const dialIn: MeetingDetails['dialIn'] = [];
  if (audio) {
    const pin = audio.conferenceId ?? '';
    const toll = audio.tollNumbers?.length ? audio.tollNumbers : audio.tollNumber ? [audio.tollNumber] : [];
    const tollFree = audio.tollFreeNumbers?.length
      ? audio.tollFreeNumbers
      : audio.tollFreeNumber
        ? [audio.tollFreeNumber]
        : [];
    for (const number of [...new Set([...toll, ...tollFree])]) {
      if (number.trim()) dialIn.push({ number: number.trim(), pin, fallback: false });
    }
  }
  const providerIds: Record<string, string> = { onlineMeetingId: meeting.id };
  const ext = meeting.externalId ?? externalId;
  if (ext) providerIds.externalId = ext;
  if (audio?.dialinUrl) providerIds.dialinUrl = audio.dialinUrl;
  return {
    provider: 'teams',
    label: 'Microsoft Teams meeting',
    ...(meeting.joinWebUrl ? { joinUrl: meeting.joinWebUrl } : {}),
    dialIn,
    providerIds,
  };
}

export function createGraphTeamsProvider(options: GraphTeamsProviderOptions): MeetingProvider {
  const client = createGraphClient(options);
  const meetings = `${client.base}/users/${encodeURIComponent(options.organizerUserId)}/onlineMeetings`;
  const call = <T>(method: string, url: string, body?: unknown) =>
    client.json<T>({ method, url, ...(body === undefined ? {} : { body }) });

  async function lockDown(id: string, times?: { startDateTime: string; endDateTime: string }) {
    // Only the organiser skips the lobby: the chair admits each person (and each phone caller),
    // so nobody hears the conference before they are meant to. No recording or transcript is made.
    const { data } = await call<OnlineMeeting>('PATCH', `${meetings}/${encodeURIComponent(id)}`, {
      ...times,
      lobbyBypassSettings: { scope: 'organizer', isDialInBypassEnabled: false },
      allowRecording: false,
      allowTranscription: false,
    });
    return data;
  }

  const utc = (iso: string) => new Date(iso).toISOString();

  return {
    name: 'teams',
    async create(request: MeetingRequest) {
      const externalId = graphExternalId(meetingKey(request), request.version);
      const { data: created } = await call<OnlineMeeting>('POST', `${meetings}/createOrGet`, {
        externalId,
        startDateTime: utc(request.startsAt),
        endDateTime: utc(request.endsAt),
        // Reference only: no child or family names in a subject.
        subject: meetingTitle(request),
      });
      if (!created?.id)
        throw new GraphError(500, 'noMeetingId', 'createOrGet returned no meeting id', 'POST createOrGet');
      const patched = await lockDown(created.id);
      return mapTeamsMeeting({ ...created, ...patched, id: created.id }, externalId);
    },

    async update(request, current) {
      const id = current.providerIds.onlineMeetingId;
      if (!id) throw new Error(`Teams meeting for conference ${request.conferenceId} has no onlineMeetingId to update`);
      const patched = await lockDown(id, { startDateTime: utc(request.startsAt), endDateTime: utc(request.endsAt) });
      if (!patched) return current;
      const mapped = mapTeamsMeeting({ ...patched, id });
      return { ...mapped, providerIds: { ...current.providerIds, ...mapped.providerIds } };
    },

    async cancel(request, current) {
      const id = current.providerIds.onlineMeetingId;
      if (!id) return;
      try {
        await call('DELETE', `${meetings}/${encodeURIComponent(id)}`);
      } catch (err) {
        if (!(err instanceof GraphError && err.status === 404)) throw err;
      }
    },
  };
}
