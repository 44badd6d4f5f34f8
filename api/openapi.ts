/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the routes parse with, and a
 * self-contained reference page (no scripts, no CDN). Every route must be registered in ENDPOINTS;
 * tests/api/openapi.test.ts checks the document against the routers and the access policy.
 */
import { z } from 'zod';
import { AssignCaseBody, AssignmentIdParams, AuditLogQuery, IssueTokenBody, RoleSchema, TokenIdParams } from '../domain/access-schemas';
import { REFERENCE_PATTERN_KEY, referenceJsonPattern } from '../domain/case-reference';
import { addCalendarDays } from '../domain/dates';
import { dateRangePattern } from '../domain/text-patterns';
import { PROCESS_NAMES } from '../domain/contracts';
import { CalendarChangeBody, CaseReferenceParams, DATE_BOUND_KEY, FIRST_DATE, LAST_DATE, type DateBound, DeadlinePreviewQuery, PauseBody, PublicationDeferralBody, ResumeBody, StartPracticeReviewBody, StartRapidReviewBody, WorkingDaysQuery } from '../domain/schemas';
import { PROCESSES } from './processes';
import { CaseReadQuery } from '../domain/schemas';
import { CaseListQuery } from './list-query';
import { DashboardQuery, MyWorkQuery } from './routes/dashboard';
import { AnnualReportQuery } from './routes/reports';
import { PERMISSIONS, ruleFor } from './auth/policy';
import { QA_ENDPOINTS } from './routes/qa-openapi';
import { ImportBody, ImportQuery } from './routes/imports';
import { PROCESS_START_ENDPOINTS } from './routes/process-starts';

export interface Endpoint {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express path, e.g. /api/cases/:ref */
  path: string;
  summary: string;
  tag: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  responses: Record<number, { description: string; schema?: z.ZodType; csv?: boolean; html?: boolean; markdown?: boolean }>;
}

const Problem = z
  .object({ type: z.string(), title: z.string(), status: z.number().int(), detail: z.string(), instance: z.string(), requestId: z.string(), errors: z.array(z.object({ field: z.string(), rule: z.string() })).optional(), reason: z.string().optional() })
  .loose();

const CaseSummary = z.object({ reference: z.string(), process: z.string(), stage: z.string(), state: z.string(), status: z.string(), owner: z.string(), awareOn: z.string(), commissionedOn: z.string().nullable().describe("a practice review's decision to initiate it"), nextDue: z.string().nullable(), paused: z.boolean().describe('on hold (paused or publication deferred)'), parentReference: z.string().nullable().describe('the rapid review that commissioned a practice review') });
const RuleSetSummary = z.object({ id: z.string(), title: z.string(), effectiveFrom: z.string(), effectiveTo: z.string().nullable(), basis: z.string().nullable().describe('why the set was in force on the case start date, with its sources') });
const EmailDeliveryField = z
  .enum(['queued', 'sending', 'retrying', 'sent', 'failed'])
  .describe('queued: recorded, not yet tried; retrying: refused or interrupted, retried with backoff (lastError says why); failed: never sent, to be sent by hand');
