import { $, api, dateField, emptyState, field, form, heading, lines, link, onSubmit, page, row, table } from './client.js';

const AUDIT_TYPES = ['case-file', 'section-11', 'section-175', 'learning-embedded', 'service-user-feedback'];

/** Lines of "code; name; mailbox" become the audit's participants. */
function parseParticipants(text) {
  return lines(text).map((line) => {
    const [id, label, address] = line.split(';').map((s) => s.trim());
    return { id, label: label || id, ...(address ? { address } : {}) };
  });
}

page(async () => {
  const data = await api('GET', '/api/audits');
  $('#content').replaceChildren(
    data.audits.length === 0
      ? emptyState('No audit has been started yet. Start one below: name the agencies that owe a return and the date returns are due; each agency is reminded before and after that date.')
      : table({
        caption: `Audits by returns due date, as of ${data.today}`,
        head: ['Reference', 'Type', 'Stage', 'Returns in', 'Returns due', 'Overdue returns', 'Overdue actions'],
        id: 'audits',
        rows: data.audits.map((a) => row({ 'data-reference': a.reference },
          link(`/audit?ref=${encodeURIComponent(a.reference)}`, a.reference), `${a.type}${a.theme ? ` (${a.theme})` : ''}`, a.stage,
          `${a.returnRate.returned} of ${a.returnRate.total} (${a.returnRate.percent}%)`, a.returnsDueOn, String(a.returnsOverdue), String(a.overdueActions))),
      }),
    heading('Start an audit'),
    startForm(),
  );
});

function startForm() {
  const f = form({
    id: 'audit-form', legend: 'A new audit', submit: 'Start the audit',
    fields: [
      field({ name: 'reference', label: 'Audit reference', hint: 'Letters, the year and an optional suffix, e.g. S175-2027 or CFA-2027-NEGLECT', required: true }),
      field({ name: 'type', label: 'Type', kind: 'select', choices: AUDIT_TYPES }),
      field({ name: 'theme', label: 'Theme (optional)', hint: 'A short lower-case topic, e.g. neglect' }),
      field({ name: 'participants', label: 'Agencies that owe a return, one a line', kind: 'textarea', hint: 'code; name; mailbox (optional), e.g. police; Police; audits@police.example', required: true }),
      dateField({ name: 'returnsDueOn', label: 'Returns due by', hint: 'After today' }),
    ],
  });
  return onSubmit(f, ({ participants, ...body }) => api('POST', '/api/audits', { ...body, participants: parseParticipants(participants ?? '') }), (a) => { location.href = `/audit?ref=${encodeURIComponent(a.reference)}`; });
}
