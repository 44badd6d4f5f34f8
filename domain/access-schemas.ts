/** zod schemas for the access-control API: tokens, case assignments, the access audit trail. */
import { z } from 'zod';
import { CaseReference } from './case-reference';
import { wholeNumberText } from './schemas';

export const RoleSchema = z.enum(['admin', 'executive', 'cspr-chair', 'reviewer', 'agency-lead', 'qapp-chair']);

const Subject = z.string().trim().min(1).max(200).regex(/^[^\s<>"'`]+$/, 'must be an account name or email address, without spaces or quotes').describe('the person or service the token acts for, e.g. jo.bloggs@council.gov.uk');
const Agency = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a short lowercase agency code, e.g. police').describe("the agency an agency lead acts for");

export const IssueTokenBody = z.strictObject({
  subject: Subject,
  roles: z.array(RoleSchema).min(1).max(6),
  agency: Agency.optional(),
  label: z.string().max(100).optional().describe('what the token is for, shown in the list'),
  expiresInDays: z.number().int().min(1).max(400).default(90).describe('days until the token stops working (1-400, default 90)'),
});

export const TokenIdParams = z.strictObject({ id: z.string().regex(/^[0-9a-f]{16}$/, 'must be a token id (16 hexadecimal characters)') });

export const AssignCaseBody = z.strictObject({
  caseReference: CaseReference,
  subject: Subject,
  role: z.literal('reviewer').default('reviewer'),
});

export const AssignmentIdParams = z.strictObject({ id: wholeNumberText(1, 2_147_483_647) });

const Instant = z.iso.datetime({ offset: true }).describe('an ISO 8601 instant, e.g. 2026-11-25T09:00:00Z');

export const AuditLogQuery = z.strictObject({
  actor: z.string().max(200).optional(),
  resource: z.string().max(200).optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  limit: wholeNumberText(1, 10_000).default(500),
});
