/**
 * A cached workflow costs the worker its own copy of every module not shared (about 1 MB each when
 * zod and the domain rules were copied). The SDK's reusable context is asked, as it is before any
 * workflow runs, which modules of the worker's bundle it holds once for all workflows.
 */
import { Script } from 'node:vm';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
// The SDK's own sandbox, as a worker builds it (not part of its public API).
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm';
import { workflowBundle } from '../support/temporal';

let bundle: WorkflowBundleWithSourceMap;
let modules: string[];
let shared: (id: string) => boolean;

beforeAll(async () => {
  bundle = await workflowBundle();
  modules = [...bundle.code.matchAll(/^\/\*\*\*\/ "(\.\/[^"]+)"$/gm)].map((m) => m[1]!);
  const creator = new ReusableVMWorkflowCreator(new Script(bundle.code), { ...bundle, filename: 'workflow-bundle.js' } as never, 5000, new Set(), undefined);
  // With no workflow running, the module cache answers only from the modules shared by all.
  const cache = (creator as unknown as { context: { __webpack_module_cache__: Record<string, unknown> } }).context.__webpack_module_cache__;
  shared = (id) => cache[id] !== undefined;
});

test('zod and every domain module the workflows import are loaded once per worker, not per workflow', () => {
  const pure = modules.filter((id) => id.startsWith('./domain/') || id.startsWith('./node_modules/zod/'));
  expect(pure.length).toBeGreaterThan(20);
  expect(pure.filter((id) => !shared(id))).toEqual([]);
});

test('no workflow module is shared: each workflow keeps its own state', () => {
  const workflowModules = modules.filter((id) => id.startsWith('./workflows/') && !id.startsWith('./workflows/shared-modules'));
  expect(workflowModules.length).toBeGreaterThan(10);
  expect(workflowModules.filter(shared)).toEqual([]);
});
