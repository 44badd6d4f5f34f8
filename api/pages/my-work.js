import { $, api, emptyState, link, page, para, row, statusTag, table } from './client.js';

page(async () => {
  const data = await api('GET', '/api/my-work');
  $('#title').textContent = `What ${data.subject} owes`;
  const agencyLead = data.roles.includes('agency-lead');
  $('#content').replaceChildren(
    data.items.length === 0
      ? emptyState('Nothing is owed by you today.', agencyLead ? para('When an audit asks your agency for a return, ', link('/audit-return', 'send the return here'), ' (the reminder email names the audit).') : para('New work appears here when a case is assigned to you or a deadline falls to your role; the ', link('/', 'dashboard'), ' shows everything open.'))
      : table({
        caption: `By date, as of ${data.today}`,
        head: ['Due', 'What', 'Reference', 'Status'],
        rows: data.items.map((i) => row({ 'data-reference': i.reference },
          i.next?.due ?? '', i.next?.title ?? i.stage,
          i.kind === 'case' ? link(`/case?ref=${encodeURIComponent(i.reference)}`, i.reference) : i.kind === 'audit' ? link(`/audit?ref=${encodeURIComponent(i.reference)}`, i.reference) : i.reference,
          statusTag(i.status))),
      }),
  );
});
