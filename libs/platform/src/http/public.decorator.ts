import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_ROUTE = 'artstore:public-route';

/** Marks a route that needs no token; every other route is guarded by default (libs/auth). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_ROUTE, true);
