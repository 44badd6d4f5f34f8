/** The API over real HTTP on an ephemeral loopback port, with a seeded token sent by default. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppDependencies } from '../../api/app';
import { createAuthenticator } from '../../api/auth/authenticate';
import { issueToken } from '../../api/auth/local-tokens';
import type { Role } from '../../api/auth/principal';

export interface RequestOptions {
  /** Bearer token to send; `null` sends no Authorization header. Defaults to the seeded token. */
  token?: string | null;
  headers?: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  type: string;
  headers: Headers;
  body: Record<string, unknown>;
  text: string;
}

export interface RunningApi {
  url: string;
  /** The seeded token (roles: admin, executive, cspr-chair, qapp-chair unless `seedRoles` says otherwise). */
  token: string;
  close(): Promise<void>;
  request(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse>;
  /** Issues another token straight into the database, e.g. for a role-matrix test. */
  issueToken(subject: string, roles: Role[], extra?: { agency?: string; expiresAt?: Date }): Promise<string>;
}

export type TestApiDependencies = Omit<AppDependencies, 'auth'> & Partial<Pick<AppDependencies, 'auth'>> & { seedRoles?: Role[] };

export async function startTestApi(deps: TestApiDependencies): Promise<RunningApi> {
  const { seedRoles, ...rest } = deps;
  const app = createApp({ rateLimitPerMinute: 100_000, authFailuresPerMinute: 100_000, ...rest, auth: rest.auth ?? createAuthenticator({ db: deps.db }) });
  const seeded = await issueToken(deps.db, { subject: 'test-chair@lscp.test', roles: seedRoles ?? ['admin', 'executive', 'cspr-chair', 'qapp-chair'], label: 'test api' });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    token: seeded.token,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    async issueToken(subject, roles, extra = {}) {
      return (await issueToken(deps.db, { subject, roles, agency: extra.agency, expiresAt: extra.expiresAt ?? null })).token;
    },
    async request(method, path, body, options = {}) {
      const token = options.token === undefined ? seeded.token : options.token;
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      const type = res.headers.get('content-type') ?? '';
      return { status: res.status, type, headers: res.headers, text, body: text && /json/.test(type) ? (JSON.parse(text) as Record<string, unknown>) : {} };
    },
  };
}

/** Polls until `check` returns a value, for effects that arrive asynchronously (mail, read model). */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