const FormFieldShape = { name: z.string(), kind: z.enum(['date', 'text', 'choice', 'list']), required: z.boolean(), label: z.string(), choices: z.array(z.string()).optional(), rule: z.string().optional() };
const AllowedNextSchema = z.object({
  milestone: z.string(),
  label: z.string(),
  why: z.string(),
  fields: z.array(
    z.object({
      ...FormFieldShape,
      item: z.array(z.object(FormFieldShape)).optional().describe("for a list of records (agencies with due dates, actions with owners): one item's fields, sent as an array of objects"),
    }),
  ),
});
/** One body per milestone of every process in the registry (and per outcome where the outcome changes the fields). */
const MilestoneBodyOfAnyProcess = z.union(PROCESS_NAMES.map((p) => PROCESSES[p].milestoneBody) as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]);
const CaseView = z
  .object({
    reference: z.string(),
    childPseudonym: z.string().describe('protected: shown only to roles that may read the case'),
    process: z.string(),
    workflowId: z.string(),
    state: z.string(),
    awareOn: z.string(),
    ruleSetId: z.string(),
    ruleSet: RuleSetSummary.nullable(),
    calendarVersion: z.string(),
    today: z.string(),
    stage: z.string(),
    source: z.enum(['workflow', 'read-model']),
    health: z.string().describe("the case's one word (caseHealth): on-track, at-risk, overdue, on-hold, finished-late or closed"),
    deadlines: z.array(
      z
        .object({ key: z.string(), title: z.string(), kind: z.enum(['deadline', 'standing']), due: z.string(), statutoryDue: z.string(), status: z.string().describe('on-track, at-risk, due-today, overdue, on-hold, met, met-late or standing'), verdict: z.string(), workingDaysLate: z.number().optional(), workingDaysLateAgainstStatutory: z.number().optional() })
        .loose(),
    ),
    milestoneOptions: z.array(z.string()).describe("every milestone of the case's process, in order (kept for compatibility: allowedNext says which can be recorded now)"),
    allowedNext: z.array(AllowedNextSchema).describe("the milestones POST /api/cases/{ref}/milestones would accept now, from the workflow's own rules, each with its fields; empty when the case is closed or its workflow did not answer (source read-model)"),
    timeline: z.array(z.object({ occurredOn: z.string(), recordedAt: z.string(), kind: z.string(), summary: z.string(), actor: z.string().nullable(), note: z.string().nullable() })),
    emails: z.array(z.object({ messageId: z.string(), kind: z.string(), recipients: z.array(z.string()), subject: z.string(), status: z.string(), delivery: EmailDeliveryField, attempts: z.number(), lastError: z.string().nullable(), sentAt: z.string().nullable() })),
  })
  .loose();
const MailLogEntry = z.object({
  messageId: z.string(),
  kind: z.string(),
  recipients: z.array(z.string()),
  subject: z.string(),
  status: z.enum(['pending', 'sending', 'sent', 'failed', 'undeliverable']).describe('pending: queued, not yet tried; failed: refused by the relay, certainly not delivered, retried; undeliverable: no address for its recipients, never retried'),
  delivery: EmailDeliveryField,
  attempts: z.number(),
  resentAfterInterruption: z.boolean().describe('resent after an attempt whose outcome is unknown (the worker stopped after the relay may have accepted it): recipients may hold two copies with the same Message-ID'),
  lastError: z.string().nullable().describe('the last refusal or failure, as codes only'),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
const PracticeReviewView = z.object({ reference: z.string(), stage: z.string(), state: z.string(), deadlines: z.array(z.object({}).loose()) }).loose();
const ImportReportView = z
  .object({ dryRun: z.boolean(), message: z.string(), rows: z.number(), created: z.number(), unchanged: z.number(), refused: z.number(), notStarted: z.number(), problems: z.array(z.object({ row: z.number(), column: z.string(), problem: z.string() })), summaryEmail: z.boolean() })
  .loose();
const Token = z.object({ id: z.string(), subject: z.string(), roles: z.array(z.string()), agency: z.string().nullable(), label: z.string().nullable(), createdAt: z.string(), expiresAt: z.string().nullable(), revokedAt: z.string().nullable() });
const Assignment = z.object({ id: z.number().int(), caseReference: z.string(), subject: z.string(), role: z.string() });
const AuditEntry = z.object({ id: z.number().int(), at: z.string(), actor: z.string(), action: z.string(), resource: z.string(), origin: z.string().nullable(), requestId: z.string().nullable(), outcome: z.string() });

const problems = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, { description: DESCRIPTIONS[c] ?? 'error', schema: Problem }]));
const DESCRIPTIONS: Record<number, string> = { 400: 'invalid request', 401: 'no valid token', 403: 'role not allowed', 404: 'not found: the reference names nothing the engine knows (or nothing visible to this principal)', 409: 'conflict: a refused milestone (reason), or a known case whose workflow no longer runs (reason: case closed)', 413: 'body too large', 429: 'rate limit reached' };
const STD = [400, 401, 403, 429];

