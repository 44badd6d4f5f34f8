/**
 * The QAPP cycle's update rules, out of its validators (issue 15): cycles begun before issue 17 keep
 * their first rules (ORIGINAL_CYCLE_RULES, minutesRefusal with `original`), word for word as their
 * validators refused before; cycles since judge by the effective-date rules.
 */
import { ORIGINAL_CYCLE_RULES, minutesRefusal, resumeRefusal, suspensionRefusal } from '../../domain/qapp-cycle';
import { minutesFacts, minutesMeeting, minutesPatterns, minutesToday } from '../support/qapp-minutes';

const today = minutesToday;
const patterns = minutesPatterns;
const meeting = minutesMeeting;
const facts = minutesFacts;
const multiAgencyLaunch = { reference: 'CFA-2020-NEGLECT', multiAgency: true, participants: 4, returnsDueOn: '2020-05-20' };

describe('a cycle begun before issue 17 keeps its first rules', () => {
  test.each([
    ['a second suspension', ORIGINAL_CYCLE_RULES.suspension({ reason: 'COVID-19', from: '2020-03-23' }, { from: '2020-03-20' }, today), 'audit activity is already suspended (since 2020-03-20)'],
    ['a suspension without a reason', ORIGINAL_CYCLE_RULES.suspension({ reason: '  ', from: '2020-03-23' }, undefined, today), 'a reason of 1 to 200 characters is required'],
    ['a suspension dated in the future', ORIGINAL_CYCLE_RULES.suspension({ reason: 'COVID-19', from: '2020-04-21' }, undefined, today), 'from 2020-04-21 is in the future (today is 2020-04-20)'],
    ['a suspension today', ORIGINAL_CYCLE_RULES.suspension({ reason: 'COVID-19', from: today }, undefined, today), undefined],
    ['a resumption with nothing suspended', ORIGINAL_CYCLE_RULES.resumption(today, undefined, today), 'audit activity is not suspended'],
    ['a resumption before the suspension', ORIGINAL_CYCLE_RULES.resumption('2020-03-01', { from: '2020-03-23' }, today), 'on must be between 2020-03-23 and today 2020-04-20'],
    ['a resumption on the day it began', ORIGINAL_CYCLE_RULES.resumption('2020-03-23', { from: '2020-03-23' }, today), undefined],
    ['a stop', ORIGINAL_CYCLE_RULES.stop(), 'this cycle began before cycles could be stopped: start a new one'],
  ])('%s', (_, refusal, expected) => {
    expect(refusal).toBe(expected);
  });

  test('minutes: a meeting with minutes missing takes them only since issue 17', () => {
    const missing = facts({ meeting: { ...meeting, state: 'minutes-missing' } });
    expect(minutesRefusal({ ...missing, original: { suspendedSince: undefined } }, today, patterns)).toBe('meeting WSCP-M4 is minutes-missing: minutes are recorded once, after it is held');
    expect(minutesRefusal(missing, today, patterns)).toBeUndefined();
  });

  test('minutes: a launch is barred by the suspension in force now, or since issue 17 by one in force on the meeting day', () => {
    const launch = facts({ launches: [multiAgencyLaunch] });
    expect(minutesRefusal({ ...launch, original: { suspendedSince: '2020-03-23' } }, today, patterns)).toBe('multi-agency audit activity is suspended (since 2020-03-23): CFA-2020-NEGLECT cannot be launched');
    expect(minutesRefusal({ ...launch, original: { suspendedSince: undefined } }, today, patterns)).toBeUndefined();
    expect(minutesRefusal({ ...launch, suspended: (day) => day >= '2020-04-01' }, today, patterns)).toBe('multi-agency audit activity is suspended on 2020-04-15: CFA-2020-NEGLECT cannot be launched');
    expect(minutesRefusal({ ...launch, suspended: (day) => day >= '2020-04-16' }, today, patterns)).toBeUndefined();
  });
});

describe('since issue 17 a control may be dated in the past', () => {
  test('a suspension and a resumption dated before today', () => {
    expect(suspensionRefusal({ reason: 'COVID-19', from: '2020-03-23' }, [], undefined)).toBeUndefined();
    expect(resumeRefusal('2020-04-01', [{ from: '2020-03-23', reason: 'COVID-19' }], undefined)).toBeUndefined();
    expect(suspensionRefusal({ reason: 'COVID-19', from: '2020-03-23' }, [], '2020-04-15')).toBe('a suspension from 2020-03-23 would re-plan meetings already minuted (the last on 2020-04-15): date it on or after 2020-04-15');
  });
});
