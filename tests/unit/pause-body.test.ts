import { PauseBody } from '../../domain/schemas';

const hold = { from: '2027-02-01', reason: 'inquest' } as const;
const refusal = (body: object) => {
  const r = PauseBody.safeParse(body);
  return r.success ? undefined : r.error.issues.map((i) => [i.path.join('.'), i.message]);
};

test.each([
  ['a hold that goes on names when it is expected to end', { ...hold, expectedResumeOn: '2027-04-01' }, undefined],
  ['a hold already over names the day it ended instead', { ...hold, resumedOn: '2027-03-01' }, undefined],
  ['neither: the expected end is asked for', hold, [['expectedResumeOn', 'required unless resumedOn (the end of a hold already over) is given']]],
  ['both: one is refused', { ...hold, expectedResumeOn: '2027-04-01', resumedOn: '2027-03-01' }, [['resumedOn', 'give expectedResumeOn (a hold that goes on) or resumedOn (a hold already over), not both']]],
  ['a malformed end date is named', { ...hold, resumedOn: '2027-13-01' }, [['resumedOn', 'must be a real calendar date written YYYY-MM-DD']]],
])('%s', (_name, body, expected) => {
  expect(refusal(body)).toEqual(expected);
});
