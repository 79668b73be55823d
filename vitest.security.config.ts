// `npm run test:security`: the security suite, every test/**/security-*.test.ts (they also run in `npm test`).
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default mergeConfig(
  { ...base, test: { ...base.test, projects: undefined } },
  defineConfig({ test: { include: ['test/**/security-*.test.ts'], globalSetup: ['test/global-setup.ts'] } }),
);
