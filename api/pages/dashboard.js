import { $, ApiError, api, el, emptyState, field, formBody, link, page, para, row, statusTag, table } from './client.js';

const STATUS_FILTER = [['', 'All'], ['overdue', 'Overdue'], ['due-today', 'Due today'], ['at-risk', 'At risk'], ['on-hold', 'On hold'], ['publication-deferred', 'Publication deferred'], ['on-track', 'On track']];

page(async () => {
  const params = new URLSearchParams(location.search);
  const filters = el('form', { class: 'filters', id: 'filters' },
    ...['process', 'stage', 'owner'].map((name) => field({ name, label: name[0].toUpperCase() + name.slice(1), kind: 'select', choices: [['', 'All']], attrs: { id: `f-${name}` } })),
    field({ name: 'status', label: 'Status', kind: 'select', choices: STATUS_FILTER, value: params.get('status') ?? '', attrs: { id: 'f-status' } }),
    el('div', { class: 'govuk-form-group' }, el('button', { type: 'submit', class: 'govuk-button govuk-button--secondary', text: 'Filter' })));
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams(Object.entries(formBody(filters)));
    history.replaceState(null, '', `/?${q}`);
    void loadItems(q);
  });
  $('#content').replaceChildren(
    el('section', { 'aria-labelledby': 'figures-heading' }, el('h2', { class: 'govuk-heading-m', id: 'figures-heading', text: 'This year' }), el('ul', { class: 'figures', id: 'figures' }, el('li', { text: 'Loading…' }))),
    el('section', { 'aria-labelledby': 'items-heading' }, el('h2', { class: 'govuk-heading-m', id: 'items-heading', text: 'Open cases, audits and actions, most urgent first' }), filters, el('div', { id: 'items-table' })),
  );
  await Promise.all([loadItems(params), loadFigures()]);
});

async function loadItems(params) {
  const data = await api('GET', `/api/dashboard?${params}`);
  for (const name of ['process', 'stage', 'owner']) {
    const current = params.get(name) || '';
    $(`#f-${name}`).replaceChildren(el('option', { value: '', text: 'All' }), ...data.facets[name].map((v) => el('option', { value: v, text: v, selected: v === current })));
  }
  if (data.total === 0 && [...params.keys()].length === 0) {
    $('#items-table').replaceChildren(emptyState('Nothing is open yet.', para(link('/incident', 'Record an incident'), ' to start a rapid review, ', link('/practice-review', 'start a practice review'), ', or ', link('/qapp', 'start the QAPP meeting cycle'), '.')));
    return;
  }
  const shown = data.items.length < data.total ? `, the ${data.items.length} most urgent shown` : '';
  $('#items-table').replaceChildren(table({
    caption: `${data.total} item${data.total === 1 ? '' : 's'} on ${data.today}${shown}, most urgent first`,
    head: ['Reference', 'Process', 'Stage', 'Owner', 'Next deadline', 'Status', 'Working days'],
    id: 'items-list',
    rows: data.items.length === 0
      ? [row({}, 'Nothing open matches these filters.')]
      : data.items.map((i) => row({ 'data-reference': i.reference },
        i.kind === 'case' ? link(`/case?ref=${encodeURIComponent(i.reference)}`, i.reference) : i.kind === 'audit' ? link(`/audit?ref=${encodeURIComponent(i.reference)}`, i.reference) : i.reference,
        i.process, i.stage, i.owner,
        i.next ? [el('span', { text: `${i.next.title}: ${i.next.due}` }), i.next.statutoryDuePassed && i.status === 'on-hold' ? el('div', { class: 'govuk-hint', text: 'statutory date passed while on hold' }) : null] : '—',
        statusTag(i.status),
        i.next ? (i.next.workingDaysRemaining < 0 ? `${-i.next.workingDaysRemaining} overdue` : `${i.next.workingDaysRemaining} left`) : '')),
  }));
  $('#items-table tbody').id = 'items';
}

async function loadFigures() {
  try {
    const r = await api('GET', '/api/reports/annual');
    const f = r.figures;
    const items = [
      ['Rapid reviews', f.rapidReviews],
      ['Completed within 15 working days', f.rapidReviewsWithin15WorkingDays === null ? 'n/a' : `${f.rapidReviewsWithin15WorkingDaysShare}%`],
      ['LCSPRs commissioned', f.lcsprsCommissioned],
      ['LCSPRs in progress', f.lcsprsInProgress],
      ['LCSPRs on hold in the period', `${f.lcsprsPaused} (${f.workingDaysPaused} working days within it)`],
      ['LCSPRs published', f.lcsprsPublished],
      ...Object.entries(f.timeliness ?? {}).map(([rule, t]) => [`${rule} in time (${t.title})`, t.withinTimePercent === null ? 'n/a' : `${t.met} of ${t.met + t.metLate}, ${t.withinTimePercent}%`]),
      ['Audits completed', f.auditsCompleted],
      ['Section 175 return rate', f.section175ReturnRate === null ? 'n/a' : `${f.section175ReturnRate}%`],
    ];
    $('#figures').replaceChildren(...items.map(([label, value]) => el('li', {}, el('strong', { text: value }), label)));
    $('#figures-heading').textContent = `${r.period.from} to ${r.period.to}`;
  } catch (err) {
    $('#figures').replaceChildren(el('li', { text: err instanceof ApiError && err.status === 403 ? 'Figures are for the executive and chairs.' : 'Figures unavailable.' }));
  }
}
