import { exportJWK, generateKeyPair, type JSONWebKeySet, type JWK } from 'jose';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@artstore/platform';
import { AuthError, AuthErrorCode } from '../errors/auth.errors';
import { RemoteJwksKeySource, type RemoteJwksKeySourceOptions } from './remote-jwks.key-source';

const logger = createLogger({ serviceName: 'test', level: 'silent', format: 'json' });
const NO_TOKEN = { payload: '', signature: '' };

let first: JWK;
let second: JWK;

beforeAll(async () => {
  const publicJwk = async (kid: string): Promise<JWK> => ({
    ...(await exportJWK((await generateKeyPair('RS256')).publicKey)),
    kid,
    alg: 'RS256',
    use: 'sig',
  });
  [first, second] = await Promise.all([publicJwk('k1'), publicJwk('k2')]);
});

/** A JWKS endpoint the test controls: what it serves, whether it is up, how often it was asked. */
class FakeAdmin {
  fetches = 0;
  reachable = true;
  keys: JWK[] = [];
  private gate: Promise<void> = Promise.resolve();
  private open: () => void = () => undefined;

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open();
  }

  readonly loader = async (): Promise<JSONWebKeySet> => {
    this.fetches += 1;
    await this.gate;
    if (!this.reachable) {
      throw new Error('connect ECONNREFUSED');
    }
    return { keys: [...this.keys] };
  };
}

let clock = 0;
const sources: RemoteJwksKeySource[] = [];

function sourceFor(admin: FakeAdmin, options: Partial<RemoteJwksKeySourceOptions> = {}): RemoteJwksKeySource {
  const source = new RemoteJwksKeySource(
    { url: 'http://admin.test/.well-known/jwks.json', loader: admin.loader, now: () => clock, ...options },
    logger,
  );
  sources.push(source);
  return source;
}

function keyFor(source: RemoteJwksKeySource, kid: string) {
  return source.getKey({ alg: 'RS256', kid }, NO_TOKEN);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return (error as { code?: string } | undefined)?.code ?? 'resolved';
}

afterEach(() => {
  for (const source of sources.splice(0)) {
    source.stop();
  }
  clock = 0;
});

