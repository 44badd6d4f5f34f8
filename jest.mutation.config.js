/**
 * Unit tests only, for mutation testing (stryker.config.json): no Temporal servers, no database,
 * no global setup, so a mutant's tests run in well under a second.
 *
 * MUTATION_TESTS=dates,calendar limits the run to tests/unit/dates*.test.ts and calendar*.test.ts:
 * a per-file run of a file every module imports (its static mutants rerun every selected test) then
 * takes minutes, not an hour. Fewer tests can only kill fewer mutants, so its score is a lower bound.
 */
const only = (process.env.MUTATION_TESTS ?? '').split(',').filter(Boolean);

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/unit'],
  testMatch: only.length > 0 ? only.map((name) => `**/tests/unit/${name}*.test.ts`) : ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // Loads only the test files that hold a mutant's covering tests (see the file).
  runner: '<rootDir>/tests/support/mutation-runner.js',
};
