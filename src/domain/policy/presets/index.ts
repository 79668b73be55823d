import { ValidationError, fieldIssues } from '../../errors.ts';
import { deepMerge } from '../merge.ts';
import { PolicySchema } from '../schema.ts';
import type { Policy, PolicyInput } from '../schema.ts';
import { bexley } from './bexley.ts';
import { cumbria } from './cumbria.ts';
import { hackney } from './hackney.ts';
import { hampshire } from './hampshire.ts';
import type { PresetInput } from './preset-input.ts';
import { statutory } from './statutory.ts';

/**
 * Parsed at module load so that a broken preset fails the first import, not a conference. A preset
 * that extends the statutory one is laid over it by the policy loader's own rule.
 */
function load(preset: PolicyInput | PresetInput): Policy {
  const { extends: _base, ...own } = preset as PresetInput;
  // A preset's short name is its own, never the statutory one's.
  const { shortName: _statutorys, ...base } = statutory;
  const input = 'extends' in preset ? deepMerge(base, own) : preset;
  const result = PolicySchema.safeParse(input);
  if (!result.success) {
    throw new ValidationError(`Preset "${preset.id}" is invalid`, fieldIssues(result.error.issues));
  }
  return result.data;
}

export const PRESETS: Readonly<Record<string, Policy>> = Object.freeze(
  Object.fromEntries([statutory, hackney, cumbria, hampshire, bexley].map((p) => [p.id, load(p)])),
);

export const PRESET_IDS: readonly string[] = Object.keys(PRESETS);

/** A preset by id; an unknown id is a validation error that lists the known ones. */
export function getPreset(id: string): Policy {
  const preset = Object.hasOwn(PRESETS, id) ? PRESETS[id] : undefined;
  if (!preset) {
    throw new ValidationError(`Unknown policy "${id}"`, [
      { field: 'policy', message: `unknown policy "${id}"; expected one of ${PRESET_IDS.join(', ')}` },
    ]);
  }
  // A copy, so a caller that adjusts its policy cannot change the preset for everyone else.
  return structuredClone(preset);
}
