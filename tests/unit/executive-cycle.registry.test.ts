/**
 * The Executive Group cycle's view and its entry in the process registry (domain/executive-cycle.ts),
 * from which its routes, access rule, OpenAPI entries and page are generated: every field word for
 * word, the workflow's argument built from a start body, and the documented view's schema accepting
 * the view and refusing what lacks a field.
 */
import { buildCalendar, type WorkingCalendar } from '../../domain/calendar';
import {
  EXECUTIVE_CYCLE_PROCESS,
  ExecutiveMilestoneBody,
  StartExecutiveCycleBody,
  executiveCycleView,
  executiveMilestoneKey,
  type ExecutiveCycleStatus,
} from '../../domain/executive-cycle';
import type { StartContext } from '../../domain/processes';

const status = (over: Partial<ExecutiveCycleStatus> = {}): ExecutiveCycleStatus => ({
  reference: 'WSCPEX-2019-01',
  stage: 'meeting two-weekly',
  state: 'open',
  today: '2020-04-15',
  openedOn: '2019-10-01',
  cadences: [{ pattern: 'monthly', from: '2019-10-16', decidedOn: '2019-09-30' }],
  nextMeeting: { meetingOn: '2020-04-24', papersDueOn: '2020-04-17', agendaDueOn: '2020-04-21' },
  meetings: [{ meetingOn: '2020-04-14', heldOn: '2020-04-14' }],
  openActions: [{ actionId: 'E2', owner: 'health', dueOn: '2020-06-01', agreedAt: '2020-04-14', overdue: false }],
  completedActions: [{ actionId: 'E1', owner: 'police', dueOn: '2020-05-01', agreedAt: '2020-04-14', completedOn: '2020-04-30' }],
  deadlines: [],
  revision: 7,
  allowedNext: [],
  ...over,
});

const shape = () => EXECUTIVE_CYCLE_PROCESS.shape;
const started = () => EXECUTIVE_CYCLE_PROCESS.shape.startedOnItsOwn;

describe('the view the API answers', () => {
  test('every field of the cycle but its deadlines, revision and allowed next steps; no reminder due is null', () => {
    const s = status();
    expect(executiveCycleView(s)).toStrictEqual({
      reference: 'WSCPEX-2019-01',
      stage: 'meeting two-weekly',
      state: 'open',
      today: '2020-04-15',
      openedOn: '2019-10-01',
      cadences: s.cadences,
      nextMeeting: s.nextMeeting,
      meetings: s.meetings,
      openActions: s.openActions,
      completedActions: s.completedActions,
      nextReminderAt: null,
    });
  });

  test('the next reminder when one is due', () => {
    expect(executiveCycleView(status({ nextReminderAt: '2020-04-15T08:00:00.000Z' })).nextReminderAt).toBe('2020-04-15T08:00:00.000Z');
  });
});

describe('the registry entry, word for word', () => {
  test('the process', () => {
    expect({ ...EXECUTIVE_CYCLE_PROCESS, shape: undefined }).toEqual({
      title: 'Executive Group meeting cycle',
      owner: 'executive',
      previewRules: [],
      finishDeadline: 'none',
      milestones: ['cadence-changed', 'agenda-issued', 'meeting-held', 'decisions-recorded', 'actions-agreed', 'action-completed'],
    });
  });

  test('its milestones: body, free text, who records them, timeline key, view, and the update running cycles answer to', () => {
    expect(shape().milestoneBody).toBe(ExecutiveMilestoneBody);
    expect(shape().freeText).toEqual({ field: 'decisions', label: 'Decisions' });
    expect(shape().milestoneRoles).toEqual(['admin', 'executive']);
    expect(shape().timelineKey).toBe(executiveMilestoneKey);
    expect(shape().view).toBe(executiveCycleView);
    expect(shape().recordMilestoneUpdate).toBe('recordExecutiveMilestone');
  });

  test('started on its own: its collection, tag, body, summaries and page', () => {
    const { body, ...rest } = started()!;
    delete (rest as Partial<typeof rest>).input;
    delete (rest as Partial<typeof rest>).viewSchema;
    expect(body).toBe(StartExecutiveCycleBody);
    expect(rest).toEqual({
      path: 'executive-cycles',
      tag: 'executive group',
      summaries: {
        start: "Start the Executive Group's meeting cycle (monthly or two-weekly; may start in the past)",
        read: 'The cycle live: cadences, next meeting with its papers and agenda dates, meetings, open actions',
        milestone:
          'Record an agenda, a meeting held, its decisions (kept in the protected note) or actions, a completed action, or a cadence change (refused with 409 and a reason when out of order)',
      },
      page: { path: '/executive-cycle', title: 'Executive Group meetings', heading: 'Executive Group meetings', script: 'executive-cycle.js', nav: 'Executive Group', forms: { 'executive-start-form': expect.any(Function) } },
    });
  });

  test("its page's start form: the body's fields in its words", () => {
    expect(started()!.page!.forms!['executive-start-form']!()).toEqual([
      { name: 'reference', label: 'Reference', hint: 'e.g. WSCPEX-2019-01', kind: 'text', required: true },
      { name: 'pattern', label: 'Cadence', kind: 'select', required: true, choices: [['monthly', 'Monthly'], ['two-weekly', 'Two-weekly']] },
      { name: 'firstMeetingOn', label: 'First meeting', hint: 'A weekend or bank holiday moves to the next working day', kind: 'date', required: true },
    ]);
  });
});

