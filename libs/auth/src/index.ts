export { CurrentPrincipal } from './guard/current-principal.decorator';
export { attachPrincipal, findPrincipal, principalOf } from './guard/principal';
