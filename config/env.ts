/** The environment, parsed once at start-up. Every variable is documented in README.md. */
import { z } from 'zod';
import { DEFAULT_REFERENCE_SCHEME, referenceSchemeRefusal } from '../domain/case-reference';

const port = z.coerce.number().int().min(1).max(65535);
const email = z.string().email();
const emailList = z
  .string()
  .transform((s) => s.split(',').map((a) => a.trim()).filter(Boolean))
  .pipe(z.array(email));

export const EnvSchema = z.object({
  DATA_DIR: z.string().default('data'),
  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: port.default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, 'must start with file: (SQLite) or postgresql:// (PostgreSQL)')
    .default('file:data/app.db'),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('review-engine'),
  // A secured cluster or Temporal Cloud (issue 14): see config/temporal-connection.ts.
  TEMPORAL_TLS: z.enum(['true', 'false']).optional(),
  TEMPORAL_TLS_CA_FILE: z.string().min(1).optional(),
  TEMPORAL_TLS_CERT_FILE: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_FILE: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_UI_PORT: port.default(8233),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').default('smtp://127.0.0.1:1025'),
  // DEFAULT_SMTP_CONNECTIONS in activities/mailer.ts says why ten (not imported here: the API would load nodemailer).
  SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(10),
  MAIL_UI_PORT: port.default(1080),
  MAIL_FROM: email.default('review-engine@partnership.example'),
  MAIL_DOMAIN: z.string().default('review-engine.local'),
  CSPR_CHAIR_EMAIL: emailList.default(['cspr-chair@partnership.example']),
  EXECUTIVE_EMAIL: emailList.default(['executive@partnership.example']),
  REVIEWER_EMAIL: emailList.default(['reviewers@partnership.example']),
  AGENCY_LEAD_EMAIL: emailList.default(['agency-leads@partnership.example']),
  QAPP_CHAIR_EMAIL: emailList.default(['qapp-chair@partnership.example']),
  PANEL_EMAIL: emailList.default(['panel@review-panel.example']),
  SECRETARY_OF_STATE_EMAIL: emailList.default(['secretary-of-state@education.example']),
  OFSTED_EMAIL: emailList.default(['notifications@ofsted.example']),
  DFE_EMAIL: emailList.default(['notifications@education.example']),
  PARTNERS_EMAIL: emailList.default(['safeguarding-partners@partnership.example']),
  RAPID_REVIEW_CLOCK_START: z.enum(['awareness', 'notification-sent']).default('awareness'),
  REMINDER_LOCAL_TIME: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM, 24-hour, Europe/London').default('09:00'),
  BANK_HOLIDAYS_FILE: z.string().optional(),
  PARTNERSHIP: z.string().regex(/^[A-Z][A-Z0-9-]{1,15}$/, 'must be a short code in capitals, e.g. WSCP').default('LSCP'),
  REPORTING_YEAR_START: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "must be MM-DD, e.g. 04-01 for April to March").default('04-01'),
  DIGEST_ENABLED: z.enum(['true', 'false']).default('true'),
  DIGEST_WEEKDAY: z.coerce.number().int().min(1, 'must be 1 (Monday) to 5 (Friday)').max(5, 'must be 1 (Monday) to 5 (Friday)').default(1),
  DIGEST_LOCAL_TIME: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM, 24-hour, Europe/London').default('08:00'),
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100000).default(100),
  WORKER_WORKFLOW_TASK_SLOTS: z.coerce.number().int().min(2).max(1000).default(10),
  WORKER_ACTIVITY_SLOTS: z.coerce.number().int().min(1).max(10000).default(100),
  // Unset: DEFAULT_WORKFLOW_THREADS in worker/create-worker.ts, which says why (not imported here: the API would load the worker SDK).
  WORKER_WORKFLOW_THREADS: z.coerce.number().int().min(1).max(16).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // Access (issue 6): OpenID Connect is on when OIDC_ISSUER is set; local API tokens always work.
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_AUDIENCE: z.string().optional(),
  OIDC_JWKS_URL: z.string().url().optional(),
  OIDC_ROLES_CLAIM: z.string().default('roles'),
  OIDC_SUBJECT_CLAIM: z.string().default('sub'),
  OIDC_AGENCY_CLAIM: z.string().default('agency'),
  OIDC_ROLE_MAP: z
    .string()
    .regex(/^([^=,]+=(admin|executive|cspr-chair|reviewer|agency-lead|qapp-chair))(,[^=,]+=(admin|executive|cspr-chair|reviewer|agency-lead|qapp-chair))*$/, 'must be IdPRole=role pairs separated by commas')
    .optional(),
  CORS_ORIGINS: z.string().default('').transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean)),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  UPDATE_WAIT_MS: z.coerce.number().int().min(100).default(10_000),
  RETENTION_YEARS: z.string().default('rapid-review=15,practice-review=25'),
  // The partnership's reference scheme (issue 12): a regular expression for a whole reference, and an example of one.
  CASE_REFERENCE_PATTERN: z.string().min(1).default(DEFAULT_REFERENCE_SCHEME.pattern),
  CASE_REFERENCE_EXAMPLE: z.string().min(1).default(DEFAULT_REFERENCE_SCHEME.example),
}).superRefine((env, ctx) => {
  const refusal = referenceSchemeRefusal({ pattern: env.CASE_REFERENCE_PATTERN, example: env.CASE_REFERENCE_EXAMPLE });
  if (refusal) ctx.addIssue({ code: 'custom', path: ['CASE_REFERENCE_PATTERN'], message: refusal });
});
export type Env = z.infer<typeof EnvSchema>;

export const referenceSchemeOf = (env: Pick<Env, 'CASE_REFERENCE_PATTERN' | 'CASE_REFERENCE_EXAMPLE'>) => ({ pattern: env.CASE_REFERENCE_PATTERN, example: env.CASE_REFERENCE_EXAMPLE });
const clientCertificatePair = (e: Env) => Boolean(e.TEMPORAL_TLS_CERT_FILE) === Boolean(e.TEMPORAL_TLS_KEY_FILE);

export class ConfigError extends Error {}

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = EnvSchema.refine(clientCertificatePair, { path: ['TEMPORAL_TLS_KEY_FILE'], message: 'TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE go together: set both (mTLS) or neither' }).safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(source[String(i.path[0])])})`);
  throw new ConfigError(`Invalid environment:\n${lines.join('\n')}\nSee the configuration table in README.md.`);
}
