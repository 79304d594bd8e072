import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_ROUTE = 'wco:public-route';

/** Marks a handler or controller as reachable without a bearer token (health, metrics, docs, JWKS). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_ROUTE, true);
