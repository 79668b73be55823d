// PLACEHOLDER: being written (issue 6). Every function throws until then, so a job fails visibly.
import type { Conference } from '../../domain/conference.ts';
import type { AppDeps } from '../deps.ts';

const pending = (what: string) => Promise.reject(new Error(`${what} is not built yet`));
export const parentsSlot = (_d: AppDeps, _c: Conference): Promise<void> => pending("parents' slot");
export const professionalsJoin = (_d: AppDeps, _c: Conference): Promise<void> => pending('join now');
