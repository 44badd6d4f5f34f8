/**
 * A Stryker checker (stryker.config.json, "checkers": ["mutated-file"]) that type-checks each mutant's
 * own file, and only that file, with TypeScript's language service.
 *
 * Stryker's TypeScript checker rebuilds the whole project for each mutant and re-checks every file
 * that imports the mutated one: a mutant of `domain/rules.ts`, imported by most of `domain/`, cost
 * 1.8 CPU s to check, and checking was most of a full run. A mutant almost always breaks the types of
 * its own file (a string outside its union, an object missing a field); the exported types of
 * `domain/` are written out, so a mutant that type-checks in its file but breaks an importer is rare,
 * and is then run against the tests like any other. The files are checked with the project's own
 * compiler options (tsconfig.mutation.json), as Stryker's checker does, less the unused-code rules.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CheckStatus } from '@stryker-mutator/api/check';
import { commonTokens, declareClassPlugin, PluginKind } from '@stryker-mutator/api/plugin';
import ts from 'typescript';

class MutatedFileChecker {
  static inject = [commonTokens.options];

  constructor(options) {
    this.tsconfigFile = resolve(options.tsconfigFile ?? 'tsconfig.json');
  }

  async init() {
    const config = ts.getParsedCommandLineOfConfigFile(this.tsconfigFile, {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(`${this.tsconfigFile}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      },
    });
    const options = { ...config.options, noEmit: true, allowUnreachableCode: true, noUnusedLocals: false, noUnusedParameters: false };
    /** Each file of the project: its text on disk, the text checked now, and a version that changes with it. */
    this.files = new Map(config.fileNames.map((name) => {
      const text = readFileSync(name, 'utf8');
      return [resolve(name), { original: text, lineStarts: lineStartsOf(text), text, version: 0 }];
    }));
    const files = this.files;
    this.service = ts.createLanguageService(
      {
        getScriptFileNames: () => [...files.keys()],
        getScriptVersion: (name) => String(files.get(name)?.version ?? 0),
        getScriptSnapshot: (name) => {
          const text = files.get(name)?.text ?? ts.sys.readFile(name);
          return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
        },
        getCurrentDirectory: () => process.cwd(),
        getCompilationSettings: () => options,
        getDefaultLibFileName: ts.getDefaultLibFilePath,
        fileExists: ts.sys.fileExists,
        readFile: ts.sys.readFile,
        readDirectory: ts.sys.readDirectory,
        directoryExists: ts.sys.directoryExists,
        getDirectories: ts.sys.getDirectories,
      },
      ts.createDocumentRegistry(),
    );
    const before = [...files.keys()].flatMap((name) => this.errorsIn(name));
    if (before.length > 0) throw new Error(`The project does not type-check before mutation:\n${before.slice(0, 5).join('\n')}`);
  }

  async check(mutants) {
    const results = {};
    for (const mutant of mutants) {
      const name = resolve(mutant.fileName);
      const file = this.files.get(name);
      if (!file) throw new Error(`${mutant.fileName} is mutated but not in ${this.tsconfigFile}: add it to "include"`);
      file.text = withMutant(file, mutant);
      file.version += 1;
      const errors = this.errorsIn(name);
      file.text = file.original;
      file.version += 1;
      results[mutant.id] = errors.length > 0 ? { status: CheckStatus.CompileError, reason: errors.join('\n') } : { status: CheckStatus.Passed };
    }
    return results;
  }

  errorsIn(name) {
    return [...this.service.getSyntacticDiagnostics(name), ...this.service.getSemanticDiagnostics(name)].map((d) => {
      const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      return `${name}${at ? `(${at.line + 1},${at.character + 1})` : ''}: error TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  }
}

/** The file's text with the mutant's replacement at its location (lines and columns from 0). */
function withMutant({ original, lineStarts }, { location, replacement }) {
  const start = lineStarts[location.start.line] + location.start.column;
  const end = lineStarts[location.end.line] + location.end.column;
  return `${original.slice(0, start)}${replacement}${original.slice(end)}`;
}

function lineStartsOf(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i += 1) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Checker, 'mutated-file', MutatedFileChecker)];
