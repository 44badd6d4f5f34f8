import { $, api, el, emptyState, heading, page, para, postForm, row, showNotice, table } from './client.js';

page(() => show());

async function show(issued) {
  const [{ tokens }, { assignments }] = await Promise.all([api('GET', '/api/tokens'), api('GET', '/api/case-assignments')]);
  $('#content').replaceChildren(
    issued
      ? el('div', { class: 'govuk-panel govuk-panel--confirmation', id: 'issued-token' },
        el('h2', { class: 'govuk-panel__title', text: `Token for ${issued.subject}` }),
        el('div', { class: 'govuk-panel__body' }, 'Give this to them now; it is not shown again:', el('br'), el('code', { 'data-testid': 'token', text: issued.token })))
      : null,
    heading('Tokens'),
    tokens.length === 0
      ? emptyState('No token has been issued here yet. Issue one for each person below: they sign in with it.')
      : table({ head: ['Person', 'Roles', 'Agency', 'Expires', 'Revoked'], id: 'tokens', rows: tokens.map((t) => row({}, t.subject, t.roles.join(', '), t.agency ?? '', t.expiresAt?.slice(0, 10) ?? 'never', t.revokedAt?.slice(0, 10) ?? '')) }),
    tokenForm(),
    heading('Reviewers assigned to cases'),
    assignments.length === 0 ? para('No reviewer is assigned to a case: a reviewer sees only the cases assigned to them.') : table({ head: ['Case', 'Reviewer'], id: 'assignments', rows: assignments.map((a) => row({}, a.caseReference, a.subject)) }),
    assignmentForm(),
  );
}

function tokenForm() {
  return postForm({
    id: 'token-form', legend: 'Issue a token', submit: 'Issue the token',
    send: ({ roles, ...body }) => api('POST', '/api/tokens', { ...body, roles: [roles] }),
    then: (t) => show(t).then(() => showNotice(`Token issued for ${t.subject}.`)),
  });
}

function assignmentForm() {
  return postForm({
    id: 'assignment-form', legend: 'Assign a reviewer to a case', submit: 'Assign',
    send: (body) => api('POST', '/api/case-assignments', body),
    then: (a) => show().then(() => showNotice(`${a.subject} is assigned to ${a.caseReference}.`)),
  });
}
