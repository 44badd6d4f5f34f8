// review-engine pages: plain JavaScript, no build step. Every figure comes from the API, called with
// the token the person signed in with; every refusal shows the API's own reason.
'use strict';

const TOKEN_KEY = 'review-engine-token';
const STATUS_TEXT = {
  overdue: 'Overdue', 'due-today': 'Due today', 'at-risk': 'At risk', 'on-hold': 'On hold',
  'publication-deferred': 'Publication deferred', 'on-track': 'On track', met: 'Met', 'met-late': 'Met late', standing: 'Kept available',
  'finished-late': 'Finished late', closed: 'Closed', 'no-deadline': 'No deadline',
};

const $ = (selector) => document.querySelector(selector);
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const child of children.flat()) if (child !== undefined && child !== null) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}
const statusBadge = (status) => el('span', { class: `status status-${status}`, text: STATUS_TEXT[status] ?? status });

class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function api(method, path, body) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const headers = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const data = text ? JSON.parse(text) : {};
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

function showMessage(kind, content) {
  const box = $('#message');
  box.replaceChildren();
  if (!content) return;
  box.append(el('div', { class: kind === 'error' ? 'error' : 'notice' }, content));
}

function showError(err, form) {
  if (!(err instanceof ApiError)) return showMessage('error', `Something went wrong: ${err.message}`);
  if (err.status === 401) return showMessage('error', el('p', {}, 'Sign in first: ', el('a', { href: '/sign-in', text: 'enter your token' }), '.'));
  const list = (err.problem.errors || []).map((e) => el('li', {}, el('strong', { text: e.field }), `: ${e.rule}`));
  showMessage('error', [el('h2', { text: err.status === 409 ? 'Refused' : 'There is a problem' }), el('p', { 'data-testid': 'refusal', text: err.problem.reason || err.problem.detail }), list.length ? el('ul', {}, list) : null]);
  if (form) {
    for (const e of err.problem.errors || []) {
      const field = form.querySelector(`[name="${e.field}"]`);
      if (field) field.setAttribute('aria-invalid', 'true');
    }
  }
  $('#message').focus?.();
}

function formBody(form) {
  const body = {};
  for (const [k, v] of new FormData(form)) {
    if (v === '') continue;
    const input = form.querySelector(`[name="${k}"]`);
    body[k] = input?.dataset.type === 'boolean' ? v === 'true' : input?.dataset.type === 'number' ? Number(v) : v;
  }
  return body;
}

// ---------------------------------------------------------------------------------------- dashboard
async function dashboardPage() {
  const params = new URLSearchParams(location.search);
  const form = $('#filters');
  for (const [k, v] of params) if (form.elements[k]) form.elements[k].value = v;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams(Object.entries(formBody(form)));
    history.replaceState(null, '', `/?${q}`);
    void loadDashboard(q);
  });
  await Promise.all([loadDashboard(params), loadFigures()]);
}

async function loadDashboard(params) {
  try {
    const data = await api('GET', `/api/dashboard?${params}`);
    for (const name of ['process', 'stage', 'owner']) {
      const select = $(`#f-${name}`);
      const current = params.get(name) || '';
      select.replaceChildren(el('option', { value: '', text: 'All' }), ...data.facets[name].map((v) => el('option', { value: v, text: v, selected: v === current })));
    }
    const shown = data.items.length < data.total ? `, the ${data.items.length} most urgent shown` : '';
    $('#items-caption').textContent = `${data.total} item${data.total === 1 ? '' : 's'} on ${data.today}${shown}, most urgent first`;
    $('#items').replaceChildren(
      ...data.items.map((i) =>
        el('tr', { 'data-reference': i.reference },
          el('td', {}, i.kind === 'case' ? el('a', { href: `/case?ref=${encodeURIComponent(i.reference)}`, text: i.reference }) : i.reference),
          el('td', { text: i.process }), el('td', { text: i.stage }), el('td', { text: i.owner }),
          el('td', {}, i.next ? [el('span', { text: `${i.next.title}: ${i.next.due}` }), i.next.statutoryDuePassed && i.status === 'on-hold' ? el('div', { class: 'muted', text: 'statutory date passed while on hold' }) : null] : '—'),
          el('td', {}, statusBadge(i.status)),
          el('td', { text: i.next ? (i.next.workingDaysRemaining < 0 ? `${-i.next.workingDaysRemaining} overdue` : `${i.next.workingDaysRemaining} left`) : '' }),
        ),
      ),
    );
    if (data.items.length === 0) $('#items').append(el('tr', {}, el('td', { colspan: 7, text: 'Nothing open matches.' })));
  } catch (err) {
    showError(err);
  }
}

