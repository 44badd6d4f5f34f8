// The pages' shared client: plain JavaScript modules, no build step. Every figure comes from the API,
// called with the token the person signed in with; every refusal shows the API's own reason in a
// GOV.UK error summary naming the field and its rule.
const TOKEN_KEY = 'review-engine-token';

export const STATUS_TEXT = {
  overdue: 'Overdue', 'due-today': 'Due today', 'at-risk': 'At risk', 'on-hold': 'On hold',
  'publication-deferred': 'Publication deferred', 'on-track': 'On track', met: 'Met', 'met-late': 'Met late', standing: 'Kept available',
  'finished-late': 'Finished late', closed: 'Closed', 'no-deadline': 'No deadline',
};
const TAG_COLOUR = {
  overdue: 'red', 'due-today': 'red', 'at-risk': 'orange', 'on-hold': 'purple', 'publication-deferred': 'purple', 'on-track': 'green', met: 'green',
  'met-late': 'yellow', 'finished-late': 'yellow', closed: 'grey', standing: 'blue', 'no-deadline': 'grey',
};

/** The navigation, one place for every page (each link names a job, not a screen): [href, text] pairs that api/page-shells.ts writes into each page's shell, so the process registry links its pages. */
const NAV = JSON.parse(document.getElementById('site-header')?.dataset.nav ?? '[]');
/** The fields of each form the page posts, by form id: api/page-shells.ts derives them from the body schema the API parses (domain/form-fields.ts pageFields). */
const FORMS = JSON.parse(document.getElementById('content')?.dataset.forms ?? '{}');

export const $ = (selector) => document.querySelector(selector);

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const child of children.flat()) if (child !== undefined && child !== null) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

const SVG = 'http://www.w3.org/2000/svg';
export function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

