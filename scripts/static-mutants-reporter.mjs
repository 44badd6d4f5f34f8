/**
 * A Stryker reporter that lists the static mutants (code that runs when a module loads, not inside a
 * test, so each of them reruns every related test file) once the dry run has planned the mutants,
 * then stops the run: `bash scripts/static-mutants.sh`. The list goes to reports/static-mutants.json.
 */
import fs from 'node:fs';
import { PluginKind, declareClassPlugin } from '@stryker-mutator/api/plugin';

class StaticMutantsReporter {
  onMutationTestingPlanReady({ mutantPlans }) {
    const statics = mutantPlans.map((p) => p.mutant).filter((m) => m.static);
    const byFile = {};
    for (const m of statics) (byFile[m.fileName] ??= []).push(`${m.location.start.line + 1}:${m.mutatorName}`);
    fs.mkdirSync('reports', { recursive: true });
    fs.writeFileSync('reports/static-mutants.json', JSON.stringify({ total: mutantPlans.length, static: statics.length, byFile }, null, 1));
    console.log(`static mutants: ${statics.length} of ${mutantPlans.length}`);
    for (const [file, lines] of Object.entries(byFile)) {
      console.log(`${file}: ${lines.length} on lines ${[...new Set(lines.map((l) => l.split(':')[0]))].join(',')}`);
    }
    process.exit(statics.length > 0 ? 1 : 0);
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'static-mutants', StaticMutantsReporter)];
