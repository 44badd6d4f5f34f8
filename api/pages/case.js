import { $, api, dateField, el, emptyState, field, form, formBody, heading, link, onSubmit, page, para, query, repeatableGroup, row, showError, showNotice, statusTag, table } from './client.js';
import { timelineChart } from './timeline-chart.js';

const PAUSE_REASONS = ['criminal-proceedings', 'inquest', 'covid', 'capacity'];

page(async () => {
  const ref = query('ref');
  if (!ref) return $('#content').replaceChildren(emptyState('No case chosen.', para('Open one from the ', link('/', 'dashboard'), ' or ', link('/my-work', 'your work'), '.')));
  renderCase(await api('GET', `/api/cases/${encodeURIComponent(ref)}?live=true`));
});

const reload = async (ref, notice) => {
  renderCase(await api('GET', `/api/cases/${encodeURIComponent(ref)}?live=true`));
  showNotice(notice);
};

function renderCase(c) {
  document.title = `${c.reference} – review-engine`;
  $('#title').textContent = `${c.reference} (${c.childPseudonym})`;
  $('#content').replaceChildren(
    para(`${c.process}, stage `, el('strong', { text: c.stage }), `, ${c.state}${c.paused ? ', on hold' : ''}. Local authority aware ${c.awareOn}. `, c.health ? statusTag(c.health) : null),
    heading('Timeline'),
    timelineChart(c),
    heading('Deadlines'),
    table({
      head: ['Deadline', 'Due', 'Status', 'How it was computed'],
      rows: c.deadlines.map((d) => row({},
        `${d.ruleId} ${d.title}`,
        d.due + (d.statutoryDue !== d.due ? ` (statutory ${d.statutoryDue})` : ''),
        [statusTag(d.status), d.verdict ? el('div', { class: 'govuk-hint', 'data-testid': 'verdict', text: d.verdict }) : null],
        el('details', { class: 'govuk-details' }, el('summary', { class: 'govuk-details__summary' }, el('span', { class: 'govuk-details__summary-text', text: d.sentence })),
          el('div', { class: 'govuk-details__text' },
            para(`Rule ${d.explanation.rule.id}: ${d.explanation.rule.source} (${d.explanation.rule.duty}, ${d.explanation.rule.status}). Rule set ${d.explanation.ruleSetId}; calendar ${d.explanation.calendarVersion}.`),
            d.explanation.skipped.length ? para(`Skipped: ${d.explanation.skipped.map((s) => `${s.date} ${s.name}`).join(', ')}`) : null,
            d.explanation.pauses.length ? para(`Holds: ${d.explanation.pauses.map((p) => `${p.from} to ${p.to || 'now'} (${p.workingDays} working days, ${p.reason})`).join('; ')}`) : null,
            d.explanation.note ? para(d.explanation.note) : null)))),
    }),
    c.state === 'open' ? el('div', { class: 'grid-2' }, milestoneForm(c), c.process === 'practice-review' ? holdForm(c) : null) : null,
    heading('What happened'),
    el('ol', { class: 'govuk-list govuk-list--number' }, ...c.timeline.map((e) => el('li', {}, el('strong', { text: e.occurredOn }), ` ${e.summary}`, e.actor ? el('span', { class: 'govuk-hint', text: ` (${e.actor})` }) : null, e.note ? el('div', { text: e.note }) : null))),
    heading('Emails'),
    c.emails.length === 0 ? para('None yet: the engine emails each owner as deadlines near.') : table({
      head: ['Sent', 'To', 'Subject', 'Status'],
      rows: c.emails.map((m) => row({}, m.sentAt ?? '', m.recipients.join(', '), m.subject, deliveryInWords(m))),
    }),
  );
}

/** Queued, retried and failed emails say so, with the relay's last error. */
function deliveryInWords(m) {
  const words = { queued: 'queued, not yet sent', sending: 'sending', retrying: `not yet sent, retrying (${m.attempts} attempt${m.attempts === 1 ? '' : 's'})`, sent: 'sent', failed: 'failed: send it by hand' }[m.delivery] ?? m.status;
  return m.lastError && m.delivery !== 'sent' ? `${words}; last error: ${m.lastError}` : words;
}

/**
 * The milestones this case accepts now (`allowedNext`, from the workflow's own rules) with the fields
 * each needs. A case answer without it (an older API) falls back to every milestone of the process.
 */
function milestoneChoices(c) {
  if (Array.isArray(c.allowedNext)) return c.allowedNext;
  return (c.milestoneOptions ?? []).map((m) => ({ milestone: m, label: m, why: '', fields: FALLBACK_FIELDS[`${c.process}:${m}`] ?? [] }));
}

const yesNo = (f) => f.kind === 'choice' && f.choices?.length === 2 && f.choices.includes('true') && f.choices.includes('false');

function extraField(f) {
  const label = f.required ? f.label : `${f.label} (optional)`;
  if (f.kind === 'date') return dateField({ name: f.name, label, hint: f.rule });
  if (yesNo(f)) return field({ name: f.name, label, kind: 'boolean', hint: f.rule });
  if (f.kind === 'choice') return field({ name: f.name, label, kind: 'select', choices: f.choices ?? [], hint: f.rule });
  if (f.kind === 'list' && f.item) {
    const itemLabel = f.label.replace(/ies$/, 'y').replace(/s$/, '');
    return repeatableGroup({ name: f.name, label, hint: f.rule, itemLabel, render: (prefix) => f.item.map((i) => extraField({ ...i, name: `${prefix}${i.name}` })) });
  }
  if (f.kind === 'list') return field({ name: f.name, label, kind: 'textarea', hint: f.rule ?? 'One a line', attrs: { 'data-type': 'list' } });
  return field({ name: f.name, label, hint: f.rule, required: f.required });
}

