import { $, api, dateField, field, form, onSubmit, page } from './client.js';

page(() => {
  const f = form({
    id: 'incident-form', legend: 'A serious incident the local authority has become aware of', submit: 'Start the rapid review',
    fields: [
      field({ name: 'reference', label: 'Case reference', hint: 'For example WSCP-2026-03', required: true }),
      field({ name: 'childPseudonym', label: 'Pseudonym', hint: 'How the child is known in the review, such as "Child H". Never the real name.', required: true }),
      dateField({ name: 'awareOn', label: 'Date the local authority became aware', hint: 'For example 27 3 2027' }),
    ],
  });
  onSubmit(f, (body) => api('POST', '/api/rapid-reviews', body), (r) => { location.href = `/case?ref=${encodeURIComponent(r.reference)}`; });
  $('#content').replaceChildren(f);
});
