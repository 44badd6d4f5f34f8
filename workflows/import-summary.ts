/**
 * The one summary an import sends (issue 12) to the CSPR chair and the executive, through the same
 * idempotent email activity as every notice: a workflow, so a crash after the import loses nothing.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { Notice } from '../domain/notices';
import { ACTIVITY_OPTIONS } from './runtime';

const { sendNotice } = proxyActivities<Activities>(ACTIVITY_OPTIONS.step);

export async function importSummary(notice: Notice): Promise<void> {
  await sendNotice(notice);
}
