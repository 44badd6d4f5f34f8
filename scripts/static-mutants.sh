#!/usr/bin/env bash
# Lists the static mutants of the full mutation run (stryker.config.json) after its dry run, without
# testing any mutant, and fails if there are any: a few minutes instead of the full run.
set -euo pipefail
cd "$(dirname "$0")/.."
node -e 'const c = require("./stryker.config.json"); c.incremental = false; c.checkers = []; c.plugins = ["@stryker-mutator/*", require("path").resolve("scripts/static-mutants-reporter.mjs")]; c.reporters = ["static-mutants"]; c.tempDirName = ".stryker-tmp-static"; require("fs").writeFileSync(".stryker.static-mutants.json", JSON.stringify(c, null, 1))'
# The reporter stops the run before Stryker cleans its sandbox up, so this does.
trap 'rm -rf .stryker-tmp-static' EXIT
nice -n 10 npx stryker run .stryker.static-mutants.json "$@"
