/**
 * Loaded once per worker, before any workflow, and shared by every workflow in its cache
 * (WORKFLOW_BUNDLER_OPTIONS in worker/create-worker.ts); every other module is loaded again for each
 * workflow. Only modules without per-workflow state belong here: the pure domain rules and zod.
 * The SDK freezes what they export, so nothing may change an exported object at run time; their
 * private memo caches (dates, reminder schedules, calendar indexes) are pure, so sharing them is safe.
 * A domain module the workflows import but this list misses is only loaded per workflow again
 * (tests/unit/workflow-shared-modules.test.ts names it).
 */
import { z } from 'zod';
import '../domain/action-plan';
import '../domain/audits';
import '../domain/calendar';
import '../domain/case-health';
import '../domain/case-reference';
import '../domain/content-hash';
import '../domain/contracts';
import '../domain/dates';
import '../domain/deadlines';
import '../domain/executive-cycle';
import '../domain/london-time';
import '../domain/milestones';
import '../domain/notices';
import '../domain/practice-review-notices';
import '../domain/practice-review';
import '../domain/processes';
import '../domain/qa-notices';
import '../domain/qapp-cycle';
import '../domain/rapid-review-notices';
import '../domain/rapid-review';
import '../domain/reference-safe';
import '../domain/reminders';
import '../domain/rules';
import '../domain/set-date-deadline';
import '../domain/text-patterns';

// zod sets its default locale and memoizer on the first schema it builds: here, before the SDK
// freezes its configuration, rather than in the first workflow (which could not).
z.object({ shared: z.string().optional() }).parse({});
