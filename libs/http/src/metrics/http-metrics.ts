import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, register } from 'prom-client';

const DURATION = 'http_server_request_duration_seconds';

/** Default Node metrics and the request histogram live on prom-client's default registry, created once per process. */
export function requestDurationHistogram(): Histogram<'method' | 'route' | 'status_code'> {
  if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();
  const existing = register.getSingleMetric(DURATION);
  if (existing) return existing as Histogram<'method' | 'route' | 'status_code'>;
  return new Histogram({
    name: DURATION,
    help: 'Duration of HTTP requests by route template and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
}

/** Times every request; the route is the template (`/reports/:id`) so label cardinality stays bounded. */
export function instrumentRequests(fastify: FastifyInstance): void {
  const histogram = requestDurationHistogram();
  fastify.addHook('onResponse', async (request, reply) => {
    histogram.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
}
