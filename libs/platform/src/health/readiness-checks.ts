import { Injectable } from '@nestjs/common';

/** Throws (or rejects) while the dependency is not usable; what it returns shows up in the details. */
export type ReadinessCheck = () => Promise<Record<string, unknown> | void> | Record<string, unknown> | void;

/**
 * Named indicators that feature modules add to `/health/ready` beside database and Redis
 * (e.g. `jwks` from libs/auth). Register them during module init.
 */
@Injectable()
export class ReadinessChecks {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    if (this.checks.has(name)) {
      throw new Error(`A readiness check named "${name}" is already registered`);
    }
    this.checks.set(name, check);
  }

  entries(): ReadonlyMap<string, ReadinessCheck> {
    return this.checks;
  }
}