async function loadFigures() {
  try {
    const r = await api('GET', '/api/reports/annual');
    const f = r.figures;
    const items = [
      ['Rapid reviews', f.rapidReviews],
      ['Completed within 15 working days', f.rapidReviewsWithin15WorkingDays === null ? 'n/a' : `${f.rapidReviewsWithin15WorkingDaysShare}%`],
      ['LCSPRs commissioned', f.lcsprsCommissioned],
      ['LCSPRs in progress', f.lcsprsInProgress],
      ['LCSPRs on hold in the period', `${f.lcsprsPaused} (${f.workingDaysPaused} working days within it)`],
      ['LCSPRs published', f.lcsprsPublished],
      ...Object.entries(f.timeliness ?? {}).map(([rule, t]) => [`${rule} in time (${t.title})`, t.withinTimePercent === null ? 'n/a' : `${t.met} of ${t.met + t.metLate}, ${t.withinTimePercent}%`]),
      ['Audits completed', f.auditsCompleted],
      ['Section 175 return rate', f.section175ReturnRate === null ? 'n/a' : `${f.section175ReturnRate}%`],
    ];
    $('#figures').replaceChildren(...items.map(([label, value]) => el('li', {}, el('strong', { text: value }), label)));
    $('#figures-heading').textContent = `${r.period.from} to ${r.period.to}`;
  } catch (err) {
    $('#figures').replaceChildren(el('li', { text: err instanceof ApiError && err.status === 403 ? 'Figures are for the executive and chairs.' : 'Figures unavailable.' }));
  }
}

