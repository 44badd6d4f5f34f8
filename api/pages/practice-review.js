import { $, api, page, postForm } from './client.js';

// POST /api/practice-reviews: a practice review commissioned outside this engine's rapid reviews
// (a rapid review held elsewhere or before the engine was adopted).
page(() => {
  $('#content').replaceChildren(postForm({
    id: 'practice-review-form', legend: 'A local child safeguarding practice review', submit: 'Start the practice review',
    fields: [
      { name: 'reference', label: 'Practice review reference', hint: 'For example WSCP-2026-03-LCSPR', required: true },
      { kind: 'day-month-year', name: 'commissionedOn', label: 'Date the review was commissioned', hint: 'The decision to initiate it: the six-month target counts from this day.' },
      { name: 'reviewerName', label: 'Lead reviewer', hint: 'The independent reviewer (kept in the protected record).', required: true },
      { name: 'rapidReviewReference', label: 'Rapid review reference (optional)', hint: 'If the rapid review was held elsewhere or before this engine was used.' },
      { kind: 'day-month-year', name: 'awareOn', label: 'Date the local authority became aware (optional)' },
    ],
    send: (body) => api('POST', '/api/practice-reviews', body),
    then: (r) => { location.href = `/case?ref=${encodeURIComponent(r.reference)}`; },
  }));
});