export const statusTag = (status) => el('strong', { class: `govuk-tag govuk-tag--${TAG_COLOUR[status] ?? 'grey'} status status-${status}`, text: STATUS_TEXT[status] ?? status });

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export async function api(method, path, body) {
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

export const signIn = (token) => sessionStorage.setItem(TOKEN_KEY, token);
export const signOut = () => sessionStorage.removeItem(TOKEN_KEY);

/** A success banner (GOV.UK notification banner). */
export function showNotice(text) {
  $('#message').replaceChildren(
    el('div', { class: 'govuk-notification-banner govuk-notification-banner--success notice', role: 'alert', 'aria-labelledby': 'notice-title' },
      el('div', { class: 'govuk-notification-banner__header' }, el('h2', { class: 'govuk-notification-banner__title', id: 'notice-title', text: 'Success' })),
      el('div', { class: 'govuk-notification-banner__content' }, el('p', { class: 'govuk-notification-banner__heading', text }))),
  );
}

export function clearMessage() {
  $('#message').replaceChildren();
}

/** A GOV.UK error summary: the API's reason, then each field and its rule, linked to the field when the form has it. */
export function showError(err, form) {
  const items = [];
  let title = 'There is a problem';
  let reason;
  if (!(err instanceof ApiError)) reason = `Something went wrong: ${err.message}`;
  else if (err.status === 401) reason = el('span', {}, 'Sign in first: ', el('a', { href: '/sign-in', text: 'enter your token' }), '.');
  else {
    if (err.status === 409) title = 'Refused';
    reason = err.problem.reason || err.problem.detail;
    for (const e of err.problem.errors || []) {
      const field = form?.querySelector(`[name="${CSS.escape(e.field)}"]`) ?? form?.querySelector(`[data-name="${CSS.escape(e.field)}"] input`);
      if (field) {
        field.setAttribute('aria-invalid', 'true');
        field.classList.add(field.tagName === 'SELECT' ? 'govuk-select--error' : field.tagName === 'TEXTAREA' ? 'govuk-textarea--error' : 'govuk-input--error');
      }
      const text = `${e.field}: ${e.rule}`;
      items.push(el('li', {}, field?.id ? el('a', { href: `#${field.id}`, text }) : el('span', { text })));
    }
  }
  const summary = el('div', { class: 'govuk-error-summary error', tabindex: '-1' },
    el('div', { role: 'alert' },
      el('h2', { class: 'govuk-error-summary__title', text: title }),
      el('div', { class: 'govuk-error-summary__body' },
        el('p', { class: 'govuk-body', 'data-testid': 'refusal' }, reason),
        items.length ? el('ul', { class: 'govuk-list govuk-error-summary__list' }, items) : null)));
  $('#message').replaceChildren(summary);
  summary.focus();
}

/** A form's fields as a JSON body: empty fields left out, typed fields converted. */
export function formBody(form) {
  const body = {};
  for (const [k, v] of new FormData(form)) {
    if (v === '') continue;
    const input = form.querySelector(`[name="${k}"]`);
    if (input?.dataset.datePart) continue;
    const type = input?.dataset.type;
    body[k] = type === 'boolean' ? v === 'true' : type === 'number' ? Number(v) : type === 'list' ? lines(v) : v;
  }
  for (const group of form.querySelectorAll('.govuk-date-input[data-name]')) {
    const [day, month, year] = ['day', 'month', 'year'].map((part) => group.querySelector(`[data-date-part="${part}"]`).value.trim());
    // Sent as typed, so the API's own rule names a wrong date rather than the page guessing.
    if (day || month || year) body[group.dataset.name] = `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  }
  for (const group of form.querySelectorAll('[data-list]')) {
    const list = group.dataset.list;
    const items = [];
    for (const key of Object.keys(body).filter((k) => k.startsWith(`${list}.`))) {
      const [, index, name] = key.split('.');
      (items[Number(index)] ??= {})[name] = body[key];
      delete body[key];
    }
    // An item left blank is not sent; a list left blank is left out, so the API names it if it is required.
    const filled = items.filter((item) => item && Object.keys(item).length > 0);
    if (filled.length > 0) body[list] = filled;
  }
  return body;
}

/**
 * A list of records in the "add another" pattern: one fieldset per item holding the item's own
 * fields, named `list.index.field` like the API's error paths so a refusal points at the box.
 * `render(prefix)` gives one item's fields; `formBody` sends the items as an array of objects.
 */
export function repeatableGroup({ name, label, hint, itemLabel, render }) {
  const items = el('div', { class: 'repeatable__items' });
  const renumber = () => [...items.children].forEach((item, i) => {
    item.querySelector('legend').textContent = `${itemLabel} ${i + 1}`;
    item.querySelector('.repeatable__which').textContent = ` ${itemLabel.toLowerCase()} ${i + 1}`;
    item.querySelector('.repeatable__remove').hidden = items.children.length === 1;
    for (const node of item.querySelectorAll('[name], [data-name]')) {
      for (const attr of ['name', 'data-name']) if (node.hasAttribute(attr)) node.setAttribute(attr, node.getAttribute(attr).replace(/^[^.]+\.\d+\./, `${name}.${i}.`));
    }
  });
  const add = () => {
    const remove = el('button', { type: 'button', class: 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0 repeatable__remove' }, 'Remove', el('span', { class: 'govuk-visually-hidden repeatable__which' }));
    const item = el('fieldset', { class: 'govuk-fieldset repeatable__item' }, el('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }), ...render(`${name}.${items.children.length}.`), remove);
    remove.addEventListener('click', () => {
      item.remove();
      renumber();
      items.lastElementChild?.querySelector('input, select')?.focus();
    });
    items.append(item);
    renumber();
    return item;
  };
  const another = el('button', { type: 'button', class: 'govuk-button govuk-button--secondary', text: `Add another ${itemLabel.toLowerCase()}` });
  another.addEventListener('click', () => add().querySelector('input, select')?.focus());
  add();
  const hintId = hint ? nextId(`${name}-hint`) : undefined;
  return el('div', { class: 'govuk-form-group repeatable', 'data-list': name },
    el('fieldset', { class: 'govuk-fieldset', 'aria-describedby': hintId },
      el('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s', text: label }),
      hint ? el('div', { class: 'govuk-hint', id: hintId, text: hint }) : null,
      items, another));
}

/** The GOV.UK date input: day, month and year boxes under one question, sent as one ISO date. */
export function dateField({ name, label, hint, value }) {
  const id = nextId(name);
  const [year, month, day] = value ? value.split('-') : ['', '', ''];
  const box = (part, text, val, width) => el('div', { class: 'govuk-date-input__item' },
    el('div', { class: 'govuk-form-group' },
      el('label', { class: 'govuk-label govuk-date-input__label', for: `${id}-${part}`, text }),
      el('input', { class: `govuk-input govuk-date-input__input govuk-input--width-${width}`, id: `${id}-${part}`, name: `${name}-${part}`, type: 'text', inputmode: 'numeric', 'data-date-part': part, value: val })));
  return el('div', { class: 'govuk-form-group' },
    el('fieldset', { class: 'govuk-fieldset', role: 'group', 'aria-describedby': hint ? `${id}-hint` : undefined },
      el('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s', text: label }),
      hint ? el('div', { class: 'govuk-hint', id: `${id}-hint`, text: hint }) : null,
      el('div', { class: 'govuk-date-input', id, 'data-name': name }, box('day', 'Day', day, 2), box('month', 'Month', month, 2), box('year', 'Year', year, 4))));
}

export const lines = (text) => String(text).split('\n').map((l) => l.trim()).filter(Boolean);

// ------------------------------------------------------------------------ GOV.UK form components
let idCount = 0;
const nextId = (name) => `f-${name.replace(/[^\w-]/g, '-')}-${++idCount}`;

/** A labelled field in the GOV.UK pattern; `kind` is text, date, number, textarea, select, boolean or password. */
export function field({ name, label, kind = 'text', hint, required = false, value, choices, attrs = {} }) {
  const id = attrs.id ?? nextId(name);
  const hintId = hint ? `${id}-hint` : undefined;
  const common = { id, name, required, 'aria-describedby': hintId, ...attrs };
  let control;
  if (kind === 'textarea') control = el('textarea', { class: 'govuk-textarea', rows: 3, ...common }, value ?? '');
  else if (kind === 'select' || kind === 'boolean') {
    const options = kind === 'boolean' ? [['true', 'Yes'], ['false', 'No']] : choices.map((c) => (Array.isArray(c) ? c : [c, c]));
    control = el('select', { class: 'govuk-select', ...common, 'data-type': kind === 'boolean' ? 'boolean' : undefined }, ...options.map(([v, t]) => el('option', { value: v, text: t, selected: v === value })));
  } else {
    const width = kind === 'date' ? ' govuk-input--width-10' : kind === 'number' ? ' govuk-input--width-4' : '';
    control = el('input', { class: `govuk-input${width}`, type: kind === 'number' ? 'text' : kind, inputmode: kind === 'number' ? 'numeric' : undefined, 'data-type': kind === 'number' ? 'number' : undefined, value, ...common });
  }
  return el('div', { class: 'govuk-form-group' },
    el('label', { class: 'govuk-label', for: id, text: label }),
    hint ? el('div', { class: 'govuk-hint', id: hintId, text: hint }) : null,
    control);
}

export function form({ id, legend, submit, fields, secondary }) {
  return el('form', { id, novalidate: true },
    el('fieldset', { class: 'govuk-fieldset' },
      el('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--m' }, el('h2', { class: 'govuk-fieldset__heading', text: legend })),
      ...fields),
    el('div', { class: 'govuk-button-group' }, el('button', { type: 'submit', class: 'govuk-button', 'data-module': 'govuk-button', text: submit }), secondary ?? null));
}

/** The choices the page's shell gives for one field of a form (a filter offers the same values). */
export const choicesOf = (formId, name) => FORMS[formId]?.find((f) => f.name === name)?.choices ?? [];

/**
 * A form declared as data: each field's spec goes to `field` (or, with `kind: 'day-month-year'`, to
 * the GOV.UK date input), an element is kept as it is; without `fields`, the fields the page's shell
 * gives for the form's id (derived from the body schema). Posts its body with `send`; see `onSubmit`.
 */
export function postForm({ id, legend, submit, fields = FORMS[id], secondary, send, then }) {
  if (!fields) throw new Error(`the page's shell gives no fields for the form ${id}`);
  const controls = fields.map((f) => (f instanceof Node ? f : f.kind === 'day-month-year' ? dateField(f) : field(f)));
  return onSubmit(form({ id, legend, submit, fields: controls, secondary }), send, then);
}

/** Posts a form's body; on success runs `then`, on refusal shows the API's reason against the form. */
export function onSubmit(formEl, send, then) {
  formEl.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const answer = await send(formBody(formEl));
      await then(answer);
    } catch (err) {
      showError(err, formEl);
    }
  });
  return formEl;
}

