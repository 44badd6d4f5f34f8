// Type-aware linting. Workflow and domain code run in Temporal's deterministic sandbox: no Node
// built-ins, no I/O libraries, no activity implementations.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const sandboxForbidden = {
  patterns: [
    { group: ['node:*'], message: 'Node built-ins cannot run in the workflow sandbox.' },
    { group: ['@prisma/*', '**/prisma/client', '**/prisma/generated/*', 'pg', '@libsql/*'], message: 'Database access belongs in activities/.' },
    { group: ['nodemailer', 'smtp-server', 'mailparser'], message: 'Email belongs in activities/.' },
    { group: ['express', 'express/*'], message: 'HTTP belongs in api/.' },
    { group: ['@temporalio/activity', '@temporalio/client', '@temporalio/worker', '@temporalio/testing'], message: 'Not usable inside workflow code.' },
    { group: ['../activities', '../activities/*'], message: "Workflows use 'import type' for activities.", allowTypeImports: true },
    { group: ['../config/*', '../api/*', '../worker/*'], message: 'Side-effecting modules stay out of the sandbox.' },
  ],
  paths: ['fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'events', 'util'].map((name) => ({ name, message: 'Node built-ins cannot run in the workflow sandbox.' })),
};

export default tseslint.config(
  { ignores: ['node_modules/', 'prisma/generated/', '.tools/', 'data/', 'dist/', 'coverage/', 'test-artifacts/', '.stryker-tmp/', '.stryker-tmp-*/', 'reports/', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', sandboxForbidden],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'Use sleep() or condition() from @temporalio/workflow.' }, { name: 'setInterval', message: 'Use sleep() in a loop.' }, { name: 'process', message: 'Pass configuration as workflow input.' }],
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
