import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ReadinessChecks } from '@artstore/platform';
import { VerificationKeySource } from './verification-key-source';

/** Adds `jwks` to readiness: down while no key set was ever loaded, as every guarded route then answers 503. */
@Injectable()
export class KeySourceReadiness implements OnModuleInit {
  constructor(
    private readonly keys: VerificationKeySource,
    private readonly checks: ReadinessChecks,
  ) {}

  onModuleInit(): void {
    this.checks.register('jwks', () => {
      if (!this.keys.ready()) {
        throw new Error('no verification key set loaded yet');
      }
    });
  }
}