export function table({ caption, head, rows, id }) {
  return el('table', { class: 'govuk-table', id },
    caption ? el('caption', { class: 'govuk-table__caption govuk-table__caption--s', text: caption }) : null,
    el('thead', { class: 'govuk-table__head' }, el('tr', { class: 'govuk-table__row' }, ...head.map((h) => el('th', { scope: 'col', class: 'govuk-table__header', text: h })))),
    el('tbody', { class: 'govuk-table__body' }, ...rows));
}

export const row = (attrs, ...cells) => el('tr', { class: 'govuk-table__row', ...attrs }, ...cells.map((c) => (c instanceof Node && c.tagName === 'TD' ? c : el('td', { class: 'govuk-table__cell' }, c ?? ''))));

export function summaryList(pairs) {
  return el('dl', { class: 'govuk-summary-list' },
    ...pairs.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => el('div', { class: 'govuk-summary-list__row' },
      el('dt', { class: 'govuk-summary-list__key', text: k }), el('dd', { class: 'govuk-summary-list__value' }, v))));
}

/** What to do when a list is empty: a sentence and, where the person can act, the way to act. */
export const emptyState = (text, ...action) => el('div', { class: 'govuk-inset-text', 'data-testid': 'empty-state' }, el('p', { class: 'govuk-body', text }), ...action);

