import type { PolicyInput } from '../schema.ts';

type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/**
 * A preset that says only where it differs from the statutory one, the way an authority's own policy
 * file does with `extends` (load-policy.ts): objects merge key by key, lists and values replace.
 */
export type PresetInput = DeepPartial<PolicyInput> & { extends: 'statutory'; id: string };
