/**
 * Date cases found by mutation testing (npm run test:mutation). The characters either side of the
 * digits in ASCII ('/' before '0', ':' after '9') are not digits: '2021-01-0:' read as a digit
 * would be 10 January.
 */
import { isIsoDate } from '../../domain/dates';

describe('digits', () => {
  it('only 0 to 9 are digits in a date', () => {
    expect(['2021-01-0:', '2:21-01-05', '2021-0:-01', '2021-01-1/'].map(isIsoDate)).toEqual([false, false, false, false]);
    expect(['2021-01-09', '2021-09-01', '2029-01-01', '2021-01-10'].map(isIsoDate)).toEqual([true, true, true, true]);
  });
});
