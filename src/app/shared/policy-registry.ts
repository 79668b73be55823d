import { ValidationError } from '../../domain/errors.ts';
import type { Policy } from '../../domain/policy/schema.ts';

/** The presets plus any policy the authority loaded from POLICY_FILE (which may replace a preset). */
export class PolicyRegistry {
  readonly #policies = new Map<string, Policy>();
  constructor(
    presets: Record<string, Policy>,
    custom: Policy[] = [],
    readonly defaultId = 'statutory',
  ) {
    for (const p of Object.values(presets)) this.#policies.set(p.id, p);
    for (const p of custom) this.#policies.set(p.id, p);
    if (!this.#policies.has(defaultId))
      throw new ValidationError(`Unknown default policy "${defaultId}"`, [
        { field: 'DEFAULT_POLICY', message: `known: ${this.ids().join(', ')}` },
      ]);
  }
  ids(): string[] {
    return [...this.#policies.keys()].sort();
  }
  list(): Policy[] {
    return this.ids().map((id) => this.#policies.get(id)!);
  }
  get(id: string | undefined, field = 'policy'): Policy {
    const p = this.#policies.get(id ?? this.defaultId);
    if (!p)
      throw new ValidationError('Unknown policy', [
        { field, message: `"${id}" is not a known policy (known: ${this.ids().join(', ')})` },
      ]);
    return p;
  }
}
