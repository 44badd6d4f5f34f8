import { $, api, dateField, emptyState, field, form, heading, onSubmit, page, para, query, row, showNotice, summaryList, table } from './client.js';

page(async () => {
  const ref = query('ref');
  if (!ref) return $('#content').replaceChildren(emptyState('No audit chosen: open one from the audits list.'));
  render(await api('GET', `/api/audits/${encodeURIComponent(ref)}`));
});

async function reload(ref, notice) {
  render(await api('GET', `/api/audits/${encodeURIComponent(ref)}`));
  showNotice(notice);
}

function render(a) {
  document.title = `${a.reference} – review-engine`;
  $('#title').textContent = `Audit ${a.reference}`;
  const rate = a.returnRate;
  $('#content').replaceChildren(
    summaryList([
      ['Type', `${a.type}${a.theme ? `, theme ${a.theme}` : ''}`],
      ['Stage', `${a.stage} (${a.state}${a.paused ? ', suspended' : ''})`],
      ['Opened', a.openedOn],
      ['Returns due', a.returnsDueOn],
      ['Returns in', `${rate.returned} of ${rate.total} (${rate.percent}%)`],
    ]),
    heading('Returns by agency'),
    a.outstanding === undefined
      ? para('Agencies owing a return are shown while the audit is running.')
      : a.outstanding.length === 0
        ? para(`Every agency has sent its return (${rate.returned} of ${rate.total}).`)
        : table({
          caption: `${a.outstanding.length} agenc${a.outstanding.length === 1 ? 'y owes' : 'ies owe'} a return`,
          head: ['Agency', 'Return'],
          id: 'outstanding',
          rows: a.outstanding.map((agency) => row({ 'data-agency': agency }, agency, `owed by ${a.returnsDueOn}`)),
        }),
    a.outstanding?.length ? returnForm(a) : null,
    milestoneForm(a),
    heading('Action plan'),
    a.actionPlan.length === 0 ? para('No actions yet: they are agreed with the action plan milestone.') : table({
      head: ['Action', 'Owner', 'Due', 'Done'],
      rows: a.actionPlan.map((x) => row({}, `${x.key}${x.description ? `: ${x.description}` : ''}`, x.owner, x.dueOn, x.completedOn ?? 'open')),
    }),
  );
}

/** The QAPP chair records an agency's return on its behalf (one sent by email, say). */
function returnForm(a) {
  const f = form({
    id: 'audit-return-form', legend: 'Record a return received', submit: 'Record the return',
    fields: [field({ name: 'agency', label: 'Agency', kind: 'select', choices: a.outstanding }), dateField({ name: 'submittedOn', label: 'Date the return was completed' })],
  });
  return onSubmit(f, ({ agency, ...body }) => api('POST', `/api/audits/${encodeURIComponent(a.reference)}/agencies/${encodeURIComponent(agency)}/returns`, body), (r) => reload(a.reference, `Return from ${r.participantId} recorded: ${r.returned} of ${r.total}.`));
}

function milestoneForm(a) {
  // The stages of this audit's template it accepts now (the API's allowedNext, from the workflow's own rules).
  const next = (a.allowedNext ?? []).map((m) => m.milestone);
  if (a.state !== 'open' || next.length === 0) return null;
  const f = form({
    id: 'audit-milestone-form', legend: 'Record the next stage', submit: 'Record stage',
    fields: [
      field({ name: 'milestone', label: 'Stage', kind: 'select', choices: next, hint: 'In order: returns closed, meeting held, survey, peer challenge, findings, action plan, learning shared.' }),
      dateField({ name: 'occurredOn', label: 'When it happened' }),
    ],
  });
  return onSubmit(f, (body) => api('POST', `/api/audits/${encodeURIComponent(a.reference)}/milestones`, body), () => reload(a.reference, 'Stage recorded.'));
}
