import { $, api, page, postForm } from './client.js';

page(() => {
  $('#content').replaceChildren(postForm({
    id: 'incident-form', legend: 'A serious incident the local authority has become aware of', submit: 'Start the rapid review',
    fields: [
      { name: 'reference', label: 'Case reference', hint: 'For example WSCP-2026-03', required: true },
      { name: 'childPseudonym', label: 'Pseudonym', hint: 'How the child is known in the review, such as "Child H". Never the real name.', required: true },
      { kind: 'day-month-year', name: 'awareOn', label: 'Date the local authority became aware', hint: 'For example 27 3 2027' },
    ],
    send: (body) => api('POST', '/api/rapid-reviews', body),
    then: (r) => { location.href = `/case?ref=${encodeURIComponent(r.reference)}`; },
  }));
});
