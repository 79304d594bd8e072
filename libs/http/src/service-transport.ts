import type { ExceptionFilter, INestApplication, RpcExceptionFilter } from '@nestjs/common';
import type { CustomTransportStrategy } from '@nestjs/microservices';

/**
 * A transport a lib wires into every service (e.g. @wco/messaging's Kafka event consumers): a module provides it
 * under SERVICE_TRANSPORT and createServiceApp connects it with `app.connectMicroservice({ strategy })`. The filters
 * apply to that transport only; the HTTP app's pipes and filters are not inherited (an HTTP validation pipe on an
 * event would turn a bad payload into an endless redelivery).
 */
export interface ServiceTransport {
  strategy: CustomTransportStrategy;
  filters?: (ExceptionFilter | RpcExceptionFilter)[];
}

export const SERVICE_TRANSPORT = Symbol.for('@wco/http:service-transport');

export function serviceTransportOf(app: INestApplication): ServiceTransport | undefined {
  try {
    return app.get<ServiceTransport>(SERVICE_TRANSPORT, { strict: false });
  } catch {
    return undefined;
  }
}
