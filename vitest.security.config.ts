// `npm run test:security`: the security suite, every test/**/security-*.test.ts (they also run in `npm test`).
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default defineConfig({ ...base, test: { ...base.test, include: ['test/**/security-*.test.ts'] } });
