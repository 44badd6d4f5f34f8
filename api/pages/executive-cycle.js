// The Executive Group's meeting cycle page: a module of its own (plain JavaScript, no build step).
// Every figure comes from the API; the milestone form is built from the case answer's allowedNext,
// so it offers only what the workflow would accept, and a refusal shows the workflow's reason.
'use strict';

(() => {
  const TOKEN_KEY = 'review-engine-token';
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

  async function api(method, path, body) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    const headers = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    const data = text ? JSON.parse(text) : {};
    if (!res.ok) throw Object.assign(new Error(data.reason || data.detail || `HTTP ${res.status}`), { status: res.status, problem: data });
    return data;
  }

  function show(kind, content) {
    $('#message').replaceChildren(content ? el('div', { class: kind }, content) : '');
  }
  function showError(err) {
    if (err.status === 401) return show('error', el('p', {}, 'Sign in first: ', el('a', { href: '/sign-in', text: 'enter your token' }), '.'));
    const list = ((err.problem && err.problem.errors) || []).map((e) => el('li', {}, el('strong', { text: e.field }), `: ${e.rule}`));
    show('error', [el('h2', { text: err.status === 409 ? 'Refused' : 'There is a problem' }), el('p', { 'data-testid': 'refusal', text: err.message }), list.length ? el('ul', {}, list) : null]);
  }

  const table = (head, rows) => el('table', {}, el('thead', {}, el('tr', {}, head.map((h) => el('th', { scope: 'col', text: h })))), el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c) => el('td', { text: c ?? '' }))))));

  function field(f) {
    const id = `f-${f.name}`;
    const label = el('label', { for: id, text: f.label + (f.required ? '' : ' (optional)') });
    const hint = f.rule ? el('span', { class: 'hint', text: f.rule }) : null;
    if (f.kind === 'choice') return el('div', { class: 'field' }, label, hint, el('select', { id, name: f.name, required: f.required }, (f.choices || []).map((c) => el('option', { value: c, text: c }))));
    if (f.kind === 'list') return el('div', { class: 'field' }, label, el('span', { class: 'hint', text: 'one per line: id, owner, due date (E1, police, 2026-12-18)' }), el('textarea', { id, name: f.name, required: f.required }));
    return el('div', { class: 'field' }, label, hint, el(f.name === 'decisions' || f.name === 'note' ? 'textarea' : 'input', { id, name: f.name, type: f.kind === 'date' ? 'date' : 'text', required: f.required }));
  }

  function milestoneForm(ref, allowed) {
    if (allowed.length === 0) return null;
    const picker = el('select', { id: 'milestone', name: 'milestone' }, allowed.map((a) => el('option', { value: a.milestone, text: a.label })));
    const fields = el('div');
    const why = el('p', { class: 'hint' });
    const render = () => {
      const a = allowed.find((x) => x.milestone === picker.value);
      why.textContent = a.why;
      fields.replaceChildren(...a.fields.map(field));
    };
    picker.addEventListener('change', render);
    const form = el('form', {}, el('h2', { text: 'Record' }), el('div', { class: 'field' }, el('label', { for: 'milestone', text: 'What happened' }), picker), why, fields, el('button', { type: 'submit', text: 'Record' }));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = { milestone: picker.value };
      for (const [k, v] of new FormData(form)) {
        if (k === 'milestone' || v === '') continue;
        body[k] = k === 'actions' ? String(v).split('\n').filter((l) => l.trim()).map((l) => { const [id, owner, dueOn] = l.split(',').map((s) => s.trim()); return { id, owner, dueOn }; }) : v;
      }
      try {
        await api('POST', `/api/executive-cycles/${encodeURIComponent(ref)}/milestones`, body);
        show('notice', 'Recorded.');
        await load(ref);
      } catch (err) {
        showError(err);
      }
    });
    render();
    return form;
  }

  async function load(ref) {
    const cycle = await api('GET', `/api/executive-cycles/${encodeURIComponent(ref)}`);
    // allowedNext comes with the case answer (roles that may read cases); without it the page only shows.
    const asCase = await api('GET', `/api/cases/${encodeURIComponent(ref)}`).catch(() => ({ allowedNext: [] }));
    const n = cycle.nextMeeting;
    $('#title').textContent = `Executive Group meetings ${cycle.reference}`;
    $('#content').replaceChildren(
      el('p', {}, el('strong', { text: cycle.stage }), ` · next meeting ${n.meetingOn}: papers by ${n.papersDueOn}, agenda by ${n.agendaDueOn}`),
      el('h2', { text: 'Cadence' }),
      table(['Pattern', 'From', 'Decided'], cycle.cadences.map((c) => [c.pattern, c.from, c.decidedOn])),
      el('h2', { text: 'Open actions' }),
      cycle.openActions.length ? table(['Action', 'Owner', 'Due', 'Agreed', ''], cycle.openActions.map((a) => [a.actionId, a.owner, a.dueOn, a.agreedAt, a.overdue ? 'Overdue' : ''])) : el('p', { text: 'None.' }),
      el('h2', { text: 'Meetings recorded' }),
      table(['Meeting', 'Agenda', 'Held', 'Decisions', 'Actions'], cycle.meetings.map((m) => [m.meetingOn, m.agendaIssuedOn, m.heldOn, m.decisionsRecordedOn, m.actionsAgreedOn])),
      milestoneForm(ref, asCase.allowedNext || []),
    );
  }

  function startForm() {
    const form = el(
      'form',
      {},
      el('h2', { text: 'Open a cycle' }),
      el('div', { class: 'field' }, el('label', { for: 'reference', text: 'Reference' }), el('input', { id: 'reference', name: 'reference', required: true, placeholder: 'WSCPEX-2019-01' })),
      el('div', { class: 'field' }, el('label', { for: 'pattern', text: 'Cadence' }), el('select', { id: 'pattern', name: 'pattern' }, el('option', { value: 'monthly', text: 'monthly' }), el('option', { value: 'two-weekly', text: 'two-weekly' }))),
      el('div', { class: 'field' }, el('label', { for: 'firstMeetingOn', text: 'First meeting (may be in the past)' }), el('input', { id: 'firstMeetingOn', name: 'firstMeetingOn', type: 'date', required: true })),
      el('button', { type: 'submit', text: 'Open' }),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = Object.fromEntries(new FormData(form));
      try {
        await api('POST', '/api/executive-cycles', body);
        history.replaceState(null, '', `?ref=${encodeURIComponent(body.reference)}`);
        await load(body.reference);
      } catch (err) {
        showError(err);
      }
    });
    return form;
  }

  document.addEventListener('DOMContentLoaded', async () => {
    const ref = new URLSearchParams(location.search).get('ref');
    if (!ref) return $('#content').replaceChildren(startForm());
    try {
      await load(ref);
    } catch (err) {
      showError(err);
    }
  });
})();