function milestoneForm(c) {
  const choices = milestoneChoices(c);
  if (choices.length === 0) return el('div', { id: 'milestone-form' }, heading('Record a milestone'), emptyState('Nothing can be recorded on this case now: it waits on a date or a hold, shown above.'));
  const extra = el('div', { id: 'm-extra' });
  const why = el('div', { class: 'govuk-hint', id: 'm-why' });
  const f = form({
    id: 'milestone-form', legend: 'Record a milestone', submit: 'Record milestone',
    fields: [
      el('div', { class: 'govuk-form-group' }, el('label', { class: 'govuk-label', for: 'm-milestone', text: 'Milestone' }), why,
        el('select', { class: 'govuk-select', id: 'm-milestone', name: 'milestone', 'aria-describedby': 'm-why' }, ...choices.map((o) => el('option', { value: o.milestone, text: o.label })))),
      extra,
      dateField({ name: 'occurredOn', label: 'When it happened', value: c.today }),
      field({ name: 'note', label: 'Note (optional)', kind: 'textarea', attrs: { maxlength: 2000, rows: 2 } }),
    ],
  });
  const select = f.querySelector('#m-milestone');
  const showExtra = () => {
    const chosen = choices.find((o) => o.milestone === select.value);
    why.textContent = chosen?.why ?? '';
    extra.replaceChildren(...(chosen?.fields ?? []).filter((x) => x.name !== 'occurredOn' && x.name !== 'note').map(extraField));
  };
  select.addEventListener('change', showExtra);
  showExtra();
  return onSubmit(f, (body) => api('POST', `/api/cases/${encodeURIComponent(c.reference)}/milestones`, body), () => reload(c.reference, 'Milestone recorded.'));
}

/** A hold is recorded from its first day to the day work starts again: if that day has come, the hold is recorded as over. */
function holdForm(c) {
  const ref = encodeURIComponent(c.reference);
  if (c.paused) {
    const f = form({ id: 'hold-form', legend: 'Resume the review', submit: 'Resume', fields: [dateField({ name: 'on', label: 'Resumed on', value: c.today }), field({ name: 'note', label: 'Note (optional)', kind: 'textarea', attrs: { maxlength: 2000, rows: 2 } })] });
    return onSubmit(f, (body) => api('POST', `/api/cases/${ref}/resume`, body), () => reload(c.reference, 'Resumed.'));
  }
  const f = form({
    id: 'hold-form', legend: 'Put the review on hold', submit: 'Put on hold',
    fields: [
      dateField({ name: 'from', label: 'On hold from', value: c.today, hint: 'The day the review stopped; it may be in the past.' }),
      field({ name: 'reason', label: 'Reason', kind: 'select', choices: PAUSE_REASONS }),
      dateField({ name: 'to', label: 'Back on', hint: 'The day work starts again. Today or earlier records the hold as over; a later date is when it is expected to resume, and a reminder to review the hold goes then.' }),
      field({ name: 'note', label: 'Note (optional)', kind: 'textarea', attrs: { maxlength: 2000, rows: 2 } }),
    ],
  });
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    const { to, ...body } = formBody(f);
    const over = to !== undefined && to <= c.today;
    try {
      await api('POST', `/api/cases/${ref}/pause`, { ...body, ...(to ? { [over ? 'resumedOn' : 'expectedResumeOn']: to } : {}) });
      return reload(c.reference, over ? `On hold from ${body.from} to ${to}.` : 'On hold.');
    } catch (err) {
      showError(err, f);
    }
  });
  return f;
}

/** Until every case answer carries allowedNext: the fields the API wants besides the date (lists go through the API). */
const FALLBACK_FIELDS = {
  'rapid-review:notification-decision': [{ name: 'notifiable', label: 'Notifiable to the Panel?', kind: 'choice', choices: ['true', 'false'], required: true }, { name: 'lookedAfterChildDeath', label: 'Death of a looked-after child?', kind: 'choice', choices: ['true', 'false'], required: true }],
  'rapid-review:panel-response': [{ name: 'nationalReview', label: 'Panel will hold a national review?', kind: 'choice', choices: ['true', 'false'], required: true }],
  'rapid-review:national-review-information-supplied': [{ name: 'agency', label: 'Agency that supplied it (its code, e.g. police)', kind: 'text', required: true }],
  'rapid-review:agency-summary-received': [{ name: 'agency', label: 'Agency whose summary arrived (its code, e.g. police)', kind: 'text', required: true }],
  'rapid-review:action-completed': [{ name: 'actionId', label: 'Action completed (its id in the action plan, e.g. A1)', kind: 'text', required: true }],
  'practice-review:agency-report-received': [{ name: 'agency', label: 'Agency whose report arrived (its code, e.g. police)', kind: 'text', required: true }],
  'practice-review:partner-sign-off': [{ name: 'plannedPublicationOn', label: 'Planned publication date', kind: 'date', required: true }],
  'practice-review:improvements-published': [{ name: 'justification', label: 'Why only the improvements are published (kept in the case file, never emailed)', kind: 'text', required: true }],
  'practice-review:action-completed': [{ name: 'actionId', label: 'Action completed (its id in the action plan, e.g. A1)', kind: 'text', required: true }],
};
