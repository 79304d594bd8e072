import type { ServiceAppOptions } from '@wco/http';
import { publishApiReference } from './api-reference';

/** The gateway's OpenAPI options, the same in main.ts and the test app: its description and the one API reference. */
export const GATEWAY_OPENAPI: NonNullable<ServiceAppOptions['openApi']> = {
  title: 'gateway',
  description:
    'The edge: one URL and one login (OIDC), routing to the services, one API reference, notification delivery to Members (SSE and signed webhooks)',
  publish: publishApiReference,
};
