/**
 * A case's one word (on track, at risk, overdue, on hold, finished late, closed), computed here for
 * every screen and list: the workflow's status, the case answer and the case list agree because they
 * all ask this function.
 */
import type { ProcessName } from './contracts';
import { caseHealth, type CaseHealth } from './deadlines';
import { PROCESS_DEFINITIONS } from './processes';

export function caseHealthOf(process: ProcessName, deadlines: Parameters<typeof caseHealth>[0], state: { completed: boolean; onHold: boolean }): CaseHealth {
  return caseHealth(deadlines, { finishKey: PROCESS_DEFINITIONS[process].finishDeadline, ...state });
}