export const ENDPOINTS: Endpoint[] = [
  { method: 'get', path: '/api/health', summary: 'Liveness', tag: 'service', responses: { 200: { description: 'up', schema: z.object({ status: z.literal('ok') }) } } },
  { method: 'get', path: '/api/openapi.json', summary: 'This document', tag: 'service', responses: { 200: { description: 'OpenAPI 3.1', schema: z.object({ openapi: z.string() }).loose() } } },
  { method: 'get', path: '/api/docs', summary: 'Browsable API reference', tag: 'service', responses: { 200: { description: 'HTML page', html: true } } },
  {
    method: 'post', path: '/api/rapid-reviews', summary: 'Record a serious incident and start its rapid review', tag: 'review lifecycle', body: StartRapidReviewBody,
    responses: { 201: { description: 'started', schema: z.object({ reference: z.string(), workflowId: z.string(), calendarVersion: z.string(), ruleSetId: z.string(), ruleSet: RuleSetSummary.nullable() }) }, ...problems(...STD, 409, 413) },
  },
  {
    method: 'post', path: '/api/practice-reviews', summary: 'Start a practice review on its own (its rapid review held elsewhere or before adoption)', tag: 'review lifecycle', body: StartPracticeReviewBody,
    responses: { 201: { description: 'started: the case, as GET /api/cases/{ref} answers', schema: CaseView }, ...problems(...STD, 409, 413) },
  },
  {
    method: 'post', path: '/api/imports', summary: "Bring in the partnership's tracker (CSV template or JSON); dryRun checks every row and creates nothing", tag: 'review lifecycle', query: ImportQuery, body: ImportBody,
    responses: {
      200: { description: 'the import report: a dry run, or nothing created (every case imported before, or every row refused)', schema: ImportReportView },
      201: { description: 'the import report: cases created', schema: ImportReportView },
      ...problems(...STD, 413),
    },
  },
  {
    method: 'get', path: '/api/cases', summary: 'Cases, filtered, sorted and paged (a reviewer sees only assigned cases)', tag: 'review lifecycle', query: CaseListQuery,
    responses: { 200: { description: 'one page of cases; nextCursor is null on the last', schema: z.object({ cases: z.array(CaseSummary), nextCursor: z.string().nullable() }) }, ...problems(...STD) },
  },
  { method: 'get', path: '/api/cases/:ref', summary: 'One case: deadlines, timeline, emails', tag: 'review lifecycle', params: CaseReferenceParams, query: CaseReadQuery, responses: { 200: { description: 'the case', schema: CaseView }, ...problems(...STD, 404) } },
  {
    method: 'get', path: '/api/cases/:ref/emails', summary: "Every email the case sent or is still trying to send (the case's mail log)", tag: 'review lifecycle', params: CaseReferenceParams,
    responses: { 200: { description: 'the mail log', schema: z.object({ reference: z.string(), emails: z.array(MailLogEntry) }) }, ...problems(...STD, 404) },
  },
  {
    method: 'post', path: '/api/cases/:ref/milestones', summary: 'Record a milestone (refused with 409 and a reason when out of order; allowedNext in the case answer lists those accepted now)', tag: 'review lifecycle', params: CaseReferenceParams, body: MilestoneBodyOfAnyProcess,
    responses: { 200: { description: 'accepted', schema: z.object({ reference: z.string(), stage: z.string(), state: z.string(), milestones: z.unknown() }).loose() }, ...problems(...STD, 404, 409, 413) },
  },
  ...(
    [
      ['pause', 'Pause a practice review (the six-month clock stops)', PauseBody],
      ['resume', 'Resume a paused practice review', ResumeBody],
      ['publication-deferral', 'Defer publication of a practice review, with the reason', PublicationDeferralBody],
    ] as const
  ).map(
    ([action, summary, body]): Endpoint => ({
      method: 'post', path: `/api/cases/:ref/${action}`, summary, tag: 'review lifecycle', params: CaseReferenceParams, body,
      responses: { 200: { description: "the practice review as the executive sees it", schema: PracticeReviewView }, ...problems(...STD, 404, 409, 413) },
    }),
  ),
  {
    method: 'get', path: '/api/calendar/working-days', summary: 'Add working days to a date (England and Wales bank holidays)', tag: 'calendar', query: WorkingDaysQuery,
    responses: { 200: { description: 'the date', schema: z.object({ from: z.string(), add: z.number(), date: z.string(), calendarVersion: z.string(), skipped: z.array(z.unknown()), explanation: z.string() }) }, ...problems(...STD) },
  },
  {
    method: 'get', path: '/api/calendar/deadlines', summary: 'Preview the statutory deadlines for given events', tag: 'calendar', query: DeadlinePreviewQuery,
    responses: { 200: { description: 'deadlines', schema: z.object({ process: z.string(), ruleSetId: z.string(), calendarVersion: z.string() }).loose() }, ...problems(...STD) },
  },
  {
    method: 'post', path: '/api/calendar/changes', summary: 'Change the bank holidays (open cases recompute their deadlines)', tag: 'calendar', body: CalendarChangeBody,
    responses: {
      200: { description: 'no change', schema: z.object({ previousVersion: z.string(), version: z.string(), reason: z.string() }).loose() },
      201: { description: 'new calendar version', schema: z.object({ previousVersion: z.string(), version: z.string(), reason: z.string() }).loose() },
      ...problems(...STD, 409, 413),
    },
  },
  { method: 'get', path: '/api/dashboard', summary: "The executive's view: every open item by urgency", tag: 'oversight', query: DashboardQuery, responses: { 200: { description: 'items', schema: z.object({ today: z.string(), total: z.number().int(), counts: z.record(z.string(), z.number()), items: z.array(z.object({}).loose()) }).loose() }, ...problems(...STD) } },
  { method: 'get', path: '/api/my-work', summary: "The caller's own next steps", tag: 'oversight', query: MyWorkQuery, responses: { 200: { description: 'items', schema: z.object({ today: z.string(), subject: z.string().nullable(), roles: z.array(z.string()), items: z.array(z.object({}).loose()) }).loose() }, ...problems(...STD) } },
  { method: 'get', path: '/api/reports/annual', summary: "The annual report's review figures for a period (from and to inclusive; default the reporting year)", tag: 'oversight', query: AnnualReportQuery, responses: { 200: { description: 'figures', schema: z.object({ period: z.object({ from: z.string(), to: z.string() }), figures: z.object({}).loose(), cases: z.array(z.object({}).loose()).describe('the per-case table every figure is counted from'), qualityAssurance: z.object({}).loose().describe('the quality assurance section: audits, returns, actions, QAPP meetings, cadence changes and suspensions, with the table its figures are counted from') }) }, ...problems(...STD) } },
  { method: 'get', path: '/api/reports/annual.md', summary: "The annual report's review section as Markdown", tag: 'oversight', query: AnnualReportQuery, responses: { 200: { description: 'Markdown', markdown: true }, ...problems(...STD) } },
  { method: 'get', path: '/api/reports/annual.csv', summary: "The annual report's cases as CSV", tag: 'oversight', query: AnnualReportQuery, responses: { 200: { description: 'CSV', csv: true }, ...problems(...STD) } },
  {
    method: 'post', path: '/api/tokens', summary: 'Issue a local API token (the secret is shown once)', tag: 'access', body: IssueTokenBody,
    responses: { 201: { description: 'issued', schema: z.object({ id: z.string(), token: z.string(), subject: z.string(), roles: z.array(RoleSchema), expiresAt: z.string().nullable() }) }, ...problems(...STD, 413) },
  },
  { method: 'get', path: '/api/tokens', summary: 'Local API tokens (never their secrets)', tag: 'access', responses: { 200: { description: 'tokens', schema: z.object({ tokens: z.array(Token) }) }, ...problems(...STD) } },
  { method: 'delete', path: '/api/tokens/:id', summary: 'Revoke a token', tag: 'access', params: TokenIdParams, responses: { 200: { description: 'revoked', schema: z.object({ id: z.string(), revoked: z.literal(true) }) }, ...problems(...STD, 404, 409) } },
  {
    method: 'post', path: '/api/case-assignments', summary: 'Assign a reviewer to a case', tag: 'access', body: AssignCaseBody,
    responses: { 201: { description: 'assigned', schema: Assignment }, ...problems(...STD, 404, 409, 413) },
  },
  { method: 'get', path: '/api/case-assignments', summary: 'Reviewer assignments', tag: 'access', responses: { 200: { description: 'assignments', schema: z.object({ assignments: z.array(Assignment) }) }, ...problems(...STD) } },
  { method: 'delete', path: '/api/case-assignments/:id', summary: 'Remove an assignment', tag: 'access', params: AssignmentIdParams, responses: { 200: { description: 'removed', schema: z.object({ id: z.number().int(), removed: z.literal(true) }) }, ...problems(...STD, 404) } },
  { method: 'get', path: '/api/audit-log', summary: 'Access audit trail (admins, executive)', tag: 'audit trail', query: AuditLogQuery, responses: { 200: { description: 'entries, newest first', schema: z.object({ entries: z.array(AuditEntry) }) }, ...problems(...STD) } },
  ...QA_ENDPOINTS,
  ...PROCESS_START_ENDPOINTS,
  { method: 'get', path: '/api/audit-log.csv', summary: 'Access audit trail as CSV', tag: 'audit trail', query: AuditLogQuery, responses: { 200: { description: 'CSV', csv: true }, ...problems(...STD) } },
];

