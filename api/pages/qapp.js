import { $, api, dateField, emptyState, field, form, lines, onSubmit, page, para, query, row, showNotice, table } from './client.js';

/** Lines of "key; owner; due date; description" become the minutes' actions. */
function parseActions(text) {
  return lines(text).map((line) => {
    const [key, owner, dueOn, ...rest] = line.split(';').map((s) => s.trim());
    return { key, owner, dueOn, ...(rest.length && rest.join(';') ? { description: rest.join(';') } : {}) };
  });
}

page(() => show(query('p') || 'LSCP'));

async function show(partnership, notice) {
  const data = await api('GET', `/api/qapp/${encodeURIComponent(partnership)}/meetings`);
  $('#title').textContent = `QAPP meetings of ${partnership}`;
  if (data.meetings.length === 0) {
    $('#content').replaceChildren(
      emptyState(`No QAPP meeting cycle runs for ${partnership} yet. Start it below: the engine then schedules each meeting, chases papers and the agenda, and waits for the minutes.`),
      startForm(partnership, data.today),
    );
    if (notice) showNotice(notice);
    return;
  }
  const due = data.meetings.filter((m) => m.state === 'awaiting-minutes' || (m.state === 'scheduled' && m.date <= data.today));
  $('#content').replaceChildren(
    table({
      caption: `Meetings as of ${data.today}`,
      head: ['No.', 'Date', 'Type', 'Purpose', 'Papers due', 'State', 'Open actions'],
      rows: data.meetings.map((m) => row({ 'data-meeting': m.id },
        String(m.seq), m.date, m.type, m.purpose, m.papersDueOn, m.state,
        m.actions.filter((a) => !a.completedOn).map((a) => `${a.key} (${a.owner}, due ${a.dueOn}${a.overdue ? ', overdue' : ''})`).join('; '))),
    }),
    due.length === 0 ? para(`No meeting is waiting for its minutes: the next is on ${data.meetings.find((m) => m.state === 'scheduled')?.date ?? 'a date not yet set'}, and its minutes can be recorded from that day.`) : minutesForm(partnership, due),
  );
  if (notice) showNotice(notice);
}

function startForm(partnership, today) {
  const f = form({
    id: 'qapp-start-form', legend: 'Start the QAPP meeting cycle', submit: 'Start the cycle',
    fields: [
      field({ name: 'partnership', label: 'Partnership code', hint: 'Upper-case letters and digits, e.g. WSCP', value: partnership, required: true }),
      field({ name: 'everyMonths', label: 'Meet every how many months', kind: 'number', value: '2', hint: 'Between 1 and 12' }),
      field({ name: 'dayOfMonth', label: 'Day of the month', kind: 'number', value: '10', hint: 'Between 1 and 31; a weekend or bank holiday moves to the next working day' }),
      dateField({ name: 'from', label: 'First meeting no earlier than', value: today }),
    ],
  });
  return onSubmit(
    f,
    ({ partnership: p, everyMonths, dayOfMonth, from }) => api('POST', '/api/qapp', { partnership: p, cadence: { everyMonths, dayOfMonth, from } }),
    async (r) => {
      history.replaceState(null, '', `/qapp?p=${encodeURIComponent(r.partnership)}`);
      // The cycle schedules its first meeting as it starts; the list shows it once the read model has it.
      for (let i = 0; i < 20; i++) {
        if ((await api('GET', `/api/qapp/${encodeURIComponent(r.partnership)}/meetings`)).meetings.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      await show(r.partnership, `The QAPP meeting cycle of ${r.partnership} has started.`);
    },
  );
}

function minutesForm(partnership, due) {
  const f = form({
    id: 'minutes-form', legend: 'Record minutes', submit: 'Record minutes',
    fields: [
      field({ name: 'meetingId', label: 'Meeting', kind: 'select', choices: due.map((m) => [m.id, `${m.seq}: ${m.date} (${m.purpose})`]) }),
      dateField({ name: 'heldOn', label: 'Held on', value: due[0].date }),
      field({ name: 'decisions', label: 'Decisions, one a line', kind: 'textarea' }),
      field({ name: 'actions', label: 'Actions, one a line: key; owner; due date (YYYY-MM-DD); description', kind: 'textarea', hint: 'The owner is an agency or role code, never a person, e.g. A1; police; 2027-02-01; refresh the escalation policy' }),
    ],
  });
  return onSubmit(
    f,
    ({ meetingId, heldOn, decisions, actions }) => api('POST', `/api/qapp/${encodeURIComponent(partnership)}/meetings/${encodeURIComponent(meetingId)}/minutes`, { heldOn, decisions: lines(decisions ?? ''), actions: parseActions(actions ?? '') }),
    () => show(partnership, 'Minutes recorded.'),
  );
}
