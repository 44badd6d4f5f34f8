/** The patterns the OpenAPI document carries accept exactly what the API's schemas accept. */
import fc from 'fast-check';
import { addCalendarDays, isIsoDate } from '../../domain/dates';
import { IsoDateSchema, wholeNumberText } from '../../domain/schemas';
import { dateRangePattern, ISO_DATE_2000S_PATTERN, wholeNumberPattern } from '../../domain/text-patterns';

const everyDay = (from: string, days: number) => Array.from({ length: days }, (_, i) => addCalendarDays(from, i));

test('the date pattern matches every real date of 2000-2099 and nothing else from 1999 to 2100', () => {
  const re = new RegExp(ISO_DATE_2000S_PATTERN);
  for (const d of everyDay('1999-12-01', 36_600)) expect([d, re.test(d)]).toEqual([d, d >= '2000-01-01' && d <= '2099-12-31']);
  for (const s of ['', '2026-02-29', '2100-02-29', '2026-1-05', '2026-13-01', '2026-04-31', ' 2026-01-05', '2026-01-05T00:00']) expect([s, re.test(s)]).toEqual([s, false]);
  expect(re.test('2000-02-29') && re.test('2024-02-29')).toBe(true);
});

test.each([
  ['2000-01-01', '2026-12-04'],
  ['2026-12-05', '2099-12-31'],
  ['2024-02-28', '2024-03-01'],
  ['2001-03-15', '2003-02-28'],
])('dates from %s to %s: the pattern matches exactly those days', (from, to) => {
  const re = new RegExp(dateRangePattern(from, to));
  for (const d of everyDay('1999-12-01', 36_600)) if (re.test(d) !== (d >= from && d <= to)) throw new Error(`${d} wrongly ${re.test(d) ? 'matched' : 'refused'}`);
  expect(re.test('2025-02-29')).toBe(false);
});

test('the whole-number pattern of a range accepts what the schema accepts, for any text', () => {
  for (const [min, max] of [[1, 2_147_483_647], [-2600, 2600], [1, 30], [0, 0], [-5, -1], [7, 123]] as const) {
    const re = new RegExp(wholeNumberPattern(min, max));
    const schema = wholeNumberText(min, max);
    const text = fc.oneof(fc.integer({ min: min - 1000, max: max + 1000 }).map(String), fc.string({ maxLength: 12 }), fc.constantFrom('', '-0', '01', '+1', ' 1', '1e3', '0x10', String(max + 1), String(min - 1)));
    fc.assert(fc.property(text, (s) => re.test(s) === schema.safeParse(s).success && (!re.test(s) || schema.parse(s) === Number(s))));
  }
});

test('a date outside the range is told so once; a malformed one only that it is malformed', () => {
  const rules = (s: string) => (IsoDateSchema.safeParse(s).error?.issues ?? []).map((i) => i.message);
  expect(rules('2100-01-01')).toEqual(['must be between 2000-01-01 and 2099-12-31']);
  expect(rules('2026-02-30')).toEqual(['must be a real calendar date written YYYY-MM-DD']);
  expect(rules('')).toEqual(['must be a real calendar date written YYYY-MM-DD']);
  expect(rules('2026-02-28')).toEqual([]);
  expect(isIsoDate('2026-02-28')).toBe(true);
});
