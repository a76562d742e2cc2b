import { Injectable } from '@nestjs/common';
import {
  createLocalJWKSet,
  errors,
  type CompactJWSHeaderParameters,
  type CryptoKey,
  type FlattenedJWSInput,
  type JWK,
  type KeyObject,
} from 'jose';
import { VerificationKeySource } from '@artstore/auth';
import { SigningKeysService } from './signing-keys.service';

type LocalKeySet = ReturnType<typeof createLocalJWKSet>;

// An unknown kid makes the admin read its key table again, at most this often.
const RELOAD_COOLDOWN_MS = 1_000;

/** The admin verifies tokens against its own key table instead of fetching its own JWKS. */
@Injectable()
export class LocalSigningKeySource extends VerificationKeySource {
  private keySet: LocalKeySet | undefined;
  private keySetKids = '';
  private lastReload = 0;

  constructor(private readonly signingKeys: SigningKeysService) {
    super();
  }

  async getKey(
    protectedHeader: CompactJWSHeaderParameters,
    token: FlattenedJWSInput,
  ): Promise<CryptoKey | KeyObject | JWK | Uint8Array> {
    try {
      return await this.currentKeySet()(protectedHeader, token);
    } catch (error) {
      // Another admin instance may have just created a key that signs at once (publish lead 0).
      if (!(error instanceof errors.JWKSNoMatchingKey) || Date.now() - this.lastReload < RELOAD_COOLDOWN_MS) {
        throw error;
      }
      this.lastReload = Date.now();
      await this.signingKeys.reload();
      return this.currentKeySet()(protectedHeader, token);
    }
  }

  ready(): boolean {
    return this.signingKeys.hasKeys();
  }

  private currentKeySet(): LocalKeySet {
    const jwks = this.signingKeys.jwks();
    const kids = jwks.keys.map((key) => key.kid).join(',');
    if (!this.keySet || kids !== this.keySetKids) {
      this.keySet = createLocalJWKSet(jwks);
      this.keySetKids = kids;
    }
    return this.keySet;
  }
}
