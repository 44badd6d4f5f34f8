/**
 * The one summary an import sends (issue 12) to the CSPR chair and the executive, through the same
 * idempotent email activity as every notice: a workflow, so a crash after the import loses nothing.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { Notice } from '../domain/notices';

const { sendNotice } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', nonRetryableErrorTypes: ['InvalidNotice'] },
});

export async function importSummary(notice: Notice): Promise<void> {
  await sendNotice(notice);
}