describe(RemoteJwksKeySource.name, () => {
  describe('start', () => {
    it('loads the key set eagerly and is ready afterwards', async () => {
      const admin = Object.assign(new FakeAdmin(), { keys: [first] });
      const source = sourceFor(admin);
      expect(source.ready()).toBe(false);
      await source.start();
      expect(source.ready()).toBe(true);
      await expect(keyFor(source, 'k1')).resolves.toBeDefined();
    });

    it('does not block when the admin is down, and retries until it answers', async () => {
      const admin = Object.assign(new FakeAdmin(), { keys: [first], reachable: false });
      const source = sourceFor(admin, { maxRetryDelayMs: 20 });
      await source.start();
      expect(source.ready()).toBe(false);
      admin.reachable = true;
      await expect.poll(() => source.ready(), { timeout: 2_000 }).toBe(true);
      expect(admin.fetches).toBeGreaterThan(1);
    });
  });

  describe('getKey', () => {
    it('fails closed while no key set was ever loaded', async () => {
      const source = sourceFor(Object.assign(new FakeAdmin(), { reachable: false }));
      await source.start();
      const error: unknown = await keyFor(source, 'k1').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AuthError);
      expect((error as AuthError).code).toBe(AuthErrorCode.KeysUnavailable);
    });

    it('waits for the initial load when a request arrives during it', async () => {
      const admin = Object.assign(new FakeAdmin(), { keys: [first] });
      admin.hold();
      const source = sourceFor(admin);
      const starting = source.start();
      const key = keyFor(source, 'k1');
      admin.release();
      await starting;
      await expect(key).resolves.toBeDefined();
      expect(admin.fetches).toBe(1);
    });

    it('refetches once for an unknown kid and finds a newly published key', async () => {
      const admin = Object.assign(new FakeAdmin(), { keys: [first] });
      const source = sourceFor(admin, { cooldownMs: 30_000 });
      await source.start();
      admin.keys = [first, second];
      clock = 30_000;
      await expect(keyFor(source, 'k2')).resolves.toBeDefined();
      expect(admin.fetches).toBe(2);
    });

    it('refetches at most once per cooldown however many unknown kids arrive', async () => {
      const admin = Object.assign(new FakeAdmin(), { keys: [first] });
      const source = sourceFor(admin, { cooldownMs: 30_000 });
      await source.start();
      clock = 30_000;
      const refusals = await Promise.all(
        Array.from({ length: 50 }, (_, i) => codeOf(keyFor(source, `forged-${i}`))),
      );
      expect(new Set(refusals)).toEqual(new Set(['ERR_JWKS_NO_MATCHING_KEY']));
      expect(admin.fetches).toBe(2);
      clock = 45_000;
      expect(await codeOf(keyFor(source, 'forged-again'))).toBe('ERR_JWKS_NO_MATCHING_KEY');
      expect(admin.fetches).toBe(2);
      clock = 60_000;
      await codeOf(keyFor(source, 'forged-later'));
      expect(admin.fetches).toBe(3);
    });

    it('lets an unknown kid wait for a refetch already under way, even within the cooldown', async () => {
      const admin = Object.assign(new FakeAdmin(), { keys: [first] });
      const source = sourceFor(admin, { cacheMaxAgeMs: 60_000, cooldownMs: 60_000 });
      await source.start();
      admin.keys = [first, second];
      admin.hold();
      clock = 60_000;
      const stale = keyFor(source, 'k1');
      const fresh = keyFor(source, 'k2');
      admin.release();
      await expect(Promise.all([stale, fresh])).resolves.toHaveLength(2);
      expect(admin.fetches).toBe(2);
    });

    it('refreshes a set older than the max age in the background, serving the old one meanwhile', async () => {
      const admin = Object.assign(new FakeAdmin(), { keys: [first] });
      const source = sourceFor(admin, { cacheMaxAgeMs: 60_000 });
      await source.start();
      admin.keys = [second];
      admin.hold();
      clock = 60_000;
      await expect(keyFor(source, 'k1')).resolves.toBeDefined();
      expect(admin.fetches).toBe(2);
      admin.release();
      await expect.poll(() => codeOf(keyFor(source, 'k2'))).toBe('resolved');
      expect(await codeOf(keyFor(source, 'k1'))).toBe('ERR_JWKS_NO_MATCHING_KEY');
    });

    it('keeps the last good set when the admin is unreachable', async () => {
      const admin = Object.assign(new FakeAdmin(), { keys: [first] });
      const source = sourceFor(admin, { cacheMaxAgeMs: 60_000 });
      await source.start();
      admin.reachable = false;
      for (const at of [60_000, 120_000, 600_000]) {
        clock = at;
        await expect(keyFor(source, 'k1')).resolves.toBeDefined();
        expect(await codeOf(keyFor(source, 'unknown'))).toBe('ERR_JWKS_NO_MATCHING_KEY');
      }
      expect(source.ready()).toBe(true);
      expect(admin.fetches).toBeGreaterThan(1);
    });

    it.each([
      ['no keys', []],
      ['a key too short to verify anything', [{ kty: 'RSA', kid: 'k3', alg: 'RS256', n: 'AQAB', e: 'AQAB' }]],
      ['a key that does not import', [{ kty: 'RSA', kid: 'k3', alg: 'RS256', n: 'A'.repeat(344) }]],
      ['only a private key', [{ kty: 'RSA', kid: 'k3', alg: 'RS256', n: 'AA', e: 'AQAB', d: 'AA' }]],
    ])('keeps the last good set when the admin serves a document with %s', async (_name, keys: JWK[]) => {
      const admin = Object.assign(new FakeAdmin(), { keys: [first] });
      const source = sourceFor(admin, { cacheMaxAgeMs: 60_000 });
      await source.start();
      admin.keys = keys;
      clock = 60_000;
      expect(await codeOf(keyFor(source, 'k3'))).toBe('ERR_JWKS_NO_MATCHING_KEY');
      expect(admin.fetches).toBe(2);
      await expect(keyFor(source, 'k1')).resolves.toBeDefined();
    });
  });
});
