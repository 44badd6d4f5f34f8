import { $, ApiError, api, clearMessage, el, emptyState, heading, link, page, para, row, showError, summaryList, table } from './client.js';

// The tracker import (issue 12): a dry run first, which creates nothing and lists every problem by
// row and column; then the import itself, whose report says what was created and what was refused.
const OUTCOME_TEXT = {
  created: 'Created', 'would-create': 'Would be created', unchanged: 'Imported before: left as it is',
  refused: 'Refused: see its problems', 'not-started': 'Saved, not started: import the file again',
};

page(() => {
  const input = el('input', { class: 'govuk-file-upload', id: 'tracker', name: 'tracker', type: 'file', accept: '.csv,text/csv,.json,application/json', 'aria-describedby': 'tracker-hint' });
  const f = el('form', { id: 'import-form', novalidate: true },
    el('div', { class: 'govuk-form-group' },
      el('label', { class: 'govuk-label govuk-label--m', for: 'tracker', text: 'Tracker file' }),
      el('div', { class: 'govuk-hint', id: 'tracker-hint', text: "A CSV file in the template's columns, or the same rows as JSON. Check it first: a check creates nothing and sends no email." }),
      input),
    el('div', { class: 'govuk-button-group' },
      el('button', { type: 'submit', class: 'govuk-button', 'data-module': 'govuk-button', value: 'check', text: 'Check the file' }),
      el('button', { type: 'submit', class: 'govuk-button govuk-button--secondary', 'data-module': 'govuk-button', value: 'import', text: 'Import the cases' })));
  const report = el('div', { id: 'report' }, emptyState('No file checked yet.',
    para('Start from the template: the first row of the ', el('a', { class: 'govuk-link', href: '/tracker-template.csv', download: 'tracker.csv', text: 'sample tracker (CSV)' }),
      ' names every column, and its rows show every stage, hold and outcome. The columns are described in the README under ', el('strong', { text: 'Bringing your cases in' }), '.')));
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    const dryRun = e.submitter?.value !== 'import';
    try {
      const body = await trackerBody(input.files?.[0]);
      clearMessage();
      report.replaceChildren(reportOf(await api('POST', '/api/imports', { dryRun, ...body })));
      $('#report-title').focus();
    } catch (err) {
      showError(err, f);
    }
  });
  $('#content').replaceChildren(f, report);
});

/** The file as the API's body: CSV as text, JSON as its rows (an array, or `{ cases }`). */
async function trackerBody(file) {
  const refuse = (rule) => new ApiError(400, { detail: 'The tracker file cannot be read.', errors: [{ field: 'tracker', rule }] });
  if (!file) throw refuse('select a CSV or JSON file');
  const text = await file.text();
  if (!/\.json$/i.test(file.name) && file.type !== 'application/json') return { csv: text };
  let data;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw refuse(`must be valid JSON (${err.message})`);
  }
  return { cases: Array.isArray(data) ? data : data?.cases };
}

function reportOf(r) {
  const changed = !r.dryRun && (r.created > 0 || r.notStarted > 0);
  const banner = el('div', { class: `govuk-notification-banner${changed ? ' govuk-notification-banner--success' : ''}`, role: 'region', 'aria-labelledby': 'report-banner-title' },
    el('div', { class: 'govuk-notification-banner__header' }, el('h2', { class: 'govuk-notification-banner__title', id: 'report-banner-title', text: r.dryRun ? 'Check only' : 'Import' })),
    el('div', { class: 'govuk-notification-banner__content' }, el('p', { class: 'govuk-notification-banner__heading', id: 'report-title', tabindex: '-1', 'data-testid': 'import-message', text: r.message })));
  const problems = r.problems.length === 0 ? [] : [
    el('div', { class: 'govuk-error-summary', 'data-testid': 'import-problems' },
      el('div', { role: 'alert' },
        el('h2', { class: 'govuk-error-summary__title', text: `${r.problems.length} problem${r.problems.length === 1 ? '' : 's'} in the file` }),
        el('div', { class: 'govuk-error-summary__body' },
          para(`Rows with a problem are not imported. Correct them in the tracker and check the file again.`),
          el('ul', { class: 'govuk-list govuk-error-summary__list' }, el('li', {}, el('a', { href: '#problems', text: 'See every problem by row and column' })))))),
    table({ id: 'problems', caption: 'Problems, by row and column', head: ['Row', 'Column', 'Problem'], rows: r.problems.map((p) => row({ 'data-row': p.row }, String(p.row), p.column, p.problem)) }),
  ];
  return el('div', {},
    banner,
    ...problems,
    heading(r.dryRun ? 'What the import would do' : 'What the import did'),
    summaryList([
      ['Rows', String(r.rows)],
      [r.dryRun ? 'Would be created' : 'Created', String(r.created)],
      ['Imported before, left as they are', String(r.unchanged)],
      ['Refused', String(r.refused)],
      r.notStarted > 0 ? ['Saved but not started', String(r.notStarted)] : [],
    ]),
    r.cases.length === 0 ? null : table({
      id: 'import-cases', caption: 'Each row', head: ['Row', 'Case', 'Process', 'Result', 'Stage', 'Overdue'],
      rows: r.cases.map((c) => row({ 'data-row': c.row },
        String(c.row),
        c.reference && (c.outcome === 'created' || c.outcome === 'unchanged') ? link(`/case?ref=${encodeURIComponent(c.reference)}`, c.reference) : (c.reference ?? ''),
        c.process ?? '', OUTCOME_TEXT[c.outcome] ?? c.outcome, c.stage ?? '', String(c.overdue))),
    }));
}
