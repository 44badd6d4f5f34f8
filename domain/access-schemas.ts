/** zod schemas for the access-control API: tokens, case assignments, the access audit trail. */
import { z } from 'zod';
import { CaseReference } from './case-reference';
import { pageFields, type PageField } from './form-fields';
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

/** The access page's forms (api/pages/admin.js), from the bodies above. */
export function issueTokenForm(): PageField[] {
  return pageFields(IssueTokenBody, {
    subject: { label: 'Person', hint: 'Their account name or work email address' },
    roles: { label: 'Role', choices: { 'cspr-chair': 'CSPR chair', reviewer: 'Reviewer', 'agency-lead': 'Agency lead', executive: 'Executive', 'qapp-chair': 'QAPP chair', admin: 'Administrator' } },
    agency: { label: 'Agency code (agency leads only)', hint: 'e.g. police' },
    expiresInDays: { label: 'Days until it stops working' },
  });
}
export function assignCaseForm(): PageField[] {
  return pageFields(AssignCaseBody, { caseReference: { label: 'Case reference' }, subject: { label: 'Reviewer', hint: 'As on their token' } });
}

export const AssignmentIdParams = z.strictObject({ id: wholeNumberText(1, 2_147_483_647) });

const Instant = z.iso.datetime({ offset: true }).describe('an ISO 8601 instant, e.g. 2026-11-25T09:00:00Z');

export const AuditLogQuery = z.strictObject({
  actor: z.string().max(200).optional(),
  resource: z.string().max(200).optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  limit: wholeNumberText(1, 10_000).default(500),
});
