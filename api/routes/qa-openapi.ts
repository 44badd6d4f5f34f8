/** The QA programme's endpoints for the OpenAPI document (api/openapi.ts appends them). */
import { z } from 'zod';
import {
  AuditActionParams,
  AuditMilestoneBody,
  AuditRefParams,
  AuditReturnBody,
  AuditReturnParams,
  CadenceBody,
  CompleteActionBody,
  CompleteMeetingActionBody,
  MeetingParams,
  MinutesBody,
  RecordedAuditBody,
  PartnershipParams,
  ResumeAuditsBody,
  StartAuditBody,
  StartQappBody,
  StopCycleBody,
  SuspendBody,
} from '../../domain/audit-schemas';
import { ACTION_LIST_STATUSES, ActionListQuery, AuditListQuery } from '../list-query';
import type { Endpoint } from '../openapi';

const Problem = z.object({ type: z.string(), title: z.string(), status: z.number().int(), detail: z.string(), reason: z.string().optional() }).loose();
const problems = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, { description: c === 409 ? 'refused, with the reason' : c === 404 ? 'not found' : 'error', schema: Problem }]));
const STD = [400, 401, 403, 429];
const Rate = z.object({ returned: z.number().int(), total: z.number().int(), percent: z.number().describe('to one decimal, nearest; 100 only when all are in, 0 only when none') });
const AuditView = z.object({ reference: z.string(), type: z.string(), stage: z.string(), state: z.string(), returnRate: Rate }).loose();
const QappView = z.object({ partnership: z.string(), cadence: z.object({}).loose(), meetings: z.array(z.object({}).loose()), openActions: z.array(z.object({}).loose()) }).loose();
const TAG = 'quality assurance';

