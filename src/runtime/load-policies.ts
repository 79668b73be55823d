/**
 * The presets plus the authority's own policy file (POLICY_FILE). A policy file is configuration: one
 * the schema refuses (an escalation route that names nobody, an unknown placeholder, a field of the
 * wrong kind), whose reviewed text the letter font cannot print, or that cannot be read stops
 * start-up as a bad setting does (ConfigError: main.ts prints every problem, naming the field, and
 * exits 2), before any conference is touched.
 */
import { readFileSync } from 'node:fs';
import { printablePolicy } from '../app/shared/policy-print-check.ts';
import { PolicyRegistry } from '../app/shared/policy-registry.ts';
import { ConfigError, type Config } from '../config.ts';
import { ValidationError } from '../domain/errors.ts';
import { parsePolicy } from '../domain/policy/load-policy.ts';
import { PRESETS } from '../domain/policy/presets/index.ts';
import type { Policy } from '../domain/policy/schema.ts';

function readPolicyFile(file: string): Policy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`POLICY_FILE ${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? err})`]);
  }
  try {
    const parsed = parsePolicy(text, /\.ya?ml$/i.test(file) ? 'yaml' : 'json', file);
    // Reviewed translations must print in the letter font: refused here, naming the field.
    return printablePolicy(parsed, file);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    throw new ConfigError(
      err.issues.length
        ? err.issues.map((i) => `POLICY_FILE ${file}: ${i.field}: ${i.message}`)
        : [`POLICY_FILE ${file}: ${err.message}`],
    );
  }
}

export function loadPolicies(config: Config): PolicyRegistry {
  const custom = config.POLICY_FILE ? [readPolicyFile(config.POLICY_FILE)] : [];
  return new PolicyRegistry(PRESETS, custom, config.DEFAULT_POLICY);
}
