/** Temporal servers for tests: both from the project's launcher, never the vendor's download here. */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { temporalCli, timeSkippingServer, timeSkippingServerAt } from '../../scripts/temporal-tools';
import { bundleReviewWorkflows } from '../../worker/create-worker';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

export function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: timeSkippingServer() } });
}

/** The time-skipping server with its clock set to `startAt` (an ISO instant), for scenarios in past years. */
export function startTimeSkippingServerAt(startAt: string): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: timeSkippingServerAt(), extraArgs: [`--start-at=${startAt}`] } });
}

export function startDevServer(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: { executable: temporalCli(), searchAttributes: SEARCH_ATTRIBUTES, extraArgs: ['--log-level', 'error'] },
  });
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** Bundling takes about a second: once per suite. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleReviewWorkflows();
  return bundle;
}

let counter = 0;
/** A valid case reference no other test uses, e.g. TK3J9XQ2A-2026-07. */
export function uniqueReference(prefix = 'T'): string {
  counter += 1;
  const unique = (Date.now() * 100 + counter).toString(36).toUpperCase().slice(-8);
  return `${prefix.slice(0, 3)}${unique}-2026-${String(counter % 100).padStart(2, '0')}`;
}
