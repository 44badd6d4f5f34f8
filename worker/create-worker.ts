/** Builds a worker for the review processes; shared by worker/main.ts, npm start and the tests. */
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type LogLevel, type NativeConnection, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Activities } from '../activities';

export const WORKFLOWS_PATH = require.resolve('../workflows');
export const DEFAULT_MAX_CACHED_WORKFLOWS = 100;
/**
 * Workflow tasks a worker takes at once. The SDK's 40, on a loaded 2-core machine, held tasks past
 * Temporal's 10 s workflow task timeout while they queued for the one workflow thread: each expired
 * and ran again (1,000 reminders falling due: see README "Running at scale"). A task left on the
 * server waits without a timeout.
 */
export const DEFAULT_WORKFLOW_TASK_SLOTS = 10;
/** Activities at once: the reminder burst's sends wait for an SMTP connection, its writes for the database. */
export const DEFAULT_ACTIVITY_SLOTS = 100;
/**
 * Threads that run workflow tasks (WORKER_WORKFLOW_THREADS). The SDK's one: on two cores a second
 * thread, or a second worker process, made the 09:00 burst of 1,000 reminders slower (last email
 * 66.6 s and 78.4 s after the minute, against 59.9 s with one; docs/scale-measurements.md), as each
 * costs CPU the one thread had used. Each thread holds its own context and share of the cache.
 */
export const DEFAULT_WORKFLOW_THREADS = 1;

/**
 * The SDK gives every cached workflow its own copy of every module it imports. zod and the pure
 * domain rules (calendar, deadlines, schemas, notices) were about 0.9 MB of each workflow's 1 MB;
 * loaded once per worker instead (workflows/shared-modules.ts), a cached workflow holds only its own
 * state. Every bundle, the worker's and the tests', is built with these options.
 */
export const WORKFLOW_BUNDLER_OPTIONS = { preloadModules: [require.resolve('../workflows/shared-modules')] };

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} };

export function bundleReviewWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, ...WORKFLOW_BUNDLER_OPTIONS, logger: quiet as never });
}

export async function createReviewWorker(args: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  workflowBundle?: WorkflowBundleWithSourceMap;
  identity?: string;
  /** Workflows kept in memory between tasks; the rest replay when they wake. */
  maxCachedWorkflows?: number;
  workflowTaskSlots?: number;
  activitySlots?: number;
  workflowThreads?: number;
}): Promise<Worker> {
  const workflowTaskSlots = args.workflowTaskSlots ?? DEFAULT_WORKFLOW_TASK_SLOTS;
  return Worker.create({
    connection: args.connection,
    namespace: args.namespace,
    taskQueue: args.taskQueue,
    activities: args.activities,
    ...(args.workflowBundle ? { workflowBundle: args.workflowBundle } : { workflowsPath: WORKFLOWS_PATH, bundlerOptions: WORKFLOW_BUNDLER_OPTIONS }),
    ...(args.identity ? { identity: args.identity } : {}),
    // Parked reviews wait on timers for weeks and wake rarely: replaying a small history on waking is
    // cheaper than holding every case in memory.
    maxCachedWorkflows: args.maxCachedWorkflows ?? DEFAULT_MAX_CACHED_WORKFLOWS,
    maxConcurrentWorkflowTaskExecutions: workflowTaskSlots,
    // Half the slots, as the SDK advises: pollers beyond the free slots only hold tasks that then wait.
    maxConcurrentWorkflowTaskPolls: Math.max(2, Math.ceil(workflowTaskSlots / 2)),
    maxConcurrentActivityTaskExecutions: args.activitySlots ?? DEFAULT_ACTIVITY_SLOTS,
    workflowThreadPoolSize: args.workflowThreads ?? DEFAULT_WORKFLOW_THREADS,
  });
}

/**
 * Installs the SDK runtime once per process: quiet by default (the SDK logs every state change at
 * INFO) and without its own signal handlers, because the process decides the order of shutdown.
 */
export function installRuntime(level: LogLevel = 'WARN'): void {
  try {
    Runtime.install({ logger: new DefaultLogger(level), shutdownSignals: [] });
  } catch {
    // already installed by this process
  }
}

export function shutdownQuietly(worker: Worker): void {
  if (worker.getState() === 'RUNNING') worker.shutdown();
}