describe("the workflow's argument from a start body", () => {
  const body = { reference: 'WSCPEX-2019-01', pattern: 'two-weekly', firstMeetingOn: '2020-03-27' };
  const calendar = (): WorkingCalendar => buildCalendar([{ date: '2020-04-10', title: 'Good Friday' }]);

  test('the reference, cadence, first meeting and the app’s calendar; reminders at the ladder’s local time', () => {
    const ctx: StartContext = { calendar, ladder: { steps: [], weeklyAfterWorkingDays: 0, escalateFromWorkingDays: 5, maxWeeklyRepeats: 0, localTime: '08:30' } };
    expect(started()!.input(body, ctx)).toStrictEqual({ reference: 'WSCPEX-2019-01', pattern: 'two-weekly', firstMeetingOn: '2020-03-27', calendar: calendar(), reminderLocalTime: '08:30' });
  });

  test('without a ladder, no reminder time: the workflow keeps its default', () => {
    expect(started()!.input(body, { calendar })).toStrictEqual({ reference: 'WSCPEX-2019-01', pattern: 'two-weekly', firstMeetingOn: '2020-03-27', calendar: calendar() });
  });
});

describe('the documented view', () => {
  const view = () => executiveCycleView(status()) as Record<string, unknown>;
  const parse = (v: unknown) => started()!.viewSchema.safeParse(v);

  test('accepts the view, keeping every field, also those it does not name', () => {
    const parsed = parse({ ...view(), extra: 1 });
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual({ ...view(), extra: 1 });
  });

  test.each([
    ['reference', 'reference', (v: Record<string, unknown>) => ({ ...v, reference: 1 })],
    ['stage', 'stage', (v: Record<string, unknown>) => ({ ...v, stage: undefined })],
    ['cadences', 'cadences', (v: Record<string, unknown>) => ({ ...v, cadences: {} })],
    ['a cadence', 'cadences.0', (v: Record<string, unknown>) => ({ ...v, cadences: ['monthly'] })],
    ['nextMeeting', 'nextMeeting', (v: Record<string, unknown>) => ({ ...v, nextMeeting: undefined })],
    ['nextMeeting.meetingOn', 'nextMeeting.meetingOn', (v: Record<string, unknown>) => ({ ...v, nextMeeting: { papersDueOn: '2020-04-17', agendaDueOn: '2020-04-21' } })],
    ['nextMeeting.papersDueOn', 'nextMeeting.papersDueOn', (v: Record<string, unknown>) => ({ ...v, nextMeeting: { meetingOn: '2020-04-24', agendaDueOn: '2020-04-21' } })],
    ['nextMeeting.agendaDueOn', 'nextMeeting.agendaDueOn', (v: Record<string, unknown>) => ({ ...v, nextMeeting: { meetingOn: '2020-04-24', papersDueOn: '2020-04-17' } })],
    ['meetings', 'meetings', (v: Record<string, unknown>) => ({ ...v, meetings: undefined })],
    ['a meeting', 'meetings.0', (v: Record<string, unknown>) => ({ ...v, meetings: [null] })],
    ['openActions', 'openActions', (v: Record<string, unknown>) => ({ ...v, openActions: 'none' })],
    ['an open action', 'openActions.0', (v: Record<string, unknown>) => ({ ...v, openActions: [3] })],
  ])('refuses a view whose %s is missing or of the wrong kind', (_what, path, spoil) => {
    const parsed = parse(spoil(view()));
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.'))).toEqual([path]);
  });

  test('each listed cadence, meeting and action keeps its fields', () => {
    const parsed = parse(view());
    expect((parsed.data as Record<string, unknown>)['cadences']).toEqual([{ pattern: 'monthly', from: '2019-10-16', decidedOn: '2019-09-30' }]);
    expect((parsed.data as Record<string, unknown>)['meetings']).toEqual([{ meetingOn: '2020-04-14', heldOn: '2020-04-14' }]);
    expect((parsed.data as Record<string, unknown>)['openActions']).toEqual([{ actionId: 'E2', owner: 'health', dueOn: '2020-06-01', agreedAt: '2020-04-14', overdue: false }]);
  });
});
