/** The OpenAPI document covers every route the app serves, and every route is in the access policy. */
import type { Express } from 'express';
import { createApp } from '../../api/app';
import { createAuthenticator } from '../../api/auth/authenticate';
import { ROUTES } from '../../api/auth/policy';
import { docsPage, ENDPOINTS, openApiDocument } from '../../api/openapi';
import { defaultCalendar } from '../../domain/calendar';
import { STANDARD_RULES } from '../../domain/rules';
import type { Database } from '../../prisma/client';
import { standInTemporal } from './support';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

function servedRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) for (const m of Object.keys(layer.route.methods)) found.push(`${m.toUpperCase()} ${prefix}${layer.route.path}`);
      else if (layer.handle?.stack) walk(layer.handle.stack, '/api');
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return [...new Set(found)].sort();
}

const db = {} as Database;
const app = createApp({ temporal: standInTemporal, db, taskQueue: 'x', calendar: defaultCalendar, ruleSet: () => STANDARD_RULES, searchAttributes: false, auth: createAuthenticator({ db }) });

test('every served route is documented, and every documented route is served', () => {
  const documented = ENDPOINTS.map((e) => `${e.method.toUpperCase()} ${e.path}`).sort();
  expect(servedRoutes(app)).toEqual(documented);
});

test('the access policy has exactly one rule for each route the app serves, and none for a route it does not', () => {
  const ruled = ROUTES.map((r) => `${r.method} ${r.route}`);
  expect(new Set(ruled).size).toBe(ruled.length);
  expect([...ruled].sort()).toEqual(servedRoutes(app));
});

test('the document is OpenAPI 3.1 with request schemas that refuse unknown fields, and the docs page lists every path', () => {
  const doc = openApiDocument('2026-12-04') as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { additionalProperties?: unknown } }> }; responses: Record<string, unknown> }>> };
  expect(doc.openapi).toBe('3.1.0');
  const start = doc.paths['/api/rapid-reviews']!.post!;
  expect(start.requestBody!.content['application/json']!.schema.additionalProperties).toBe(false);
  expect(Object.keys(start.responses).sort()).toEqual(['201', '400', '401', '403', '409', '413', '422', '429', '503']);
  // Every mutating endpoint takes an Idempotency-Key (issue 13).
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const named = (op as { parameters?: { name: string; in: string }[] }).parameters?.some((p) => p.name === 'Idempotency-Key' && p.in === 'header') ?? false;
      expect({ path, method, idempotencyKey: named }).toEqual({ path, method, idempotencyKey: method !== 'get' });
    }
  }
  const page = docsPage('2026-12-04');
  for (const path of Object.keys(doc.paths)) expect(page).toContain(`<code>${path}</code>`);
  expect(page).not.toMatch(/<script|https?:\/\/(?!127)/);
});
