/**
 * Regular expressions that say exactly what the API accepts as text, so the OpenAPI document can
 * carry them as `pattern` and a client (or a fuzzer) generating from the document sends only what
 * the API takes. Written for both JavaScript and the JSON Schema (ECMA-262) dialect.
 */

/** A real calendar date from 2000-01-01 to 2099-12-31, YYYY-MM-DD: in this century a leap year is every fourth. */
export const ISO_DATE_2000S_PATTERN =
  '^(?:20[0-9]{2}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))|20(?:[02468][048]|[13579][26])-02-29)$';

/** A regular expression for the digit strings lo..hi of one length (suffixes may start with 0). */
function sameLength(lo: string, hi: string): string {
  if (lo.length === 0) return '';
  const rest = lo.length - 1;
  const any = rest === 0 ? '' : rest === 1 ? '[0-9]' : `[0-9]{${rest}}`;
  const digits = (a: string, b: string) => (a === b ? a : `[${a}-${b}]`);
  if (lo[0] === hi[0]) return lo[0] + sameLength(lo.slice(1), hi.slice(1));
  if (/^0*$/.test(lo.slice(1)) && /^9*$/.test(hi.slice(1))) return digits(lo[0]!, hi[0]!) + any;
  const parts = [lo[0] + sameLength(lo.slice(1), '9'.repeat(rest))];
  const a = Number(lo[0]) + 1;
  const b = Number(hi[0]) - 1;
  if (a <= b) parts.push(digits(String(a), String(b)) + any);
  parts.push(hi[0] + sameLength('0'.repeat(rest), hi.slice(1)));
  return `(?:${parts.join('|')})`;
}

/** Alternatives matching exactly the decimal numbers lo..hi (0 <= lo <= hi), without leading zeros. */
function rangeAlternatives(lo: number, hi: number): string[] {
  const out: string[] = [];
  for (let length = String(lo).length; length <= String(hi).length; length++) {
    const from = Math.max(lo, length === 1 ? 0 : 10 ** (length - 1));
    const to = Math.min(hi, 10 ** length - 1);
    out.push(sameLength(String(from), String(to)));
  }
  return out;
}

/** Whole numbers min..max written in digits: no blanks, leading zeros, exponent, plus sign or "-0". */
export function wholeNumberPattern(min: number, max: number): string {
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) throw new RangeError(`not a range of whole numbers: ${min}..${max}`);
  const alternatives: string[] = [];
  if (min < 0) alternatives.push(...rangeAlternatives(Math.max(1, -Math.min(max, -1)), -min).map((a) => `-${a}`));
  if (max >= 0) alternatives.push(...rangeAlternatives(Math.max(0, min), max));
  return `^(?:${alternatives.join('|')})$`;
}

const MONTH_DAY_ANY = '(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))';
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const monthLength = (y: number, m: number) => (m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);
const pad2 = (n: number) => String(n).padStart(2, '0');

/** Real calendar dates from..to inclusive (both YYYY-MM-DD, within years 1000-9999), e.g. "no later than today". */
export function dateRangePattern(from: string, to: string): string {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  const inYear = (y: number, m1: number, d1: number, m2: number, d2: number) => {
    const months: string[] = [];
    for (let m = m1; m <= m2; m++) {
      const lo = m === m1 ? d1 : 1;
      const hi = m === m2 ? d2 : monthLength(y, m);
      if (lo <= hi) months.push(`${pad2(m)}-${sameLength(pad2(lo), pad2(hi))}`);
    }
    return months.length === 0 ? [] : [`${y}-(?:${months.join('|')})`];
  };
  const alternatives: string[] = [];
  if (fy === ty) alternatives.push(...inYear(fy, fm, fd, tm, td));
  else {
    alternatives.push(...inYear(fy, fm, fd, 12, 31));
    if (fy + 1 <= ty - 1) {
      alternatives.push(`${sameLength(String(fy + 1), String(ty - 1))}-${MONTH_DAY_ANY}`);
      const leapYears: string[] = [];
      for (let y = fy + 1; y <= ty - 1; y++) if (isLeap(y)) leapYears.push(String(y));
      if (leapYears.length > 0) alternatives.push(`(?:${leapYears.join('|')})-02-29`);
    }
    alternatives.push(...inYear(ty, 1, 1, tm, td));
  }
  return `^(?:${alternatives.join('|')})$`;
}
