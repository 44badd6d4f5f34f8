import { z } from 'zod';

/**
 * The partnership's own reference scheme (CASE_REFERENCE_PATTERN, README configuration): a case is
 * shown everywhere exactly as the partnership writes it ("WSCP 19/03", "LCSPR/2020/1"), and named
 * in Temporal workflow IDs and URLs by `referenceToSafe`, which maps spaces, slashes and the rest
 * reversibly onto characters that need no escaping there. References are the only name a case has
 * outside the protected fields, so the scheme allows letters, digits, spaces and `/ . _ -` only.
 */
export interface ReferenceScheme {
  /** A regular expression a whole reference must match (anchored here). */
  pattern: string;
  /** An example the error messages quote. */
  example: string;
}

export const DEFAULT_REFERENCE_SCHEME: ReferenceScheme = { pattern: '[A-Z][A-Z0-9]{1,11}-\\d{4}-\\d{2,4}', example: 'WSCP-2019-03' };

/** What every scheme's references are made of, whatever the pattern says. */
const REFERENCE_ALPHABET = /^[A-Za-z0-9](?:[A-Za-z0-9 /._-]{0,38}[A-Za-z0-9])?$/;

let active = compile(DEFAULT_REFERENCE_SCHEME);

function compile(scheme: ReferenceScheme) {
  return { ...scheme, regex: new RegExp(`^(?:${scheme.pattern})$`) };
}

/** Why a scheme cannot be used, or undefined: the pattern must compile and accept its own example. */
export function referenceSchemeRefusal(scheme: ReferenceScheme): string | undefined {
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${scheme.pattern})$`);
  } catch (err) {
    return `CASE_REFERENCE_PATTERN is not a regular expression: ${(err as Error).message}`;
  }
  if (!regex.test(scheme.example)) return `CASE_REFERENCE_EXAMPLE '${scheme.example}' does not match CASE_REFERENCE_PATTERN`;
  if (!REFERENCE_ALPHABET.test(scheme.example)) return `CASE_REFERENCE_EXAMPLE '${scheme.example}' uses characters a reference may not hold (letters, digits, spaces and / . _ - only, 2 to 40 long, starting and ending with a letter or digit)`;
  return undefined;
}

/** Set once at start-up from the environment (config/env.ts), before any request is parsed. */
export function useReferenceScheme(scheme: ReferenceScheme): void {
  const refusal = referenceSchemeRefusal(scheme);
  if (refusal) throw new Error(refusal);
  active = compile(scheme);
}

export const referenceScheme = (): ReferenceScheme => ({ pattern: active.pattern, example: active.example });

/** Why a text is not a reference of the partnership's scheme, or undefined. */
export function referenceRefusal(text: string): string | undefined {
  if (!active.regex.test(text) || !REFERENCE_ALPHABET.test(text)) return `must be a reference of the partnership's scheme, like ${active.example}`;
  return undefined;
}

/** The OpenAPI document gives a schema marked with this key the active scheme's pattern. */
export const REFERENCE_PATTERN_KEY = 'x-case-reference';

/** A partnership's case reference, e.g. WSCP-2019-03. It names the case everywhere outside the protected fields. */
export const CaseReference = z
  .string()
  .superRefine((text, ctx) => {
    const refusal = referenceRefusal(text);
    if (refusal) ctx.addIssue({ code: 'custom', message: refusal });
  })
  .meta({ [REFERENCE_PATTERN_KEY]: true });
export type CaseReference = z.infer<typeof CaseReference>;

/** The active scheme as one JSON Schema pattern (both rules: the scheme's and the alphabet's). */
export function referenceJsonPattern(): string {
  return `^(?=${REFERENCE_ALPHABET.source.slice(1, -1)}$)(?:${active.pattern})$`;
}

export type { ProcessName } from './contracts';
export { referenceFromSafe, referenceToSafe } from './reference-safe';