/** draft-ietf-httpapi-idempotency-key-header: an sf-string (quoted); a bare token is accepted too. */
const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes the request safe to retry: a retry with the same key and body (same principal) gets the first answer again, marked `Idempotent-Replayed: true`, without running again; the same key with another body answers 422; a retry while the first is still running answers 409 with Retry-After. A request whose process died unanswered is run again on retry and finishes what it began. 5xx answers are not kept. Keys are kept 24 hours.',
  schema: { type: 'string', pattern: '^("[!#-\\[\\]-~]{1,255}"|[!#-\\[\\]-~]{1,255})$', examples: ['"8e03978e-40d5-43e8-bc93-6894a57f9324"'] },
};
const IDEMPOTENCY_RESPONSES: Endpoint['responses'] = {
  409: { description: 'refused: a conflict, or a request with this Idempotency-Key is still in progress (Retry-After)', schema: Problem },
  422: { description: 'this Idempotency-Key was first used with a different request', schema: Problem },
  503: { description: 'the workflow service is unreachable; retry after Retry-After seconds, with the same Idempotency-Key', schema: Problem },
};
/** A text the API trims before counting (`.trim().min(1)`) must hold a non-blank character, which minLength alone does not say. */
function trimmedText(zodSchema: unknown, jsonSchema: Record<string, unknown>): void {
  const def = (zodSchema as { _zod: { def: { type: string; checks?: { _zod: { def: { check: string } } }[] } } })._zod.def;
  const trims = def.type === 'string' && (def.checks ?? []).some((c) => c._zod.def.check === 'overwrite');
  if (trims && typeof jsonSchema.minLength === 'number' && jsonSchema.minLength > 0 && jsonSchema.pattern === undefined) jsonSchema.pattern = '\\S';
}

