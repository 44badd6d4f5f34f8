/** One error shape for every failure: application/problem+json (RFC 9457). */
import type { ErrorRequestHandler } from 'express';
import type { z } from 'zod';

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

export const notFound = (what: string) => new Problem(404, 'Not Found', `${what} does not exist`);
export const conflict = (detail: string, extra: Record<string, unknown> = {}) => new Problem(409, 'Conflict', detail, extra);

export function validationProblem(error: z.ZodError, where: 'body' | 'query' | 'path'): Problem {
  const errors = error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : where,
    rule: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }));
  return new Problem(400, 'Invalid request', errors.map((e) => `${e.field}: ${e.rule}`).join('; '), { errors });
}

export function parse<T extends z.ZodType>(schema: T, value: unknown, where: 'body' | 'query' | 'path'): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationProblem(result.error, where);
  return result.data;
}

export const problemHandler =
  (log: (message: string, fields: Record<string, unknown>) => void): ErrorRequestHandler =>
  (err: unknown, req, res, _next) => {
    const requestId = String(res.getHeader('X-Request-Id') ?? '');
    if (res.headersSent) {
      log('error after the response began', { requestId, error: err instanceof Error ? err.message : String(err) });
      res.destroy();
      return;
    }
    let problem: Problem;
    if (err instanceof Problem) problem = err;
    else if (err instanceof URIError) problem = new Problem(400, 'Invalid request', 'the path is not valid percent-encoding', { errors: [{ field: 'path', rule: 'must be valid percent-encoding' }] });
    else if (isBodyParserError(err)) problem = new Problem(err.status, err.status === 413 ? 'Payload Too Large' : 'Invalid request', err.status === 413 ? 'request body is larger than the limit' : 'request body is not valid JSON');
    else {
      log('unhandled error', { requestId, error: err instanceof Error ? err.message : String(err), causes: causesOf(err) });
      problem = new Problem(500, 'Internal Server Error', 'the request could not be completed; quote the request id when reporting it');
    }
    const { headers, ...extra } = problem.extra as { headers?: Record<string, string> };
    if (headers) res.set(headers);
    res
      .status(problem.status)
      .type('application/problem+json')
      .json({ type: 'about:blank', title: problem.title, status: problem.status, detail: problem.message, instance: req.path, requestId, ...extra });
  };

/**
 * What lies under an error, for the log: each cause's message and gRPC or driver code ("Failed to
 * start Workflow" alone does not say whether Temporal refused it, timed out or was not reached).
 */
export function causesOf(err: unknown): string[] {
  const causes: string[] = [];
  for (let e = (err as { cause?: unknown } | null)?.cause, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    const message = e instanceof Error ? e.message : String(e);
    causes.push(`${message.slice(0, 300)}${code === undefined ? '' : ` (code ${String(code)})`}`);
  }
  return causes;
}

function isBodyParserError(err: unknown): err is { status: number; type: string } {
  return typeof err === 'object' && err !== null && 'type' in err && 'status' in err && typeof (err as { status: unknown }).status === 'number';
}
