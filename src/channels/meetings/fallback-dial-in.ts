/**
 * Every invitation must carry a way to join by phone: parents and some professionals have no
 * reliable video. When a provider gives no dial-in (Meet without telephony, Teams without an
 * Audio Conferencing licence), this decorator adds the configured fallback bridge, marks it
 * `fallback: true`, and raises an alert so the chair and coordinator know to watch that line.
 */
import type { MeetingDetails } from '../../domain/conference-parts.ts';
import type { MeetingProvider, MeetingRequest } from '../../ports.ts';

export interface FallbackBridge {
  number: string;
  /** FALLBACK_DIALIN_PIN; a bridge without a PIN gets an empty one. */
  pin?: string;
  region?: string;
}

export type FallbackAlert = (conferenceId: string, providerName: string) => Promise<void> | void;

/** Thrown when a provider returned no dial-in and no fallback bridge is configured. */
export class NoDialInError extends Error {
  override name = 'NoDialInError';
  constructor(
    readonly conferenceId: string,
    readonly providerName: string,
  ) {
    super(
      `Meeting provider "${providerName}" returned no dial-in for conference ${conferenceId} and no fallback ` +
        'dial-in bridge is configured: configure a fallback number and PIN so invitations can offer a phone option',
    );
  }
}

export function withFallbackDialIn(
  provider: MeetingProvider,
  fallback: FallbackBridge | undefined,
  onFallback: FallbackAlert,
): MeetingProvider {
  const bridge = fallback && fallback.number.trim() ? fallback : undefined;

  async function ensureDialIn(request: MeetingRequest, details: MeetingDetails): Promise<MeetingDetails> {
    const real = details.dialIn.filter((d) => !d.fallback && d.number.trim() !== '');
    if (real.length > 0) return { ...details, dialIn: real };
    if (!bridge) throw new NoDialInError(request.conferenceId, provider.name);
    const withBridge: MeetingDetails = {
      ...details,
      dialIn: [
        {
          number: bridge.number.trim(),
          pin: bridge.pin?.trim() ?? '',
          ...(bridge.region ? { region: bridge.region } : {}),
          fallback: true,
        },
      ],
    };
    await onFallback(request.conferenceId, provider.name);
    return withBridge;
  }

  return {
    name: provider.name,
    async create(request) {
      return ensureDialIn(request, await provider.create(request));
    },
    async update(request, current) {
      return ensureDialIn(request, await provider.update(request, current));
    },
    cancel(request, current) {
      return provider.cancel(request, current);
    },
  };
}