// --------------------------------------------------------------------------------------------- case
const DAY = 86_400_000;
const dayNumber = (iso) => Date.parse(`${iso}T00:00:00Z`) / DAY;
const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Stages as bars, milestones as marks, pauses shaded, statutory dates as lines, today marked. */
function timelineChart(c) {
  const events = c.timeline.filter((e) => !['email', 'note', 'calendar-changed'].includes(e.kind));
  const pauses = c.deadlines.flatMap((d) => d.explanation?.pauses ?? []).filter((p, i, all) => all.findIndex((q) => q.from === p.from) === i);
  const dates = [c.awareOn, c.today, ...events.map((e) => e.occurredOn), ...c.deadlines.flatMap((d) => [d.due, d.statutoryDue]), ...pauses.flatMap((p) => [p.from, p.to || c.today])];
  const min = Math.min(...dates.map(dayNumber)) - 2;
  const max = Math.max(...dates.map(dayNumber)) + 4;
  const W = 960, left = 150, right = 20, rowH = 28;
  const x = (iso) => left + ((dayNumber(iso) - min) / (max - min)) * (W - left - right);
  const rows = ['Stages', 'Milestones', ...c.deadlines.map((d) => d.title)];
  const H = 40 + rows.length * rowH + 30;
  const root = svg('svg', { class: 'timeline', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'tl-title tl-desc' });
  root.append(svg('title', { id: 'tl-title' }, `Timeline of ${c.reference}`));
  root.append(svg('desc', { id: 'tl-desc' }, `From ${c.awareOn} to ${c.today}: ${events.length} milestones, ${pauses.length} pauses, ${c.deadlines.length} deadlines.`));
  for (const p of pauses) {
    root.append(svg('rect', { class: 'pause', x: x(p.from), y: 20, width: Math.max(2, x(p.to || c.today) - x(p.from)), height: H - 50, fill: '#4c2c92', 'fill-opacity': 0.15, 'data-testid': 'pause' }));
    root.append(svg('text', { x: x(p.from) + 4, y: 16 }, `on hold: ${p.reason}`));
  }
  rows.forEach((label, i) => root.append(svg('text', { x: 4, y: 40 + i * rowH + 18 }, label.length > 22 ? `${label.slice(0, 21)}…` : label)));
  const stageStarts = [{ occurredOn: c.awareOn, summary: 'Opened' }, ...events.filter((e) => e.kind !== 'case-opened')];
  stageStarts.forEach((e, i) => {
    const end = stageStarts[i + 1]?.occurredOn ?? (c.state === 'open' ? c.today : e.occurredOn);
    root.append(svg('rect', { x: x(e.occurredOn), y: 44, width: Math.max(3, x(end) - x(e.occurredOn)), height: rowH - 10, fill: i % 2 ? '#1d70b8' : '#5694ca', 'data-testid': 'stage' }));
  });
  for (const e of events) {
    const cx = x(e.occurredOn), cy = 40 + rowH + 14;
    const mark = svg('path', { d: `M${cx} ${cy - 7} L${cx + 7} ${cy} L${cx} ${cy + 7} L${cx - 7} ${cy} Z`, fill: '#0b0c0c', 'data-testid': 'milestone' });
    mark.append(svg('title', {}, `${e.occurredOn}: ${e.summary}`));
    root.append(mark);
  }
  c.deadlines.forEach((d, i) => {
    const y = 40 + (i + 2) * rowH;
    if (d.statutoryDue !== d.due) {
      root.append(svg('line', { x1: x(d.statutoryDue), x2: x(d.statutoryDue), y1: y, y2: y + rowH - 4, stroke: '#d4351c', 'stroke-width': 2, 'stroke-dasharray': '4 3', 'data-testid': 'statutory-date' }));
    }
    root.append(svg('line', { x1: x(d.due), x2: x(d.due), y1: y, y2: y + rowH - 4, stroke: d.status === 'overdue' ? '#d4351c' : '#00703c', 'stroke-width': 3, 'data-testid': 'due-date' }));
    const nearRightEdge = x(d.due) > W - 260;
    root.append(svg('text', { x: x(d.due) + (nearRightEdge ? -6 : 4), y: y + 16, 'text-anchor': nearRightEdge ? 'end' : 'start' }, `${d.due}${d.statutoryDue !== d.due ? ` (statutory ${d.statutoryDue})` : ''}`));
  });
  root.append(svg('line', { x1: x(c.today), x2: x(c.today), y1: 20, y2: H - 24, stroke: '#0b0c0c', 'stroke-width': 2, 'data-testid': 'today' }));
  root.append(svg('text', { x: x(c.today) - 14, y: H - 8 }, 'today'));
  return root;
}

async function casePage() {
  const ref = new URLSearchParams(location.search).get('ref');
  if (!ref) return showMessage('error', 'No case reference given.');
  try {
    const c = await api('GET', `/api/cases/${encodeURIComponent(ref)}?live=true`);
    renderCase(c);
  } catch (err) {
    showError(err);
  }
}

