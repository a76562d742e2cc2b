import type { JSONWebKeySet } from 'jose';

/** Loads a JWKS document; rejects on any failure (network, deadline, status, JSON, shape). */
export type JwksLoader = (signal: AbortSignal) => Promise<JSONWebKeySet>;

/** A loader that GETs the document over HTTP with a deadline. */
export function httpJwksLoader(url: string, timeoutMs: number): JwksLoader {
  return async (signal) => {
    const response = await fetch(url, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`the JWKS endpoint answered ${response.status}`);
    }
    const body: unknown = await response.json();
    if (!isKeySet(body)) {
      throw new Error('the JWKS document has no "keys" array');
    }
    return body;
  };
}

function isKeySet(body: unknown): body is JSONWebKeySet {
  return typeof body === 'object' && body !== null && Array.isArray((body as { keys?: unknown }).keys);
}
