// The Executive Group's meeting cycle: its cadences, next meeting with the papers and agenda dates,
// open actions and meetings; the form offers what the case answer's allowedNext says the workflow
// accepts now, and a refusal shows the workflow's reason.
import { $, api, emptyState, field, form, heading, lines, onSubmit, page, para, postForm, query, row, showNotice, summaryList, table } from './client.js';

page(() => {
  const ref = query('ref');
  return ref ? show(ref) : $('#content').replaceChildren(emptyState('Open the Executive Group meeting cycle with its first meeting date; a date in the past records its history without reminders.'), startForm());
});

/** Lines of "id; owner; due date" become the meeting's actions. */
const parseActions = (text) => lines(text).map((line) => {
  const [id, owner, dueOn] = line.split(';').map((s) => s.trim());
  return { id, owner, dueOn };
});

async function show(ref, notice) {
  const cycle = await api('GET', `/api/executive-cycles/${encodeURIComponent(ref)}`);
  // allowedNext comes with the case answer, for the roles that may read cases; without it the page only shows.
  const asCase = await api('GET', `/api/cases/${encodeURIComponent(ref)}?live=true`).catch(() => ({ allowedNext: [] }));
  const next = cycle.nextMeeting;
  $('#title').textContent = `Executive Group meetings ${cycle.reference}`;
  $('#content').replaceChildren(
    summaryList([['Cadence now', cycle.stage.replace(/^meeting /, '')], ['Next meeting', next.meetingOn], ['Papers due', next.papersDueOn], ['Agenda due', next.agendaDueOn]]),
    heading('Open actions'),
    cycle.openActions.length === 0
      ? para('None open.')
      : table({ head: ['Action', 'Owner', 'Due', 'Agreed', ''], rows: cycle.openActions.map((a) => row({ 'data-action': a.actionId }, a.actionId, a.owner, a.dueOn, a.agreedAt, a.overdue ? 'Overdue: chased every 5 working days' : '')) }),
    table({ caption: 'Cadences', head: ['Pattern', 'From', 'Decided'], rows: cycle.cadences.map((c) => row({}, c.pattern, c.from, c.decidedOn)) }),
    table({ caption: 'Meetings recorded', head: ['Meeting', 'Agenda', 'Held', 'Decisions', 'Actions'], rows: cycle.meetings.map((m) => row({ 'data-meeting': m.meetingOn }, m.meetingOn, m.agendaIssuedOn, m.heldOn, m.decisionsRecordedOn, m.actionsAgreedOn)) }),
    ...asCase.allowedNext.map((a) => milestoneForm(ref, a)),
  );
  if (notice) showNotice(notice);
}

function milestoneForm(ref, allowed) {
  const fields = allowed.fields.map((f) =>
    f.name === 'actions'
      ? field({ name: 'actions', label: 'Actions, one a line: id; owner; due date (YYYY-MM-DD)', kind: 'textarea', hint: 'The owner is an agency or role code, never a person, e.g. E3; police; 2027-02-01', required: f.required })
      : field({ name: f.name, label: f.label, kind: f.kind === 'choice' ? 'select' : f.kind === 'date' ? 'date' : f.name === 'decisions' || f.name === 'note' ? 'textarea' : 'text', hint: f.rule, required: f.required, choices: f.choices, value: f.choices?.at(-1) }),
  );
  const f = form({ id: `form-${allowed.milestone}`, legend: allowed.label, submit: allowed.label, fields: [para(allowed.why), ...fields] });
  return onSubmit(
    f,
    (body) => api('POST', `/api/executive-cycles/${encodeURIComponent(ref)}/milestones`, { ...body, milestone: allowed.milestone, ...(body.actions ? { actions: parseActions(body.actions) } : {}) }),
    () => show(ref, `${allowed.label}: recorded.`),
  );
}

function startForm() {
  return postForm({
    id: 'executive-start-form', legend: 'Open the meeting cycle', submit: 'Open the cycle',
    send: (body) => api('POST', '/api/executive-cycles', body),
    then: async (r) => {
      history.replaceState(null, '', `/executive-cycle?ref=${encodeURIComponent(r.reference)}`);
      await show(r.reference, `The Executive Group meeting cycle ${r.reference} is open.`);
    },
  });
}
