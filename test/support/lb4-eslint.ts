import js from '@eslint/js';
import {ESLint, type Linter} from 'eslint';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import tseslint from 'typescript-eslint';

/**
 * The rules of the ESLint configuration an `lb4 app` project lints with,
 * `@loopback/eslint-config` 16.0.1 (its `eslintrc.js`), restated as a flat
 * configuration: that package needs ESLint 8 and its legacy configuration
 * files, and this repository uses ESLint 9 with typescript-eslint 8. Left
 * out: the `mocha/*` rules (for test files; the plugin is not installed)
 * and rules typescript-eslint 8 no longer has (`indent`, `ban-types`,
 * `no-parameter-properties`, ...; all of them were `off`). Typed rules run
 * with type information, as in the app (`parserOptions.project`).
 */
const LB4_RULES: Linter.RulesRecord = {
  'prefer-const': 'error',
  'no-array-constructor': 'error',
  '@typescript-eslint/no-non-null-asserted-optional-chain': 'error',
  '@typescript-eslint/adjacent-overload-signatures': 'error',
  '@typescript-eslint/prefer-for-of': 'error',
  '@typescript-eslint/unified-signatures': 'error',
  '@typescript-eslint/no-explicit-any': 'error',
  'no-unused-labels': 'error',
  'no-caller': 'error',
  'no-new-wrappers': 'error',
  '@typescript-eslint/no-invalid-this': 'error',
  '@typescript-eslint/no-misused-new': 'error',
  '@typescript-eslint/no-shadow': 'error',
  'no-throw-literal': 'error',
  '@typescript-eslint/no-unused-vars': [
    'error',
    {vars: 'all', args: 'none', ignoreRestSiblings: false},
  ],
  'no-unused-expressions': 'error',
  'no-var': 'error',
  eqeqeq: ['error', 'smart'],
  '@typescript-eslint/await-thenable': 'error',
  '@typescript-eslint/no-floating-promises': 'error',
  'no-void': 'error',
  '@typescript-eslint/no-misused-promises': 'error',
  '@typescript-eslint/prefer-optional-chain': 'error',
  '@typescript-eslint/prefer-nullish-coalescing': 'error',
  '@typescript-eslint/no-extra-non-null-assertion': 'error',
  '@typescript-eslint/return-await': 'error',
  '@typescript-eslint/naming-convention': [
    'error',
    {selector: 'default', format: ['camelCase']},
    {selector: 'variable', format: ['camelCase', 'UPPER_CASE', 'PascalCase']},
    {selector: 'variable', format: null, filter: '^_$'},
    {selector: 'function', format: ['PascalCase'], filter: 'Mixin$'},
    {selector: 'parameter', format: ['camelCase'], leadingUnderscore: 'allow'},
    {
      selector: 'enumMember',
      format: ['camelCase', 'UPPER_CASE', 'PascalCase'],
      leadingUnderscore: 'allow',
    },
    {
      selector: 'property',
      format: ['camelCase', 'UPPER_CASE', 'PascalCase'],
      leadingUnderscore: 'allow',
    },
    {selector: 'method', format: ['camelCase'], leadingUnderscore: 'allow'},
    {
      selector: 'memberLike',
      modifiers: ['static'],
      format: ['camelCase', 'UPPER_CASE'],
    },
    {
      selector: 'memberLike',
      modifiers: ['private'],
      format: ['camelCase'],
      leadingUnderscore: 'allow',
    },
    {
      selector: 'memberLike',
      modifiers: ['protected'],
      format: ['camelCase'],
      leadingUnderscore: 'allow',
    },
    {selector: 'typeLike', format: ['PascalCase']},
    {
      selector: 'objectLiteralProperty',
      format: null,
      modifiers: ['requiresQuotes'],
    },
    {selector: 'import', format: ['camelCase', 'PascalCase']},
  ],
};

/**
 * ESLint's messages for a generated file under the lb4 app's rules (see
 * {@link LB4_RULES}), with type information from a `tsconfig.json` like the
 * app's, written into `projectDir` (which holds the file under `src/`).
 */
export async function lintAsLb4App(
  file: string,
  projectDir: string,
): Promise<string[]> {
  const tsconfig = path.join(projectDir, 'tsconfig.lint.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      compilerOptions: {
        strict: true,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        target: 'es2022',
        module: 'commonjs',
        esModuleInterop: true,
        skipLibCheck: true,
        noEmit: true,
      },
      include: ['src'],
    }),
  );
  const eslint = new ESLint({
    cwd: projectDir,
    overrideConfigFile: true,
    overrideConfig: [
      js.configs.recommended,
      ...(tseslint.configs.recommended as Linter.Config[]),
      {
        files: ['**/*.ts'],
        languageOptions: {
          parserOptions: {project: tsconfig, tsconfigRootDir: projectDir},
        },
        rules: LB4_RULES,
      },
    ],
  });
  const [result] = await eslint.lintFiles([file]);
  return result.messages.map(
    m => `${m.line}:${m.column} ${m.ruleId ?? ''} ${m.message}`,
  );
}