function renderCase(c) {
  document.title = `${c.reference} – review-engine`;
  $('#title').textContent = `${c.reference} (${c.childPseudonym})`;
  const milestoneOptions = c.milestoneOptions ?? [];
  const content = $('#content');
  content.replaceChildren(
    el('p', {}, `${c.process}, stage `, el('strong', { text: c.stage }), `, ${c.state}${c.paused ? ', on hold' : ''}. Local authority aware ${c.awareOn}. `, c.health ? statusBadge(c.health) : null),
    el('h2', { text: 'Timeline' }),
    timelineChart(c),
    el('h2', { text: 'Deadlines' }),
    el('table', {},
      el('thead', {}, el('tr', {}, ...['Deadline', 'Due', 'Status', 'How it was computed'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, ...c.deadlines.map((d) =>
        el('tr', {},
          el('td', { text: `${d.ruleId} ${d.title}` }),
          el('td', { text: d.due + (d.statutoryDue !== d.due ? ` (statutory ${d.statutoryDue})` : '') }),
          el('td', {}, statusBadge(d.status), d.verdict ? el('div', { class: 'muted', 'data-testid': 'verdict', text: d.verdict }) : null),
          el('td', {}, el('details', {}, el('summary', { text: d.sentence }),
            el('p', { text: `Rule ${d.explanation.rule.id}: ${d.explanation.rule.source} (${d.explanation.rule.duty}, ${d.explanation.rule.status}). Rule set ${d.explanation.ruleSetId}; calendar ${d.explanation.calendarVersion}.` }),
            d.explanation.skipped.length ? el('p', { text: `Skipped: ${d.explanation.skipped.map((s) => `${s.date} ${s.name}`).join(', ')}` }) : null,
            d.explanation.pauses.length ? el('p', { text: `Pauses: ${d.explanation.pauses.map((p) => `${p.from} to ${p.to || 'now'} (${p.workingDays} working days, ${p.reason})`).join('; ')}` }) : null,
            d.explanation.note ? el('p', { text: d.explanation.note }) : null)),
        ))),
    ),
    el('div', { class: 'grid-2' },
      milestoneForm(c, milestoneOptions),
      c.process === 'practice-review' ? holdForm(c) : null,
    ),
    el('h2', { text: 'What happened' }),
    el('ol', {}, ...c.timeline.map((e) => el('li', {}, el('strong', { text: e.occurredOn }), ` ${e.summary}`, e.actor ? el('span', { class: 'muted', text: ` (${e.actor})` }) : null, e.note ? el('div', { text: e.note }) : null))),
    el('h2', { text: 'Emails' }),
    c.emails.length === 0 ? el('p', { text: 'None yet.' }) : el('table', {},
      el('thead', {}, el('tr', {}, ...['Sent', 'To', 'Subject', 'Status'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, ...c.emails.map((m) => el('tr', {}, el('td', { text: m.sentAt ?? '' }), el('td', { text: m.recipients.join(', ') }), el('td', { text: m.subject }), el('td', { text: deliveryInWords(m) }))))),
  );
}

/** Queued, retried and failed emails say so, with the relay's last error. */
function deliveryInWords(m) {
  const words = { queued: 'queued, not yet sent', sending: 'sending', retrying: `not yet sent, retrying (${m.attempts} attempt${m.attempts === 1 ? '' : 's'})`, sent: 'sent', failed: 'failed: send it by hand' }[m.delivery] ?? m.status;
  return m.lastError && m.delivery !== 'sent' ? `${words}; last error: ${m.lastError}` : words;
}

/** Milestones that carry a yes/no, a date or a code besides when they happened (lists such as agencies go through the API). */
const MILESTONE_FIELDS = {
  'rapid-review:notification-decision': [{ name: 'notifiable', label: 'Notifiable to the Panel?', type: 'boolean' }, { name: 'lookedAfterChildDeath', label: 'Death of a looked-after child?', type: 'boolean' }],
  'rapid-review:panel-response': [{ name: 'nationalReview', label: 'Panel will hold a national review?', type: 'boolean' }],
  'rapid-review:national-review-information-supplied': [{ name: 'agency', label: 'Agency that supplied it (its code, e.g. police)', type: 'text' }],
  'rapid-review:agency-summary-received': [{ name: 'agency', label: 'Agency whose summary arrived (its code, e.g. police)', type: 'text' }],
  'rapid-review:action-completed': [{ name: 'actionId', label: 'Action completed (its id in the action plan, e.g. A1)', type: 'text' }],
  'practice-review:agency-report-received': [{ name: 'agency', label: 'Agency whose report arrived (its code, e.g. police)', type: 'text' }],
  'practice-review:partner-sign-off': [{ name: 'plannedPublicationOn', label: 'Planned publication date', type: 'date' }],
  'practice-review:improvements-published': [{ name: 'justification', label: 'Why only the improvements are published (kept in the case file, never emailed)', type: 'text' }],
  'practice-review:action-completed': [{ name: 'actionId', label: 'Action completed (its id in the action plan, e.g. A1)', type: 'text' }],
};

function milestoneForm(c, options) {
  const form = el('form', { id: 'milestone-form', novalidate: true },
    el('fieldset', {}, el('legend', { text: 'Record a milestone' }),
      el('div', {}, el('label', { for: 'm-milestone', text: 'Milestone' }),
        options.length
          ? el('select', { id: 'm-milestone', name: 'milestone', required: true }, ...options.map((o) => el('option', { value: o, text: o })))
          : el('input', { id: 'm-milestone', name: 'milestone', required: true })),
      el('div', { id: 'm-extra' }),
      el('div', {}, el('label', { for: 'm-date', text: 'When it happened' }), el('input', { id: 'm-date', name: 'occurredOn', type: 'date', required: true, value: c.today })),
      el('div', {}, el('label', { for: 'm-note', text: 'Note (optional)' }), el('textarea', { id: 'm-note', name: 'note', rows: 2, maxlength: 2000 })),
      el('button', { type: 'submit', text: 'Record milestone' })));
  const extra = form.querySelector('#m-extra');
  const select = form.querySelector('#m-milestone');
  const showExtra = () => {
    const fields = MILESTONE_FIELDS[`${c.process}:${select.value}`] ?? [];
    extra.replaceChildren(...fields.map((f) => el('div', {}, el('label', { for: `m-${f.name}`, text: f.label }),
      f.type === 'boolean'
        ? el('select', { id: `m-${f.name}`, name: f.name, 'data-type': 'boolean' }, el('option', { value: 'true', text: 'Yes' }), el('option', { value: 'false', text: 'No' }))
        : el('input', { id: `m-${f.name}`, name: f.name, type: f.type, required: true }))));
  };
  select.addEventListener('change', showExtra);
  showExtra();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('POST', `/api/cases/${encodeURIComponent(c.reference)}/milestones`, formBody(form));
      showMessage('notice', 'Milestone recorded.');
      renderCase(await api('GET', `/api/cases/${encodeURIComponent(c.reference)}?live=true`));
    } catch (err) {
      showError(err, form);
    }
  });
  return form;
}

function holdForm(c) {
  const action = c.paused ? 'resume' : 'pause';
  const form = el('form', { id: 'hold-form', novalidate: true },
    el('fieldset', {}, el('legend', { text: c.paused ? 'Resume the review' : 'Put the review on hold' }),
      el('div', {}, el('label', { for: 'h-date', text: c.paused ? 'Resumed on' : 'On hold from' }), el('input', { id: 'h-date', name: c.paused ? 'on' : 'from', type: 'date', required: true, value: c.today })),
      c.paused ? null : el('div', {}, el('label', { for: 'h-reason', text: 'Reason' }), el('select', { id: 'h-reason', name: 'reason' }, ...['criminal-proceedings', 'inquest', 'covid', 'capacity'].map((r) => el('option', { value: r, text: r })))),
      c.paused ? null : el('div', {}, el('label', { for: 'h-expected', text: 'Expected to resume' }), el('input', { id: 'h-expected', name: 'expectedResumeOn', type: 'date', required: true })),
      el('div', {}, el('label', { for: 'h-note', text: 'Note (optional)' }), el('textarea', { id: 'h-note', name: 'note', rows: 2, maxlength: 2000 })),
      el('button', { type: 'submit', text: c.paused ? 'Resume' : 'Put on hold' })));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('POST', `/api/cases/${encodeURIComponent(c.reference)}/${action}`, formBody(form));
      showMessage('notice', c.paused ? 'Resumed.' : 'On hold.');
      renderCase(await api('GET', `/api/cases/${encodeURIComponent(c.reference)}?live=true`));
    } catch (err) {
      showError(err, form);
    }
  });
  return form;
}

