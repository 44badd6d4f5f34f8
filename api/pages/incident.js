import { $, api, page, postForm } from './client.js';

page(() => {
  $('#content').replaceChildren(postForm({
    id: 'incident-form', legend: 'A serious incident the local authority has become aware of', submit: 'Start the rapid review',
    send: (body) => api('POST', '/api/rapid-reviews', body),
    then: (r) => { location.href = `/case?ref=${encodeURIComponent(r.reference)}`; },
  }));
});
