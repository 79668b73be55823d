/** The `cpc` command (`npm run cpc -- <command>`): src/cli/cpc.ts with this process's arguments, streams and environment. */
import { run } from './cpc.ts';

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