// -------------------------------------------------------------------------------- my work, sign in
async function myWorkPage() {
  try {
    const data = await api('GET', '/api/my-work');
    $('#title').textContent = `What ${data.subject} owes`;
    $('#content').replaceChildren(
      data.items.length === 0 ? el('p', { text: 'Nothing owed.' }) : el('table', {},
        el('caption', { text: `By date, as of ${data.today}` }),
        el('thead', {}, el('tr', {}, ...['Due', 'What', 'Reference', 'Status'].map((h) => el('th', { scope: 'col', text: h })))),
        el('tbody', {}, ...data.items.map((i) => el('tr', {},
          el('td', { text: i.next?.due ?? '' }), el('td', { text: i.next?.title ?? i.stage }),
          el('td', {}, i.kind === 'case' ? el('a', { href: `/case?ref=${encodeURIComponent(i.reference)}`, text: i.reference }) : i.reference),
          el('td', {}, statusBadge(i.status)))))),
    );
  } catch (err) {
    showError(err);
  }
}

function signInPage() {
  const form = el('form', { id: 'sign-in-form' },
    el('div', {}, el('label', { for: 'token', text: 'API token' }), el('p', { class: 'muted', id: 'token-hint', text: 'Paste the token you were given (npm start prints the admin token). It is kept only in this browser tab.' }),
      el('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', 'aria-describedby': 'token-hint', size: 60, required: true })),
    el('button', { type: 'submit', text: 'Sign in' }), ' ',
    el('button', { type: 'button', class: 'secondary', id: 'sign-out', text: 'Sign out' }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, form.elements.token.value.trim());
    try {
      await api('GET', '/api/my-work');
      location.href = '/';
    } catch (err) {
      sessionStorage.removeItem(TOKEN_KEY);
      showError(err);
    }
  });
  form.querySelector('#sign-out').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    showMessage('notice', 'Signed out.');
  });
  $('#content').replaceChildren(form);
}