export const heading = (text, level = 2) => el(`h${level}`, { class: level === 2 ? 'govuk-heading-m' : 'govuk-heading-s', text });
export const para = (...children) => el('p', { class: 'govuk-body' }, ...children);
export const link = (href, text) => el('a', { class: 'govuk-link', href, text });
export const query = (name) => new URLSearchParams(location.search).get(name);

function header() {
  const here = location.pathname;
  return el('header', { class: 'govuk-service-navigation', 'data-module': 'govuk-service-navigation' },
    el('div', { class: 'govuk-width-container' },
      el('div', { class: 'govuk-service-navigation__container' },
        el('span', { class: 'govuk-service-navigation__service-name' }, el('a', { href: '/', class: 'govuk-service-navigation__link', text: 'review-engine' })),
        el('nav', { 'aria-label': 'Menu', class: 'govuk-service-navigation__wrapper' },
          el('ul', { class: 'govuk-service-navigation__list', id: 'navigation' },
            ...NAV.map(([href, text]) => el('li', { class: `govuk-service-navigation__item${href === here ? ' govuk-service-navigation__item--active' : ''}` },
              el('a', { class: 'govuk-service-navigation__link', href, 'aria-current': href === here ? 'page' : undefined, text }))))))));
}

/** Every page starts here: the header, then the page's own work. */
export function page(run) {
  document.body.classList.add('js-enabled', 'govuk-frontend-supported');
  $('#site-header').replaceWith(header());
  void Promise.resolve()
    .then(run)
    .catch((err) => showError(err));
}
