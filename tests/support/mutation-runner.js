/**
 * Jest's own runner for mutation testing (jest.mutation.config.js), less the files and tests that
 * cannot change a mutant's verdict.
 *
 * For each mutant, Stryker runs jest with a test-name pattern naming the tests that cover it, and
 * jest's bail off. Jest would load every unit test file (44) only to skip most of their tests, and
 * run every covering test after one had already failed: that was most of a mutant's time. This runner
 * records each file's test names in the dry run (no mutant active); a mutant's run then loads only
 * the files holding a name the pattern matches (matched as jest matches them; a file with no record
 * always runs), those with the most covering tests first, and stops at the first file that fails,
 * as one failing test kills the mutant. A static mutant (no pattern) runs every file, in that way.
 */
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const TestRunner = require('jest-runner').default;

class CoveringTestFilesOnly extends TestRunner {
  async runTests(tests, watcher, options) {
    const namesFile = join(this._globalConfig.rootDir, '.mutation-test-names.json');
    const pattern = this._globalConfig.testNamePattern;
    if (process.env.__STRYKER_ACTIVE_MUTANT__ === undefined) {
      const names = readNames(namesFile);
      const stopRecording = this.on('test-file-success', ([test, result]) => {
        names[test.path] = result.testResults.map((t) => t.fullName);
      });
      try {
        return await super.runTests(tests, watcher, options);
      } finally {
        stopRecording();
        writeFileSync(`${namesFile}.${process.pid}`, JSON.stringify(names));
        renameSync(`${namesFile}.${process.pid}`, namesFile);
      }
    }
    const names = readNames(namesFile);
    // A static mutant (no pattern) runs every file, but stops at the first that fails too.
    const covering = new RegExp(pattern ?? '', 'i');
    const matching = (test) => (names[test.path] ?? []).filter((name) => covering.test(name)).length;
    const kept = tests.filter((test) => !names[test.path] || matching(test) > 0);
    // One failing test kills the mutant (Stryker sets jest's own bail off): the files with the most
    // covering tests go first, and the rest are not loaded once a file has failed.
    kept.sort((a, b) => matching(b) - matching(a));
    let failed = false;
    const stopWatching = this.on('test-file-success', ([, result]) => {
      failed ||= result.numFailingTests > 0 || result.testExecError !== undefined;
    });
    try {
      for (const test of kept.length > 0 ? kept : tests) {
        await super.runTests([test], watcher, options);
        if (failed) return;
      }
    } finally {
      stopWatching();
    }
  }
}

function readNames(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
}

module.exports = CoveringTestFilesOnly;
