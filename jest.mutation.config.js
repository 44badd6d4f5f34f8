/**
 * Unit tests only, for mutation testing (stryker.config.json): no Temporal servers, no database,
 * no global setup, so a mutant's tests run in well under a second.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/unit'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
};
