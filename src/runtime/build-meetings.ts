import { auth as googleAuth } from '@googleapis/calendar';
import { withFallbackDialIn } from '../channels/meetings/fallback-dial-in.ts';
import { createGoogleMeetProvider } from '../channels/meetings/google.ts';
import { createClientCredentialsTokenProvider } from '../channels/graph-client.ts';
import { createGraphTeamsProvider } from '../channels/meetings/graph.ts';
import { createLocalMeetingProvider } from '../channels/meetings/local.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../infra/logger.ts';
import { MEETING_PROVIDERS, type MeetingProviderName } from '../domain/vocabulary.ts';
import { type MeetingProvider } from '../ports.ts';
import { StepCannotSucceedError } from '../ports/jobs.ts';

/**
 * Meeting providers by name, each wrapped so that an invitation never goes out without a phone
 * option: where the provider has none, the configured fallback bridge is used and it is logged
 * (the invite step also alerts the chair and coordinator when it sees a fallback number).
 */
export function buildMeetingProviders(config: Config, logger: Logger): (name: MeetingProviderName) => MeetingProvider {
  const fallback = config.FALLBACK_DIALIN_NUMBER
    ? {
        number: config.FALLBACK_DIALIN_NUMBER,
        ...(config.FALLBACK_DIALIN_PIN ? { pin: config.FALLBACK_DIALIN_PIN } : {}),
      }
    : { number: config.LOCAL_DIALIN_NUMBER, ...(config.LOCAL_DIALIN_PIN ? { pin: config.LOCAL_DIALIN_PIN } : {}) };
  const alert = (conferenceId: string, providerName: string) =>
    logger.warn('meeting provider gave no dial-in: fallback bridge used', { conferenceId, provider: providerName });
  const cache = new Map<string, MeetingProvider>();

  const make = (name: MeetingProviderName): MeetingProvider => {
    // A stored name that is none of ours (never the local provider in its place: that would send a
    // development join link to real people).
    if (!(MEETING_PROVIDERS as readonly string[]).includes(name))
      throw new StepCannotSucceedError(
        `unknown meeting provider "${String(name)}": expected one of ${MEETING_PROVIDERS.join(', ')}`,
      );
    if (name === 'google') {
      if (!config.GOOGLE_SERVICE_ACCOUNT_KEY_FILE || !config.GOOGLE_CALENDAR_ID)
        throw new Error('Google Meet is not configured (GOOGLE_SERVICE_ACCOUNT_KEY_FILE, GOOGLE_CALENDAR_ID)');
      const jwt = new googleAuth.JWT({
        keyFile: config.GOOGLE_SERVICE_ACCOUNT_KEY_FILE,
        scopes: [
          'https://www.googleapis.com/auth/calendar.events',
          'https://www.googleapis.com/auth/meetings.space.created',
        ],
        ...(config.GOOGLE_IMPERSONATE ? { subject: config.GOOGLE_IMPERSONATE } : {}),
      });
      return createGoogleMeetProvider({
        calendarId: config.GOOGLE_CALENDAR_ID,
        auth: jwt,
        onWarning: (message) => logger.warn(message, { provider: 'google' }),
        ...(config.GOOGLE_API_BASE_URL ? { baseUrl: config.GOOGLE_API_BASE_URL } : {}),
      });
    }
    if (name === 'teams') {
      if (
        !config.GRAPH_TENANT_ID ||
        !config.GRAPH_CLIENT_ID ||
        !config.GRAPH_CLIENT_SECRET ||
        !config.GRAPH_ORGANIZER_USER_ID
      )
        throw new Error(
          'Teams meetings are not configured (GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET, GRAPH_ORGANIZER_USER_ID)',
        );
      const getToken = createClientCredentialsTokenProvider({
        tenantId: config.GRAPH_TENANT_ID,
        clientId: config.GRAPH_CLIENT_ID,
        clientSecret: config.GRAPH_CLIENT_SECRET,
        ...(config.GRAPH_AUTHORITY_URL ? { authorityBaseUrl: config.GRAPH_AUTHORITY_URL } : {}),
      });
      return createGraphTeamsProvider({
        organizerUserId: config.GRAPH_ORGANIZER_USER_ID,
        getToken,
        ...(config.GRAPH_BASE_URL ? { baseUrl: config.GRAPH_BASE_URL } : {}),
      });
    }
    return createLocalMeetingProvider({
      publicBaseUrl: config.PUBLIC_BASE_URL,
      dialIn: {
        number: config.LOCAL_DIALIN_NUMBER,
        ...(config.LOCAL_DIALIN_PIN ? { pin: config.LOCAL_DIALIN_PIN } : {}),
      },
    });
  };

  return (name: MeetingProviderName) => {
    let p = cache.get(name);
    if (!p) {
      p = withFallbackDialIn(make(name), fallback, alert);
      cache.set(name, p);
    }
    return p;
  };
}

/**
 * The providers a conference may not name on this service, each with what is missing: the same
 * settings `make` needs above, and the development provider in production (it would send a
 * development join link to real people).
 */
export function meetingProvidersMissing(config: Config): Partial<Record<MeetingProviderName, string>> {
  const missing: Partial<Record<MeetingProviderName, string>> = {};
  if (!config.GOOGLE_SERVICE_ACCOUNT_KEY_FILE || !config.GOOGLE_CALENDAR_ID)
    missing.google = 'it needs GOOGLE_SERVICE_ACCOUNT_KEY_FILE and GOOGLE_CALENDAR_ID';
  if (
    !config.GRAPH_TENANT_ID ||
    !config.GRAPH_CLIENT_ID ||
    !config.GRAPH_CLIENT_SECRET ||
    !config.GRAPH_ORGANIZER_USER_ID
  )
    missing.teams = 'it needs GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET and GRAPH_ORGANIZER_USER_ID';
  if (config.NODE_ENV === 'production') missing.local = 'the local provider is for development only';
  return missing;
}