/** A date the API holds to today (DATE_BOUND_KEY in domain/schemas.ts) gets the pattern of the dates it accepts today. */
function boundedDate(jsonSchema: Record<string, unknown>, today: string): void {
  const bound = jsonSchema[DATE_BOUND_KEY] as DateBound | undefined;
  if (!bound) return;
  delete jsonSchema[DATE_BOUND_KEY];
  const [from, to, words] = bound === 'not-after-today' ? [FIRST_DATE, today, 'today or earlier'] : [addCalendarDays(today, 1), LAST_DATE, 'after today'];
  jsonSchema.pattern = dateRangePattern(from, to);
  jsonSchema.description = [jsonSchema.description, `${words} (${from} to ${to} on the day this document was served)`].filter(Boolean).join('; ');
}

const oaPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');
const jsonSchema = (schema: z.ZodType, io: 'input' | 'output', today: string) => {
  const js = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
    override: (ctx) => {
      trimmedText(ctx.zodSchema, ctx.jsonSchema);
      // zod's email pattern is the rule the API applies; `format: email` would let a validator apply a different one.
      if (ctx.jsonSchema.format === 'email' && ctx.jsonSchema.pattern) delete ctx.jsonSchema.format;
      boundedDate(ctx.jsonSchema, today);
      // The partnership's reference scheme is configured at start-up, so its pattern is read here.
      if (ctx.jsonSchema[REFERENCE_PATTERN_KEY]) {
        delete ctx.jsonSchema[REFERENCE_PATTERN_KEY];
        ctx.jsonSchema.pattern = referenceJsonPattern();
      }
    },
  }) as Record<string, unknown>;
  delete js.$schema;
  return js;
};

