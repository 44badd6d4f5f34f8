import { $, api, choicesOf, el, emptyState, field, formBody, heading, lines, link, page, postForm, row, statusTag, table } from './client.js';

const STATUS_FILTER = [['', 'All'], ['overdue', 'Overdue'], ['due-today', 'Due today'], ['at-risk', 'At risk'], ['on-hold', 'On hold'], ['on-track', 'On track'], ['no-deadline', 'All returns in'], ['closed', 'Closed']];
const SORTS = [['returns-due', 'Returns due, soonest first'], ['reference', 'Reference, A to Z']];

/** Lines of "code; name; mailbox" become the audit's participants. */
function parseParticipants(text) {
  return lines(text).map((line) => {
    const [id, label, address] = line.split(';').map((s) => s.trim());
    return { id, label: label || id, ...(address ? { address } : {}) };
  });
}

page(async () => {
  const params = new URLSearchParams(location.search);
  const filters = el('form', { class: 'filters', id: 'filters' },
    field({ name: 'type', label: 'Kind of audit', kind: 'select', choices: [['', 'All'], ...choicesOf('audit-form', 'type').map((t) => [t, t])], value: params.get('type') ?? '', attrs: { id: 'f-type' } }),
    field({ name: 'status', label: 'Status', kind: 'select', choices: STATUS_FILTER, value: params.get('status') ?? '', attrs: { id: 'f-status' } }),
    field({ name: 'sort', label: 'Sort by', kind: 'select', choices: SORTS, value: params.get('sort') ?? 'returns-due', attrs: { id: 'f-sort' } }),
    el('div', { class: 'govuk-form-group' }, el('button', { type: 'submit', class: 'govuk-button govuk-button--secondary', text: 'Filter' })));
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams(Object.entries(formBody(filters)).filter(([, v]) => v !== ''));
    history.replaceState(null, '', `/audits?${q}`);
    void loadAudits(q);
  });
  $('#content').replaceChildren(filters, el('div', { id: 'audits-table' }), heading('Start an audit'), startForm());
  await loadAudits(params);
});

async function loadAudits(params) {
  const q = new URLSearchParams(params);
  q.set('limit', '50');
  const data = await api('GET', `/api/audits?${q}`);
  const filtered = ['type', 'status', 'cursor'].some((k) => params.get(k));
  if (data.audits.length === 0 && !filtered) {
    $('#audits-table').replaceChildren(emptyState('No audit has been started yet. Start one below: name the agencies that owe a return and the date returns are due; each agency is reminded before and after that date.'));
    return;
  }
  const next = new URLSearchParams(params);
  if (data.nextCursor) next.set('cursor', data.nextCursor);
  $('#audits-table').replaceChildren(
    table({
      caption: `Audits, as of ${data.today}`,
      head: ['Reference', 'Type', 'Stage', 'Status', 'Returns in', 'Returns due', 'Overdue returns', 'Overdue actions'],
      id: 'audits',
      rows: data.audits.length === 0
        ? [row({}, 'No audit matches these filters.')]
        : data.audits.map((a) => row({ 'data-reference': a.reference },
          link(`/audit?ref=${encodeURIComponent(a.reference)}`, a.reference), `${a.type}${a.theme ? ` (${a.theme})` : ''}`, a.stage, statusTag(a.status),
          `${a.returnRate.returned} of ${a.returnRate.total} (${a.returnRate.percent}%)`, a.returnsDueOn, String(a.returnsOverdue), String(a.overdueActions))),
    }),
    data.nextCursor ? el('nav', { class: 'govuk-pagination', 'aria-label': 'Pages of audits' }, el('div', { class: 'govuk-pagination__next' }, el('a', { class: 'govuk-link govuk-pagination__link', href: `/audits?${next}`, rel: 'next', text: 'Next page' }))) : '',
  );
}

function startForm() {
  return postForm({
    id: 'audit-form', legend: 'A new audit', submit: 'Start the audit',
    send: ({ participants, ...body }) => api('POST', '/api/audits', { ...body, participants: parseParticipants(participants ?? '') }),
    then: (a) => { location.href = `/audit?ref=${encodeURIComponent(a.reference)}`; },
  });
}
