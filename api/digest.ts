/** Makes sure the partnership's weekly digest workflow runs; any API process may call it at start. */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { WorkingCalendar } from '../domain/calendar';
import { digestWorkflowId } from '../domain/contracts';
import { executiveDigest } from '../workflows';

export async function ensureWeeklyDigest(client: Client, args: { taskQueue: string; partnership: string; weekday: number; localTime: string; calendar: WorkingCalendar }): Promise<'started' | 'running'> {
  try {
    await client.workflow.start(executiveDigest, {
      workflowId: digestWorkflowId(args.partnership),
      taskQueue: args.taskQueue,
      args: [{ partnership: args.partnership, weekday: args.weekday, localTime: args.localTime, calendar: args.calendar }],
    });
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'running';
    throw err;
  }
}
