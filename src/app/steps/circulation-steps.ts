// PLACEHOLDER: being written (issue 7). Every function throws until then, so a job fails visibly.
import type { Conference } from '../../domain/conference.ts';
import type { AppDeps } from '../deps.ts';

const pending = (what: string) => Promise.reject(new Error(`${what} is not built yet`));
export const circulateDecision = (_d: AppDeps, _c: Conference, _a: string): Promise<void> => pending('circulation');
export const circulationWatchdog = (_d: AppDeps, _c: Conference): Promise<void> => pending('watchdog');
export const hardCopyDue = (_d: AppDeps, _c: Conference): Promise<void> => pending('hard copies');
export const followUpStep = (_d: AppDeps, _c: Conference, _s: string): Promise<void> => pending('follow-ups');
