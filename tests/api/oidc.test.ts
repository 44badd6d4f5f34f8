/**
 * OpenID Connect bearer tokens verified against a JWKS served on 127.0.0.1 by this test, as an
 * identity provider such as Microsoft Entra ID would serve it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { createAuthenticator } from '../../api/auth/authenticate';
import type { Database } from '../../prisma/client';
import type { RunningApi } from '../support/api';
import { seedCase, startAccessApi } from './support';

const ISSUER = 'https://login.microsoftonline.com/tenant-id/v2.0';
const AUDIENCE = 'api://review-engine';
let jwks: Server;
let signing: KeyLike;
let stranger: KeyLike;
let api: RunningApi;
let db: Database;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  signing = pair.privateKey;
  stranger = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  jwks = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', () => resolve()));
  const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/discovery/v2.0/keys`;
  ({ api, db } = await startAccessApi({
    authFor: (database) => createAuthenticator({ db: database, oidc: { issuer: ISSUER, audience: AUDIENCE, jwksUrl, roleMap: { 'LSCP.Executive': 'executive', 'LSCP.Reviewer': 'reviewer' } } }),
  }));
  await seedCase(db, 'OIDC-2026-01');
  await seedCase(db, 'OIDC-2026-02');
  await db.caseAssignment.create({ data: { caseReference: 'OIDC-2026-01', subject: 'reviewer-oid', role: 'reviewer' } });
});

afterAll(async () => {
  await api?.close();
  await db?.$disconnect();
  await new Promise<void>((resolve) => jwks?.close(() => resolve()));
});

function token(claims: Record<string, unknown>, options: { key?: KeyLike; expiresAt?: number; audience?: string; issuer?: string; kid?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'key-1' })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt(now - 60)
    .setExpirationTime(options.expiresAt ?? now + 600)
    .sign(options.key ?? signing);
}

test('a token from the identity provider works, with its app roles mapped to ours', async () => {
  const exec = await token({ sub: 'exec-oid', roles: ['LSCP.Executive', 'Unrelated.Role'] });
  const r = await api.request('GET', '/api/cases/OIDC-2026-02', undefined, { token: exec });
  expect([r.status, r.body.reference]).toEqual([200, 'OIDC-2026-02']);
  expect((await api.request('GET', '/api/tokens', undefined, { token: exec })).status).toBe(403);
});

test('an OIDC reviewer is held to their assigned cases (404 for others)', async () => {
  const reviewer = await token({ sub: 'reviewer-oid', roles: ['LSCP.Reviewer'] });
  expect((await api.request('GET', '/api/cases/OIDC-2026-01', undefined, { token: reviewer })).status).toBe(200);
  expect((await api.request('GET', '/api/cases/OIDC-2026-02', undefined, { token: reviewer })).status).toBe(404);
});

test.each([
  ['signed by the wrong key', () => token({ sub: 'x', roles: ['LSCP.Executive'] }, { key: stranger }), 'token signature not valid'],
  ['signed by the wrong key under an unknown key id', () => token({ sub: 'x', roles: ['LSCP.Executive'] }, { key: stranger, kid: 'other' }), 'token signature not valid'],
  ['expired', () => token({ sub: 'x', roles: ['LSCP.Executive'] }, { expiresAt: Math.floor(Date.now() / 1000) - 3600 }), 'token expired'],
  ['for another audience', () => token({ sub: 'x', roles: ['LSCP.Executive'] }, { audience: 'api://other' }), 'token not valid (ERR_JWT_CLAIM_VALIDATION_FAILED)'],
  ['from another issuer', () => token({ sub: 'x', roles: ['LSCP.Executive'] }, { issuer: 'https://evil.example' }), 'token not valid (ERR_JWT_CLAIM_VALIDATION_FAILED)'],
  ['unsigned', async () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', iss: ISSUER, aud: AUDIENCE })).toString('base64url')}.`, undefined],
])('a token %s is refused with 401', async (_what, make, detail) => {
  const r = await api.request('GET', '/api/cases/OIDC-2026-02', undefined, { token: await make() });
  expect(r.status).toBe(401);
  if (detail) expect(r.body.detail).toBe(detail);
});

test('a valid token with no role we know is authenticated but denied (403)', async () => {
  const nobody = await token({ sub: 'nobody', roles: ['Something.Else'] });
  expect((await api.request('GET', '/api/cases', undefined, { token: nobody })).status).toBe(403);
});
