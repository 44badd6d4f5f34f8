import { $, api, dateField, field, form, onSubmit, page, query, showNotice } from './client.js';

// An agency lead sends their agency's return; the API accepts it only for their own agency.
page(() => {
  const f = form({
    id: 'return-form', legend: "Your agency's return", submit: 'Send the return',
    fields: [
      field({ name: 'audit', label: 'Audit reference', hint: 'As the reminder email gives it, e.g. S175-2027', value: query('audit') ?? undefined, required: true }),
      field({ name: 'agency', label: 'Your agency code', hint: 'As the audit names your agency, e.g. police or school-100234', value: query('agency') ?? undefined, required: true }),
      dateField({ name: 'submittedOn', label: 'Date the return was completed' }),
      field({ name: 'evidence', label: 'Evidence and comments (optional)', kind: 'textarea', hint: 'Kept in the protected record only.', attrs: { maxlength: 4000 } }),
    ],
  });
  onSubmit(
    f,
    ({ audit, agency, ...body }) => api('POST', `/api/audits/${encodeURIComponent(audit ?? '')}/agencies/${encodeURIComponent(agency ?? '')}/returns`, body),
    (r) => showNotice(`Return recorded: ${r.returned} of ${r.total} returns are in.`),
  );
  $('#content').replaceChildren(f);
});
