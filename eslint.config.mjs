import nx from '@nx/eslint-plugin';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist', '**/node_modules', '.local/**', '.tools/**', 'tmp/**', '**/*.js', '**/*.mjs', '**/*.cjs'],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:data', 'type:util', 'type:contracts'] },
            { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:data', 'type:util', 'type:contracts'] },
            { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:data', 'type:util', 'type:contracts'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:contracts'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            // Workspace tooling (the Nx generators): nothing at run time may import it.
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:util', 'type:contracts'] },
            // The auditor's verifier trusts nothing of the platform but the event contracts and the proof code.
            { sourceTag: 'kind:independent-verifier', onlyDependOnLibsWithTags: ['type:contracts', 'kind:proof'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:intel', onlyDependOnLibsWithTags: ['scope:intel', 'scope:shared'] },
            { sourceTag: 'scope:assistance', onlyDependOnLibsWithTags: ['scope:assistance', 'scope:shared'] },
            { sourceTag: 'scope:budget', onlyDependOnLibsWithTags: ['scope:budget', 'scope:shared'] },
            { sourceTag: 'scope:research', onlyDependOnLibsWithTags: ['scope:research', 'scope:shared'] },
            { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:gateway', 'scope:shared'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // Nest's pipes do not name the parameter and let 2147483648 through; @wco/http's do (bad input is a 4xx).
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@nestjs/common',
              importNames: ['ParseUUIDPipe', 'ParseIntPipe'],
              message: 'use ParseUuidPipe / ParseInt32Pipe from @wco/http: they name the parameter and keep integers within int32',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/testing/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
