#!/usr/bin/env bash
# One statutory file under StrykerJS, quickly enough for a shared 2-core machine:
#   bash scripts/mutate-file.sh domain/rules.ts rules            # tests/unit/rules*.test.ts only
#   bash scripts/mutate-file.sh domain/dates.ts dates,calendar   # dates*.test.ts and calendar*.test.ts
# The jest runner runs only the named unit tests (MUTATION_TESTS, jest.mutation.config.js) and the
# TypeScript checker checks only the file and what it imports, as the full run's tsconfig.mutation.json
# checks domain/ only (checking test files and node/jest types too doubled the checker's CPU, which is
# most of a run's). Fewer tests can only kill fewer mutants, so the score is a lower bound of the full
# run's. Niced, one runner: other work on the machine keeps its cores. Extra arguments go to Stryker
# (e.g. `--mutate domain/dates.ts:80-105` for a range of lines, `--timeoutMS 10000`).
set -euo pipefail
cd "$(dirname "$0")/.."
file=$1 tests=$2
shift 2
echo "{ \"extends\": \"./tsconfig.json\", \"compilerOptions\": { \"types\": [] }, \"include\": [\"${file%%:*}\"] }" > .tsconfig.mutation-file.json
node -e 'const c = require("./stryker.config.json"); c.tsconfigFile = ".tsconfig.mutation-file.json"; c.incremental = false; require("fs").writeFileSync(".stryker.mutation-file.json", JSON.stringify(c, null, 1))'
MUTATION_TESTS=$tests exec nice -n 19 npx stryker run .stryker.mutation-file.json --mutate "$file" --concurrency 1 --timeoutMS 30000 "$@"
