import { z } from 'zod';

/** A partnership's case reference, e.g. WSCP-2019-03. It names the case everywhere outside the protected fields. */
export const CASE_REFERENCE_PATTERN = /^[A-Z][A-Z0-9]{1,11}-\d{4}-\d{2,4}$/;
export const CASE_REFERENCE_RULE = 'must look like WSCP-2019-03: letters, a year and a number, separated by hyphens';
export const CaseReference = z.string().regex(CASE_REFERENCE_PATTERN, CASE_REFERENCE_RULE);
export type CaseReference = z.infer<typeof CaseReference>;

export type { ProcessName } from './contracts';