export const QA_ENDPOINTS: Endpoint[] = [
  { method: 'post', path: '/api/audits', summary: 'Start an audit (case-file, section 11, section 175, learning-embedded, service-user feedback)', tag: TAG, body: StartAuditBody, responses: { 201: { description: 'started', schema: z.object({ reference: z.string(), workflowId: z.string() }).loose() }, ...problems(...STD, 409, 413) } },
  { method: 'post', path: '/api/audits/recorded', summary: 'Record an audit that opened in the past, with its real dates; reminders start from today, nothing dated before today is emailed', tag: TAG, body: RecordedAuditBody, responses: { 201: { description: 'recorded', schema: z.object({ reference: z.string(), workflowId: z.string() }).loose() }, ...problems(...STD, 409, 413) } },
  { method: 'get', path: '/api/audits/:ref/returns', summary: 'Who returned when, on time or late (the statutory verdict), and the return rate', tag: TAG, params: AuditRefParams, responses: { 200: { description: 'the returns', schema: z.object({ reference: z.string(), returnRate: Rate, late: z.number().int(), returns: z.array(z.object({ participantId: z.string(), submittedOn: z.string().nullable(), status: z.string(), late: z.boolean() }).loose()) }).loose() }, ...problems(...STD, 404) } },
  { method: 'get', path: '/api/audits', summary: 'Audits with status, return rates and overdue items, filtered and paged', tag: TAG, query: AuditListQuery, responses: { 200: { description: 'one page of audits; nextCursor is null on the last', schema: z.object({ today: z.string(), audits: z.array(AuditView), nextCursor: z.string().nullable() }) }, ...problems(...STD) } },
  { method: 'get', path: '/api/actions', summary: 'Actions of audits and QAPP meetings with their status, filtered and paged', tag: TAG, query: ActionListQuery, responses: { 200: { description: 'one page of actions; nextCursor is null on the last', schema: z.object({ today: z.string(), actions: z.array(z.object({ key: z.string(), scope: z.enum(['audit', 'meeting']), parent: z.string(), owner: z.string(), dueOn: z.string(), completedOn: z.string().nullable(), status: z.enum(ACTION_LIST_STATUSES) })), nextCursor: z.string().nullable() }) }, ...problems(...STD) } },
  { method: 'get', path: '/api/audits/:ref', summary: 'One audit, live from its workflow', tag: TAG, params: AuditRefParams, responses: { 200: { description: 'the audit', schema: AuditView }, ...problems(...STD, 404) } },
  { method: 'get', path: '/api/audits/:ref/agencies/:participantId', summary: "One participant's view of an audit: its stage, the returns due date and that participant's return, on time or late (agency leads: their own agency)", tag: TAG, params: AuditReturnParams, responses: { 200: { description: 'the audit as the participant owes it', schema: z.object({ reference: z.string(), returnsDueOn: z.string(), return: z.object({ status: z.string(), late: z.boolean() }).loose() }).loose() }, ...problems(...STD, 404) } },
  { method: 'post', path: '/api/audits/:ref/agencies/:participantId/returns', summary: "Record an agency's or school's return (refused: unknown, duplicate, after close)", tag: TAG, params: AuditReturnParams, body: AuditReturnBody, responses: { 200: { description: 'accepted', schema: z.object({ reference: z.string(), participantId: z.string(), returnRate: Rate }).loose() }, ...problems(...STD, 404, 409, 413) } },
  { method: 'post', path: '/api/audits/:ref/milestones', summary: "Record an audit's next stage (the action plan with owners and due dates)", tag: TAG, params: AuditRefParams, body: AuditMilestoneBody, responses: { 200: { description: 'accepted', schema: AuditView }, ...problems(...STD, 404, 409, 413) } },
  { method: 'post', path: '/api/audits/:ref/actions/:key/complete', summary: 'Record an audit action as done', tag: TAG, params: AuditActionParams, body: CompleteActionBody, responses: { 200: { description: 'accepted', schema: AuditView }, ...problems(...STD, 404, 409, 413) } },
  { method: 'post', path: '/api/qapp', summary: "Start a partnership's QAPP meeting cycle", tag: TAG, body: StartQappBody, responses: { 201: { description: 'started', schema: z.object({ partnership: z.string(), workflowId: z.string() }) }, ...problems(...STD, 409, 413) } },
  { method: 'get', path: '/api/qapp/:partnership', summary: 'The QAPP cycle live: next meeting, open actions, audits, suspension, controls', tag: TAG, params: PartnershipParams, responses: { 200: { description: 'the cycle', schema: QappView }, ...problems(...STD, 404) } },
  { method: 'get', path: '/api/qapp/:partnership/meetings', summary: 'Meetings with their actions and overdue items', tag: TAG, params: PartnershipParams, responses: { 200: { description: 'meetings', schema: z.object({ today: z.string(), meetings: z.array(z.object({}).loose()) }) }, ...problems(...STD) } },
  { method: 'post', path: '/api/qapp/:partnership/meetings/:meetingId/minutes', summary: 'Record minutes: decisions, actions, audits launched by meeting 1', tag: TAG, params: MeetingParams, body: MinutesBody, responses: { 200: { description: 'accepted', schema: QappView }, ...problems(...STD, 404, 409, 413) } },
  { method: 'post', path: '/api/qapp/:partnership/actions/complete', summary: 'Record a meeting action as done', tag: TAG, params: PartnershipParams, body: CompleteMeetingActionBody, responses: { 200: { description: 'accepted', schema: QappView }, ...problems(...STD, 404, 409, 413) } },
  { method: 'post', path: '/api/qapp/:partnership/cadence', summary: 'Change the meeting cadence from a date (executive)', tag: TAG, params: PartnershipParams, body: CadenceBody, responses: { 200: { description: 'accepted', schema: QappView }, ...problems(...STD, 404, 409, 413) } },
  { method: 'post', path: '/api/qapp/:partnership/suspend', summary: 'Suspend multi-agency audit activity, with a reason', tag: TAG, params: PartnershipParams, body: SuspendBody, responses: { 200: { description: 'accepted', schema: QappView }, ...problems(...STD, 404, 409, 413) } },
  { method: 'post', path: '/api/qapp/:partnership/resume', summary: 'Resume multi-agency audit activity', tag: TAG, params: PartnershipParams, body: ResumeAuditsBody, responses: { 200: { description: 'accepted', schema: QappView }, ...problems(...STD, 404, 409, 413) } },
  { method: 'post', path: '/api/qapp/:partnership/stop', summary: 'End the meeting cycle on a day (executive): meetings after it are withdrawn; the cycle finishes once its minutes and actions are in', tag: TAG, params: PartnershipParams, body: StopCycleBody, responses: { 200: { description: 'accepted', schema: QappView }, ...problems(...STD, 404, 409, 413) } },
  { method: 'get', path: '/api/qapp/:partnership/dashboard', summary: "QAPP meeting 1's data: cases by stage and timeliness, audit completion, overdue actions", tag: TAG, params: PartnershipParams, responses: { 200: { description: 'figures', schema: z.object({ cases: z.object({}).loose(), audits: z.object({}).loose(), overdueActions: z.array(z.object({}).loose()) }).loose() }, ...problems(...STD) } },
];
