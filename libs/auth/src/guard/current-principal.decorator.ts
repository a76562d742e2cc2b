import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '@artstore/contracts';
import { principalOf } from './principal';

/** The verified caller of a guarded route. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal =>
  principalOf(context.switchToHttp().getRequest()),
);
