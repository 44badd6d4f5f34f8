/**
 * The pages' HTML: one shell for every page (the design system's stylesheets, the skip link, the
 * header and the page's own module), named here once rather than copied into a file per page.
 * Each page's module in api/pages/ fills `#content`.
 */
import type { RequestHandler } from 'express';
import { assignCaseForm, issueTokenForm } from '../domain/access-schemas';
import { startAuditForm } from '../domain/audit-schemas';
import type { PageField } from '../domain/form-fields';
import { PROCESS_NAMES } from '../domain/processes';
import { startPracticeReviewForm, startRapidReviewForm } from '../domain/schemas';
import { PROCESSES } from './processes';

interface PageShell {
  /** The browser tab's title. */
  title: string;
  /** The page's heading until its module replaces it. */
  heading: string;
  /** Its module in api/pages/. */
  script: string;
  /** Its forms' fields by form id, derived from the body schemas they post (client.js postForm draws them). */
  forms?: Record<string, PageField[]>;
}

const PROCESS_PAGES = PROCESS_NAMES.flatMap((p) => {
  const page = PROCESSES[p].startedOnItsOwn?.page;
  return page ? [page] : [];
});

/** Each page's title, and its heading where that differs; its module is named after its path (`/my-work`: my-work.js). */
const PAGES: Record<string, string | readonly [title: string, heading: string]> = {
  '/': ['Dashboard', 'Every timescale'],
  '/admin': ['Access', 'Who may use the engine'],
  '/audit-return': 'Send an audit return',
  '/audit': 'Audit',
  '/audits': 'Audits',
  '/case': 'Case',
  '/import': 'Bring your cases in',
  '/incident': 'Record an incident',
  '/my-work': 'My work',
  '/portfolio': ['Practice reviews', 'Open practice reviews'],
  '/practice-review': 'Start a practice review',
  '/qapp': 'QAPP meetings',
  '/sign-in': 'Sign in',
};

/** The forms each page posts, by form id: their fields come from the API's own body schemas (a process's page names its own). */
const PAGE_FORMS: Record<string, Record<string, () => PageField[]>> = {
  '/admin': { 'token-form': issueTokenForm, 'assignment-form': assignCaseForm },
  '/audits': { 'audit-form': startAuditForm },
  '/incident': { 'incident-form': startRapidReviewForm },
  '/practice-review': { 'practice-review-form': startPracticeReviewForm },
  ...Object.fromEntries(PROCESS_PAGES.flatMap((p) => (p.forms ? [[p.path, p.forms]] : []))),
};
const formsOf = (path: string) => {
  const forms = PAGE_FORMS[path];
  return forms ? { forms: Object.fromEntries(Object.entries(forms).map(([id, fields]) => [id, fields()])) } : {};
};

export const PAGE_SHELLS: Record<string, PageShell> = {
  ...Object.fromEntries(
    Object.entries(PAGES).map(([path, words]) => {
      const [title, heading] = typeof words === 'string' ? [words, words] : words;
      return [path, { title, heading, script: `${path === '/' ? 'dashboard' : path.slice(1)}.js`, ...formsOf(path) }];
    }),
  ),
  ...Object.fromEntries(PROCESS_PAGES.map(({ path, title, heading, script }) => [path, { title, heading, script, ...formsOf(path) }])),
};

/** The header's navigation, which api/pages/client.js renders: a process's page is linked from its registry entry. */
export const NAV: readonly (readonly [string, string])[] = [
  ['/', 'Dashboard'], ['/my-work', 'My work'], ['/portfolio', 'Practice reviews'], ['/incident', 'Record an incident'],
  ['/practice-review', 'Start a practice review'], ['/audits', 'Audits'], ['/qapp', 'QAPP meetings'], ...PROCESS_PAGES.map((p) => [p.path, p.nav] as const),
  ['/audit-return', 'Send an audit return'], ['/admin', 'Access'], ['/import', 'Bring cases in'], ['/sign-in', 'Sign in'],
];
/** JSON in a single-quoted attribute. */
const jsonAttribute = (value: unknown) => JSON.stringify(value).replace(/&/g, '&amp;').replace(/'/g, '&#39;');
const NAV_ATTRIBUTE = jsonAttribute(NAV);

export function pageShell({ title, heading, script, forms }: PageShell): string {
  return `<!doctype html>
<html lang="en" class="govuk-template">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – review-engine</title>
<link rel="stylesheet" href="/govuk-frontend.css">
<link rel="stylesheet" href="/style.css">
<script type="module" src="/${script}"></script>
</head>
<body class="govuk-template__body">
<a class="govuk-skip-link" href="#main">Skip to main content</a>
<div id="site-header" data-nav='${NAV_ATTRIBUTE}'></div>
<div class="govuk-width-container">
<main class="govuk-main-wrapper" id="main">
<h1 class="govuk-heading-l" id="title">${heading}</h1>
<div id="message"></div>
<div id="content"${forms ? ` data-forms='${jsonAttribute(forms)}'` : ''}></div>
</main>
</div>
</body>
</html>
`;
}

/** Serves each page's shell at its path (and at `<path>.html`, `/index.html` for the dashboard), as static files were served. */
export function servePageShells(): RequestHandler {
  const rendered = new Map(Object.entries(PAGE_SHELLS).map(([path, shell]) => [path, pageShell(shell)]));
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const path = req.path === '/index.html' ? '/' : req.path.replace(/\.html$/, '');
    const html = rendered.get(path);
    if (html === undefined) return next();
    res.set('Cache-Control', 'public, max-age=300').type('html').send(html);
  };
}
