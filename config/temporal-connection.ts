/**
 * How every process reaches Temporal: the address, and for a secured cluster or Temporal Cloud, TLS
 * (a CA for a private certificate authority, a client certificate and key for mTLS) and/or an API
 * key. One function, so the API, the workers and the start reconciler always connect alike.
 */
import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import type { Env } from './env';

export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
}

function file(variable: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new Error(`${variable}=${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

export function temporalConnectionOptions(env: Env): TemporalConnectionOptions {
  const wantsTls = env.TEMPORAL_TLS === 'true' || Boolean(env.TEMPORAL_TLS_CA_FILE || env.TEMPORAL_TLS_CERT_FILE || env.TEMPORAL_API_KEY);
  if (env.TEMPORAL_TLS === 'false' || !wantsTls) return { address: env.TEMPORAL_ADDRESS, ...(env.TEMPORAL_API_KEY ? { apiKey: env.TEMPORAL_API_KEY } : {}) };
  const tls: TLSConfig = {
    ...(env.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: env.TEMPORAL_TLS_SERVER_NAME } : {}),
    ...(env.TEMPORAL_TLS_CA_FILE ? { serverRootCACertificate: file('TEMPORAL_TLS_CA_FILE', env.TEMPORAL_TLS_CA_FILE) } : {}),
    ...(env.TEMPORAL_TLS_CERT_FILE && env.TEMPORAL_TLS_KEY_FILE
      ? { clientCertPair: { crt: file('TEMPORAL_TLS_CERT_FILE', env.TEMPORAL_TLS_CERT_FILE), key: file('TEMPORAL_TLS_KEY_FILE', env.TEMPORAL_TLS_KEY_FILE) } }
      : {}),
  };
  return { address: env.TEMPORAL_ADDRESS, tls: Object.keys(tls).length > 0 ? tls : true, ...(env.TEMPORAL_API_KEY ? { apiKey: env.TEMPORAL_API_KEY } : {}) };
}