function incidentPage() {
  const form = el('form', { id: 'incident-form', novalidate: true },
    el('fieldset', {}, el('legend', { text: 'A serious incident the local authority has become aware of' }),
      el('div', {}, el('label', { for: 'i-ref', text: 'Case reference' }), el('p', { class: 'muted', id: 'i-ref-hint', text: 'For example WSCP-2026-03' }), el('input', { id: 'i-ref', name: 'reference', required: true, 'aria-describedby': 'i-ref-hint' })),
      el('div', {}, el('label', { for: 'i-pseudonym', text: 'Pseudonym' }), el('p', { class: 'muted', id: 'i-pseudonym-hint', text: 'How the child is known in the review, such as "Child H". Never the real name.' }), el('input', { id: 'i-pseudonym', name: 'childPseudonym', required: true, 'aria-describedby': 'i-pseudonym-hint' })),
      el('div', {}, el('label', { for: 'i-aware', text: 'Date the local authority became aware' }), el('input', { id: 'i-aware', name: 'awareOn', type: 'date', required: true })),
      el('button', { type: 'submit', text: 'Start the rapid review' })));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const r = await api('POST', '/api/rapid-reviews', formBody(form));
      location.href = `/case?ref=${encodeURIComponent(r.reference)}`;
    } catch (err) {
      showError(err, form);
    }
  });
  $('#content').replaceChildren(form);
}

// ------------------------------------------------------------------------------------ QAPP minutes
/** Lines of "key; owner; due date; description" become the minutes' actions. */
function parseActions(text) {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((line) => {
    const [key, owner, dueOn, ...rest] = line.split(';').map((s) => s.trim());
    return { key, owner, dueOn, ...(rest.length && rest.join(';') ? { description: rest.join(';') } : {}) };
  });
}

