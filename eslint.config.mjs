// ESLint flat config: TypeScript-aware recommended rules for src/ and test/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {ignores: ['dist/**', 'node_modules/**', 'examples/**/dist/**']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_'}],
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
      // A dialect's planning half is loaded on its first use (see
      // src/dialects/lazy-dialect.ts): the one require() of the sources.
      '@typescript-eslint/no-require-imports': [
        'error',
        {allow: ['^\\./planning$']},
      ],
    },
  },
);
