import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiPublic } from './openapi/openapi.decorators';

export const IS_PUBLIC_ROUTE = 'wco:public-route';

/** Marks a handler or controller as reachable without a bearer token (health, metrics, docs, JWKS), in the guard and in the OpenAPI document. */
export const Public = (): MethodDecorator & ClassDecorator => applyDecorators(SetMetadata(IS_PUBLIC_ROUTE, true), ApiPublic());
