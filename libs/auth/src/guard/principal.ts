import type { Principal } from '@artstore/contracts';

const PRINCIPAL = Symbol('artstore:principal');

interface WithPrincipal {
  [PRINCIPAL]?: Principal;
}

/** Attaches the verified caller to the request (the guard does this once per request). */
export function attachPrincipal(request: object, principal: Principal): void {
  (request as WithPrincipal)[PRINCIPAL] = principal;
}

/** The caller of a guarded request; throws when a route without a guard asks for it (a programming error). */
export function principalOf(request: object): Principal {
  const principal = (request as WithPrincipal)[PRINCIPAL];
  if (!principal) {
    throw new Error('No principal on this request: the route is public or the guard did not run');
  }
  return principal;
}

/** The caller if the request was authenticated, for code that also serves public routes (rate limits, audit). */
export function findPrincipal(request: object): Principal | undefined {
  return (request as WithPrincipal)[PRINCIPAL];
}
