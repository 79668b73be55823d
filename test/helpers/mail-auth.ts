/**
 * Inbound mail authenticated the way a deployment behind a mail relay sees it: the service trusts
 * the Authentication-Results header of the relay named here (INBOUND_AUTH=relay) and no other.
 */
export const RELAY_ID = 'mx.relay.test';
export const RELAY_AUTH_ENV = { INBOUND_AUTH: 'relay', INBOUND_AUTH_RELAY_ID: RELAY_ID } as const;

/** The header the relay adds to a message from `from` that passed DMARC. */
export function relayPass(from: string): Record<string, string> {
  return {
    'Authentication-Results': `${RELAY_ID}; spf=pass smtp.mailfrom=${from}; dmarc=pass header.from=${from.split('@')[1]}`,
  };
}
