/**
 * An audit's stages, returns and action completions on the shared milestone engine
 * (domain/milestones.ts): what the audit says can happen next is what its validator accepts, at every
 * step of every template, and the engine's skeleton speaks in the audit's own words.
 */
import { AUDIT_MILESTONES, AUDIT_TEMPLATES, AUDIT_TYPES, SECTION_11_STANDARDS, auditAllowedNext, milestoneRefusal, type AuditFacts, type AuditType, type RecordedAuditMilestone } from '../../domain/audits';
import { stateRefusal, type MilestoneProcess } from '../../domain/milestones';
import { meetingActionRefusal } from '../../domain/qapp-cycle';

const TODAY = '2027-03-01';

function facts(type: AuditType, milestones: RecordedAuditMilestone[]): AuditFacts {
  return {
    reference: 'CFA-2027',
    type,
    openedOn: '2027-01-04',
    participants: new Map([['police', { id: 'police', label: 'Police' }]]),
    returns: new Map(),
    milestones,
    actions: [],
    standards: type === 'section-11' ? [...SECTION_11_STANDARDS] : [],
  };
}

const plan = [{ key: 'A1', owner: 'police', dueOn: TODAY }];

// The template is read inside the test, not in a describe body: code run at load is static to mutation testing.
test.each(AUDIT_TYPES)('%s: allowedNext is what the validator accepts, after each number of stages', (type) => {
  const stages = AUDIT_TEMPLATES[type].milestones;
  for (let done = 0; done <= stages.length; done++) {
    const recorded = stages.slice(0, done).map((milestone) => ({ milestone, occurredOn: '2027-02-01', recordedBy: 'x' }));
    const f = facts(type, recorded);
    const allowed = auditAllowedNext(f, TODAY).map((a) => a.milestone);
    expect([done, allowed]).toEqual([done, stages.slice(done, done + 1)]);
    for (const milestone of AUDIT_MILESTONES) {
      const refusal = milestoneRefusal(f, { milestone, occurredOn: TODAY, ...(milestone === 'action-plan-agreed' ? { actions: plan } : {}) }, TODAY);
      expect([done, milestone, refusal === undefined]).toEqual([done, milestone, allowed.includes(milestone)]);
    }
  }
});

test('the next stage says what it follows and the earliest date it may carry', () => {
  const [next] = auditAllowedNext(facts('section-175', [{ milestone: 'returns-closed', occurredOn: '2027-02-01', recordedBy: 'x' }]), TODAY);
  expect(next).toEqual({ milestone: 'findings-agreed', title: 'Findings agreed', why: "follows 'returns-closed', recorded", notBefore: '2027-02-01' });
});

test("a process's own wording replaces the engine's, and only where it says so", () => {
  const process: MilestoneProcess<'a' | 'b'> = {
    rules: { a: { title: 'A', after: [] }, b: { title: 'B', after: ['a'] } },
    recorded: [],
    closed: () => undefined,
    dateRefusal: () => undefined,
  };
  expect([stateRefusal(process, 'b'), stateRefusal(process, 'c' as 'a')]).toEqual(["'b' cannot be recorded before 'a'", "unknown milestone 'c'"]);
  const worded = { ...process, wording: { outOfOrder: (m: string) => `first ${m}'s turn` } };
  expect([stateRefusal(worded, 'b'), stateRefusal(worded, 'c' as 'a')]).toEqual(["first b's turn", "unknown milestone 'c'"]);
});

test("a QAPP meeting's action and an audit's action are completed by the one rule, each in its own words", () => {
  const open = { key: 'M1:A1', meetingDate: '2027-02-01' };
  expect([
    meetingActionRefusal(undefined, 'M1:A9', '2027-02-02', TODAY),
    meetingActionRefusal({ ...open, completedOn: '2027-02-03' }, 'M1:A1', '2027-02-04', TODAY),
    meetingActionRefusal(open, 'M1:A1', '2027-03-02', TODAY),
    meetingActionRefusal(open, 'M1:A1', '2027-01-31', TODAY),
    meetingActionRefusal(open, 'M1:A1', '2027-02-01', TODAY),
  ]).toEqual([
    "no open action 'M1:A9'",
    "action 'M1:A1' was already completed on 2027-02-03",
    'completedOn 2027-03-02 is in the future (today is 2027-03-01)',
    'completedOn 2027-01-31 is before the meeting that agreed it (2027-02-01)',
    undefined,
  ]);
});
