/**
 * WORKER_WORKFLOW_THREADS: the environment's setting reaches the SDK, and workflows are spread over
 * the threads and run there (each thread has its own sandbox, with the shared modules preloaded).
 * Time-skipping server, activities injected; no timing is asserted.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { ConfigError, parseEnv } from '../../config/env';
import { defaultCalendar } from '../../domain/calendar';
import { STANDARD_RULES } from '../../domain/rules';
import { createReviewWorker, DEFAULT_WORKFLOW_THREADS } from '../../worker/create-worker';
import { workerTuningFrom } from '../../worker/main';
import { rapidReview } from '../../workflows';
import { rapidReviewStatus } from '../../workflows/definitions';
import { uniqueReference, workflowBundle } from '../support/temporal';
import { recordingActivities, useTimeSkippingServer } from '../support/workflow-suite';

let env: TestWorkflowEnvironment;
useTimeSkippingServer((started) => (env = started));

/** Open workflows on each of the worker's threads (the SDK's thread pool, not part of its public API). */
const workflowsPerThread = (worker: Worker) =>
  (worker as unknown as { workflowCreator: { workerThreadClients: { getActiveWorkflowCount(): number }[] } }).workflowCreator.workerThreadClients.map((t) => t.getActiveWorkflowCount());

async function workerFrom(vars: Record<string, string>, taskQueue: string): Promise<Worker> {
  const { activities } = recordingActivities();
  return createReviewWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue, activities, workflowBundle: await workflowBundle(), ...workerTuningFrom(parseEnv(vars)) });
}

test('WORKER_WORKFLOW_THREADS=2: four rapid reviews run, two on each thread', async () => {
  const taskQueue = `threads-${uniqueReference()}`;
  const worker = await workerFrom({ WORKER_WORKFLOW_THREADS: '2' }, taskQueue);
  expect(worker.options.workflowThreadPoolSize).toBe(2);
  const perThread = await worker.runUntil(async () => {
    const awareOn = new Date(await env.currentTimeMs()).toISOString().slice(0, 10);
    const handles = await Promise.all(
      Array.from({ length: 4 }, () => {
        const reference = uniqueReference('RR');
        return env.client.workflow.start(rapidReview, { workflowId: `rapid-review:${reference}`, taskQueue, args: [{ reference, awareOn, ruleSet: STANDARD_RULES, calendar: defaultCalendar() }] });
      }),
    );
    // A query is answered by a workflow task: each review has run on the thread that holds it.
    await Promise.all(handles.map((h) => h.query(rapidReviewStatus)));
    const counts = workflowsPerThread(worker);
    await Promise.all(handles.map((h) => h.terminate('test over')));
    return counts;
  });
  expect(perThread).toEqual([2, 2]);
});

test('unset: the default number of threads', async () => {
  const worker = await workerFrom({}, `threads-${uniqueReference()}`);
  expect(worker.options.workflowThreadPoolSize).toBe(DEFAULT_WORKFLOW_THREADS);
  expect(workflowsPerThread(worker)).toHaveLength(DEFAULT_WORKFLOW_THREADS);
  await worker.runUntil(Promise.resolve());
});

test.each(['0', '17', '1.5', 'two'])('WORKER_WORKFLOW_THREADS=%s is refused at start-up, naming the variable', (value) => {
  expect(() => parseEnv({ WORKER_WORKFLOW_THREADS: value })).toThrow(ConfigError);
  expect(() => parseEnv({ WORKER_WORKFLOW_THREADS: value })).toThrow(/WORKER_WORKFLOW_THREADS: .*\(got "/);
});
