/** The settings every process connects to Temporal with: plain, TLS with a private CA and mTLS, API key. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, parseEnv } from '../../config/env';
import { temporalConnectionOptions } from '../../config/temporal-connection';

const dir = mkdtempSync(join(tmpdir(), 'tls-'));
for (const name of ['ca.pem', 'client.pem', 'client.key']) writeFileSync(join(dir, name), `contents of ${name}`);
const options = (vars: Record<string, string>) => temporalConnectionOptions(parseEnv({ TEMPORAL_ADDRESS: 'temporal.example:7233', ...vars }));

test('no TLS variables: plain gRPC to the address', () => {
  expect(options({})).toEqual({ address: 'temporal.example:7233' });
});

test('a CA, a client certificate and key: mTLS against a private CA, with the server name', () => {
  const tls = options({ TEMPORAL_TLS_CA_FILE: join(dir, 'ca.pem'), TEMPORAL_TLS_CERT_FILE: join(dir, 'client.pem'), TEMPORAL_TLS_KEY_FILE: join(dir, 'client.key'), TEMPORAL_TLS_SERVER_NAME: 'frontend.cluster' }).tls;
  expect(tls).toEqual({ serverNameOverride: 'frontend.cluster', serverRootCACertificate: Buffer.from('contents of ca.pem'), clientCertPair: { crt: Buffer.from('contents of client.pem'), key: Buffer.from('contents of client.key') } });
});

test('an API key (Temporal Cloud) turns TLS on with the system CAs', () => {
  expect(options({ TEMPORAL_API_KEY: 'key-1' })).toEqual({ address: 'temporal.example:7233', tls: true, apiKey: 'key-1' });
  expect(options({ TEMPORAL_TLS: 'true' })).toEqual({ address: 'temporal.example:7233', tls: true });
});

test('a certificate without its key is refused at start-up, naming both variables', () => {
  expect(() => options({ TEMPORAL_TLS_CERT_FILE: join(dir, 'client.pem') })).toThrow(ConfigError);
  expect(() => options({ TEMPORAL_TLS_CERT_FILE: join(dir, 'client.pem') })).toThrow(/TEMPORAL_TLS_KEY_FILE: TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE go together/);
});

test('a file that cannot be read is named with its variable', () => {
  expect(() => options({ TEMPORAL_TLS_CA_FILE: join(dir, 'missing.pem') })).toThrow(`TEMPORAL_TLS_CA_FILE=${join(dir, 'missing.pem')} cannot be read (ENOENT)`);
});
