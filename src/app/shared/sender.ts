import type { Conference } from '../../domain/conference.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import type { AppDeps } from '../deps.ts';

/** Who the service's mail comes from under a policy: its one sender mailbox. */
export const senderOf = (policy: Policy): { name: string; address: string } => ({
  name: policy.sender.name,
  address: policy.sender.address,
});

/** Where the coordinator's copies go: the configured coordinator, else the policy's sender mailbox. */
export const coordinatorAddress = (deps: Pick<AppDeps, 'settings' | 'policies'>, policy?: Policy): string =>
  deps.settings.coordinatorEmail ?? (policy ?? deps.policies.get(undefined)).sender.address;

/** A task's chaser: to the conference's social worker (when they have an email address), then the coordinator. */
export function socialWorkerAndCoordinator(
  deps: Pick<AppDeps, 'settings' | 'policies'>,
  c: Conference,
  policy: Policy,
): ['social-worker' | 'coordinator', string][] {
  const sw = c.attendees.find((a) => a.role === 'social-worker' && a.email)?.email;
  const to: ['social-worker' | 'coordinator', string][] = sw ? [['social-worker', sw]] : [];
  to.push(['coordinator', coordinatorAddress(deps, policy)]);
  return to;
}