function parameters(schema: z.ZodObject | undefined, where: 'path' | 'query', today: string): unknown[] {
  if (!schema) return [];
  const js = jsonSchema(schema, 'input', today) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: s }));
}

let cached: { today: string; document: Record<string, unknown> } | undefined;
/** The document as of `today` (London), since some dates are accepted relative to it. */
export function openApiDocument(today: string): Record<string, unknown> {
  if (cached?.today === today) return cached.document;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of ENDPOINTS) {
    const rule = ruleFor(e.method.toUpperCase(), e.path);
    const roles = rule ? (rule.permission === 'public' ? 'public (no token)' : (PERMISSIONS[rule.permission] as readonly string[]).join(', ')) : 'nobody';
    const mutating = e.method !== 'get';
    const responses = Object.fromEntries(
      Object.entries(mutating ? { ...IDEMPOTENCY_RESPONSES, ...e.responses } : e.responses).map(([code, r]) => [
        code,
        {
          description: r.description,
          ...(r.schema ? { content: { [Number(code) >= 400 ? 'application/problem+json' : 'application/json']: { schema: jsonSchema(r.schema, 'output', today) } } } : {}),
          ...(r.csv ? { content: { 'text/csv': { schema: { type: 'string' } } } } : {}),
          ...(r.html ? { content: { 'text/html': { schema: { type: 'string' } } } } : {}),
          ...(r.markdown ? { content: { 'text/markdown': { schema: { type: 'string' } } } } : {}),
        },
      ]),
    );
    (paths[oaPath(e.path)] ??= {})[e.method] = {
      summary: e.summary,
      description: `Roles: ${roles}.`,
      tags: [e.tag],
      operationId: `${e.method}${e.path.replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      ...(rule?.permission === 'public' ? { security: [] } : {}),
      parameters: [...parameters(e.params, 'path', today), ...parameters(e.query, 'query', today), ...(mutating ? [IDEMPOTENCY_KEY] : [])],
      ...(e.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(e.body, 'input', today) } } } } : {}),
      responses,
    };
  }
  const document = {
    openapi: '3.1.0',
    info: { title: 'review-engine API', version: '0.1.0', description: 'Statutory review processes of a local safeguarding children partnership. Send `Authorization: Bearer <token>`: a local API token (`rvw_...`) or an OpenID Connect access token. Errors are application/problem+json. Request bodies are JSON of at most 64 KiB (larger ones are refused with 413); a method a path does not serve is refused with 405 and an `Allow` header.' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
  cached = { today, document };
  return document;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function docsPage(today: string): string {
  const doc = openApiDocument(today) as { info: { title: string; description: string }; paths: Record<string, Record<string, { summary: string; description: string; tags: string[]; parameters: unknown[]; requestBody?: unknown; responses: unknown }>> };
  const rows = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(
      ([method, op]) => `<details><summary><code class="m">${method.toUpperCase()}</code> <code>${escape(path)}</code> ${escape(op.summary)}</summary>
<p>${escape(op.description)} Tag: ${escape(op.tags.join(', '))}.</p>
${op.parameters.length ? `<h4>Parameters</h4><pre>${escape(JSON.stringify(op.parameters, null, 2))}</pre>` : ''}
${op.requestBody ? `<h4>Request body</h4><pre>${escape(JSON.stringify(op.requestBody, null, 2))}</pre>` : ''}
<h4>Responses</h4><pre>${escape(JSON.stringify(op.responses, null, 2))}</pre></details>`,
    ),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(doc.info.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}details{border-bottom:1px solid #ddd;padding:.4rem 0}pre{background:#f6f6f6;padding:.5rem;overflow:auto;font-size:12px}.m{font-weight:bold;min-width:4rem;display:inline-block}</style>
</head><body><h1>${escape(doc.info.title)}</h1><p>${escape(doc.info.description)}</p><p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>
${rows.join('\n')}</body></html>`;
}
