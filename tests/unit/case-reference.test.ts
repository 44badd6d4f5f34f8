import fc from 'fast-check';
import {
  CaseReference,
  DEFAULT_REFERENCE_SCHEME,
  referenceFromSafe,
  referenceJsonPattern,
  referenceSchemeRefusal,
  referenceToSafe,
  useReferenceScheme,
} from '../../domain/case-reference';
import { workflowIdFor } from '../../domain/contracts';

const anyText = fc.string({ unit: 'grapheme', maxLength: 40 });
const referenceLike = fc.string({ unit: fc.constantFrom(...'AZaz09 /._-~.'.split('')), maxLength: 30 });
const URL_AND_ID_SAFE = /^[A-Za-z0-9._~-]*$/;

afterEach(() => useReferenceScheme(DEFAULT_REFERENCE_SCHEME));

describe('the safe form of a reference (workflow IDs, URLs)', () => {
  it('reads back exactly what it was written from', () => {
    fc.assert(fc.property(anyText, (ref) => referenceFromSafe(referenceToSafe(ref)) === ref), { numRuns: 2000 });
    fc.assert(fc.property(referenceLike, (ref) => referenceFromSafe(referenceToSafe(ref)) === ref), { numRuns: 2000 });
  });

  it('never gives two references the same safe form', () => {
    fc.assert(
      fc.property(referenceLike, referenceLike, (a, b) => a === b || referenceToSafe(a) !== referenceToSafe(b)),
      { numRuns: 5000 },
    );
    // Random pairs rarely differ only where codes could meet; these do.
    const tricky = ['A_B', 'A B', 'A-B', 'A~B', 'A/B', 'A.B', 'A.2EB', 'A..B', 'A.5FB'];
    expect(new Set(tricky.map(referenceToSafe)).size).toBe(tricky.length);
  });

  it('uses only characters that need no escaping in a URL path segment or a Temporal workflow ID', () => {
    fc.assert(fc.property(anyText, (ref) => URL_AND_ID_SAFE.test(referenceToSafe(ref))), { numRuns: 2000 });
  });

  it('leaves references of the default scheme unchanged, so existing workflow IDs stay as they are', () => {
    expect(workflowIdFor('rapid-review', 'WSCP-2019-03')).toBe('rapid-review:WSCP-2019-03');
    expect(referenceToSafe('WSCP 19/03')).toBe('WSCP_19~03');
    expect(referenceToSafe('LCSPR/2020/1')).toBe('LCSPR~2020~1');
  });

  it('refuses a text that no reference maps to (only the shortest code is written)', () => {
    for (const text of ['A.2D', 'A.4', 'A.ZZ', 'A..00FF', 'A B', 'A/B', 'A.20']) expect(referenceFromSafe(text)).toBeUndefined();
  });
});

describe("the partnership's reference scheme", () => {
  it('defaults to the letters-year-number pattern', () => {
    expect(CaseReference.safeParse('WSCP-2019-03').success).toBe(true);
    expect(CaseReference.safeParse('WSCP 19/03').success).toBe(false);
  });

  it('accepts the configured scheme and refuses the old one', () => {
    useReferenceScheme({ pattern: 'WSCP \\d{2}/\\d{2}', example: 'WSCP 19/03' });
    expect(CaseReference.safeParse('WSCP 19/03').success).toBe(true);
    const refused = CaseReference.safeParse('WSCP-2019-03');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe("must be a reference of the partnership's scheme, like WSCP 19/03");
    expect(new RegExp(referenceJsonPattern()).test('WSCP 19/03')).toBe(true);
    expect(new RegExp(referenceJsonPattern()).test('WSCP-2019-03')).toBe(false);
  });

  it('never lets a pattern admit characters outside the reference alphabet', () => {
    useReferenceScheme({ pattern: '.+', example: 'RR-2019-003' });
    expect(CaseReference.safeParse('RR-2019-003').success).toBe(true);
    for (const bad of ['RR 2019\n3', '<b>', 'RR-2019-003 ', ' RR', 'a'.repeat(41)]) expect(CaseReference.safeParse(bad).success).toBe(false);
    expect(new RegExp(referenceJsonPattern()).test('<b>')).toBe(false);
  });

  it('refuses a scheme whose pattern does not compile or does not accept its own example', () => {
    expect(referenceSchemeRefusal({ pattern: '(', example: 'X' })).toMatch(/not a regular expression/);
    expect(referenceSchemeRefusal({ pattern: 'RR-\\d+', example: 'WSCP-2019-03' })).toMatch(/does not match/);
    expect(referenceSchemeRefusal({ pattern: 'LCSPR/2020/1', example: 'LCSPR/2020/1' })).toBeUndefined();
  });
});
