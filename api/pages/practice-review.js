import { $, api, page, postForm } from './client.js';

// POST /api/practice-reviews: a practice review commissioned outside this engine's rapid reviews
// (a rapid review held elsewhere or before the engine was adopted).
page(() => {
  $('#content').replaceChildren(postForm({
    id: 'practice-review-form', legend: 'A local child safeguarding practice review', submit: 'Start the practice review',
    send: (body) => api('POST', '/api/practice-reviews', body),
    then: (r) => { location.href = `/case?ref=${encodeURIComponent(r.reference)}`; },
  }));
});
