// `npm run lint` (run by .ci/run between typecheck and `npm test`): typescript-eslint with type information, which
// `switch-exhaustiveness-check` needs (a `switch` over a union that forgets a member is an error).
// Rules are the recommended sets; each one turned down says why.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'dist/**', 'bench/results/**', 'manifest/build/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // `_name` marks a value taken out on purpose (`const { secret: _s, ...rest } = x`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Sanitisers strip control characters from untrusted text by matching them.
      'no-control-regex': 'off',
    },
  },
  {
    // Fakes and tests read loosely typed JSON from the wire (Graph, Bot Framework, Google replies).
    files: ['test/**', 'scripts/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // Served to the browser as is (the Teams tab's configuration page).
    files: ['src/channels/web/pages/static/**/*.js'],
    languageOptions: { globals: { window: 'readonly' } },
  },
);
