export { CurrentPrincipal } from './guard/current-principal.decorator';
export { attachPrincipal, findPrincipal, principalOf } from './guard/principal';
export { REQUIRED_PERMISSIONS, RequirePermissions } from './guard/require-permissions.decorator';
