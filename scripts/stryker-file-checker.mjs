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

export class MutatedFileChecker {
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
    this.options = options;
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

  /**
   * Mutants of files with no import between them, either way and however indirect, are checked
   * together: one program and one type checker for the group, each file's errors its own mutant's.
   * A group costs about what its dearest file costs alone (0.25 to 1.4 CPU s, measured).
   */
  async group(mutants) {
    const queues = new Map();
    for (const mutant of mutants) {
      const name = this.projectFile(mutant.fileName);
      if (!queues.has(name)) queues.set(name, []);
      queues.get(name).push(mutant.id);
    }
    const groups = [];
    while (queues.size > 0) {
      const group = [];
      const taken = [];
      for (const [name, queue] of [...queues].sort((a, b) => b[1].length - a[1].length)) {
        if (taken.some((other) => this.related(name, other))) continue;
        taken.push(name);
        group.push(queue.shift());
        if (queue.length === 0) queues.delete(name);
      }
      groups.push(group);
    }
    return groups;
  }

  async check(mutants) {
    const mutated = mutants.map((mutant) => ({ mutant, name: this.projectFile(mutant.fileName) }));
    for (const { mutant, name } of mutated) {
      const file = this.files.get(name);
      file.text = withMutant(file, mutant);
      file.version += 1;
    }
    const results = {};
    for (const { mutant, name } of mutated) {
      const errors = this.errorsIn(name);
      results[mutant.id] = errors.length > 0 ? { status: CheckStatus.CompileError, reason: errors.join('\n') } : { status: CheckStatus.Passed };
    }
    for (const { name } of mutated) {
      const file = this.files.get(name);
      file.text = file.original;
      file.version += 1;
    }
    return results;
  }

  projectFile(fileName) {
    const name = resolve(fileName);
    if (!this.files.has(name)) throw new Error(`${fileName} is mutated but not in ${this.tsconfigFile}: add it to "include"`);
    return name;
  }

  /** Whether either file imports the other, however indirectly (the same file counts). */
  related(a, b) {
    return a === b || this.reachable(a).has(b) || this.reachable(b).has(a);
  }

  reachable(name) {
    this.imports ??= new Map();
    if (!this.imports.has(name)) {
      const seen = new Set();
      const visit = (file) => {
        for (const imported of this.directImports(file)) {
          if (!seen.has(imported)) {
            seen.add(imported);
            visit(imported);
          }
        }
      };
      visit(name);
      this.imports.set(name, seen);
    }
    return this.imports.get(name);
  }

  directImports(name) {
    const text = this.files.get(name)?.original ?? '';
    return ts
      .preProcessFile(text, true, true)
      .importedFiles.map(({ fileName }) => ts.resolveModuleName(fileName, name, this.options, ts.sys).resolvedModule?.resolvedFileName)
      .filter((resolved) => resolved !== undefined && this.files.has(resolve(resolved)))
      .map((resolved) => resolve(resolved));
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