async function qappPage() {
  const partnership = new URLSearchParams(location.search).get('p') || 'LSCP';
  try {
    const data = await api('GET', `/api/qapp/${encodeURIComponent(partnership)}/meetings`);
    $('#title').textContent = `QAPP meetings of ${partnership}`;
    const due = data.meetings.filter((m) => m.state === 'awaiting-minutes' || (m.state === 'scheduled' && m.date <= data.today));
    $('#content').replaceChildren(
      el('table', {},
        el('caption', { text: `Meetings as of ${data.today}` }),
        el('thead', {}, el('tr', {}, ...['No.', 'Date', 'Type', 'Purpose', 'Papers due', 'State', 'Open actions'].map((h) => el('th', { scope: 'col', text: h })))),
        el('tbody', {}, ...data.meetings.map((m) => el('tr', { 'data-meeting': m.id },
          el('td', { text: m.seq }), el('td', { text: m.date }), el('td', { text: m.type }), el('td', { text: m.purpose }), el('td', { text: m.papersDueOn }), el('td', { text: m.state }),
          el('td', { text: m.actions.filter((a) => !a.completedOn).map((a) => `${a.key} (${a.owner}, due ${a.dueOn}${a.overdue ? ', overdue' : ''})`).join('; ') }))))),
      due.length === 0 ? el('p', { text: 'No meeting is waiting for its minutes.' }) : minutesForm(partnership, due, data.today),
    );
  } catch (err) {
    showError(err);
  }
}

function minutesForm(partnership, due, today) {
  const form = el('form', { id: 'minutes-form', novalidate: true },
    el('fieldset', {}, el('legend', { text: 'Record minutes' }),
      el('div', {}, el('label', { for: 'q-meeting', text: 'Meeting' }), el('select', { id: 'q-meeting', name: 'meetingId' }, ...due.map((m) => el('option', { value: m.id, text: `${m.seq}: ${m.date} (${m.purpose})` })))),
      el('div', {}, el('label', { for: 'q-held', text: 'Held on' }), el('input', { id: 'q-held', name: 'heldOn', type: 'date', required: true, value: due[0].date <= today ? due[0].date : today })),
      el('div', {}, el('label', { for: 'q-decisions', text: 'Decisions, one a line' }), el('textarea', { id: 'q-decisions', name: 'decisions', rows: 3 })),
      el('div', {}, el('label', { for: 'q-actions', text: 'Actions, one a line: key; owner; due date (YYYY-MM-DD); description' }), el('p', { class: 'muted', id: 'q-actions-hint', text: 'The owner is an agency or role code, never a person, e.g. A1; police; 2027-02-01; refresh the escalation policy' }),
        el('textarea', { id: 'q-actions', name: 'actions', rows: 3, 'aria-describedby': 'q-actions-hint' })),
      el('button', { type: 'submit', text: 'Record minutes' })));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(form);
    const body = {
      heldOn: f.get('heldOn'),
      decisions: String(f.get('decisions') || '').split('\n').map((l) => l.trim()).filter(Boolean),
      actions: parseActions(String(f.get('actions') || '')),
    };
    try {
      await api('POST', `/api/qapp/${encodeURIComponent(partnership)}/meetings/${encodeURIComponent(f.get('meetingId'))}/minutes`, body);
      await qappPage();
      showMessage('notice', 'Minutes recorded.');
    } catch (err) {
      showError(err, form);
    }
  });
  return form;
}

const PAGES = { qapp: qappPage, dashboard: dashboardPage, case: casePage, 'my-work': myWorkPage, 'sign-in': signInPage, incident: incidentPage };
document.addEventListener('DOMContentLoaded', () => {
  $('#message')?.setAttribute('tabindex', '-1');
  void PAGES[document.body.dataset.page]?.();
});
