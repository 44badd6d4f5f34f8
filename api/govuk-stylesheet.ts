/**
 * govuk-frontend's stylesheet, read from node_modules once, without the GDS Transport typeface:
 * that font, like the crown, is for gov.uk services only, so a system font stack takes its place
 * (the pages never use the crown). Nothing else of the design system is changed.
 */
import { readFileSync } from 'node:fs';
import type { RequestHandler } from 'express';

export const SYSTEM_FONT_STACK = 'system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif';

export function govukStylesheet(): string {
  const css = readFileSync(require.resolve('govuk-frontend/dist/govuk/govuk-frontend.min.css'), 'utf8');
  return css.replace(/@font-face\{font-family:GDS Transport;[^}]*\}/g, '').replaceAll('font-family:GDS Transport,arial,sans-serif', `font-family:${SYSTEM_FONT_STACK}`);
}

export function serveGovukStylesheet(): RequestHandler {
  let css: string | undefined;
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path !== '/') return next();
    css ??= govukStylesheet();
    res.type('text/css').setHeader('Cache-Control', 'public, max-age=300');
    res.send(css);
  };
}
