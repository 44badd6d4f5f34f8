/**
 * The registry's one shape keeps the names running workflows answer to: every process's status
 * query and milestone update, as the API calls them, is the one its workflow registered before the
 * shape existed; and every process's workflow is exported to the bundle under its derived type.
 */
import { PROCESS_NAMES, processMessageNames, workflowTypeFor } from '../../domain/contracts';
import * as bundle from '../../workflows';
import { processMessages, rapidReviewStatus, recordMilestone } from '../../workflows/definitions';
import { practiceReviewStatus, recordPracticeMilestone } from '../../workflows/practice-review-definitions';

test('the Executive Group cycle keeps the names its running workflows answer to', () => {
  expect(processMessageNames('executive-cycle')).toEqual({ status: 'executiveCycleStatus', recordMilestone: 'recordExecutiveMilestone' });
  const { status, recordMilestone: update } = processMessages('executive-cycle');
  expect([status.name, update.name]).toEqual(['executiveCycleStatus', 'recordExecutiveMilestone']);
});

test('the review workflows, older than the shape, name their status query as the shape does, should they move onto it', () => {
  expect([rapidReviewStatus.name, practiceReviewStatus.name]).toEqual([`${workflowTypeFor('rapid-review')}Status`, `${workflowTypeFor('practice-review')}Status`]);
  // Their milestone updates keep their own names (recordMilestone, recordPracticeMilestone): an entry moving onto the shape names the second in recordMilestoneUpdate.
  expect([recordMilestone.name, recordPracticeMilestone.name]).toEqual(['recordMilestone', 'recordPracticeMilestone']);
});

test('every process has its workflow in the bundle under the type the registry derives', () => {
  expect(PROCESS_NAMES.map(workflowTypeFor)).toEqual(['rapidReview', 'practiceReview', 'executiveCycle']);
  for (const p of PROCESS_NAMES) expect(typeof (bundle as Record<string, unknown>)[workflowTypeFor(p)]).toBe('function');
});
