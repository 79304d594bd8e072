import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { GatewayConfig } from '../config/gateway.config';
import { Upstream, upstreamsOf } from '../proxy/upstreams';
import { aggregateDocuments } from './aggregate-document';
import { PublicRoutes } from './public-routes';

const RETRY_MS = 2000;
const FETCH_TIMEOUT_MS = 5000;

/**
 * The services' OpenAPI documents, fetched from `<upstream>/docs/openapi.json`: at start-up (retried every 2 s until
 * each service has answered, since services may start after the gateway), then again every
 * GATEWAY_OPENAPI_REFRESH_MS so a redeployed service's routes show up. A failed refresh keeps the last good
 * document. From them come the aggregated document and each service's public routes.
 */
@Injectable()
export class ApiCatalogue implements OnModuleDestroy {
  private readonly logger = new Logger('ApiCatalogue');
  readonly upstreams: Upstream[];
  private own?: OpenAPIObject;
  private readonly documents = new Map<string, OpenAPIObject>();
  private readonly publicRoutes = new Map<string, PublicRoutes>();
  /** GATEWAY_PUBLIC_ROUTES, per service. */
  private readonly listedPublic = new Map<string, PublicRoutes>();
  private aggregated?: OpenAPIObject;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly config: GatewayConfig) {
    this.upstreams = upstreamsOf(config);
    for (const upstream of this.upstreams) {
      const listed = config.GATEWAY_PUBLIC_ROUTES.flatMap((entry) => {
        const [method, path] = entry.split(' ');
        return path === upstream.prefix || path.startsWith(`${upstream.prefix}/`)
          ? [{ method, template: path.slice(upstream.prefix.length) || '/' }]
          : [];
      });
      this.listedPublic.set(upstream.key, PublicRoutes.fromTemplates(listed));
    }
  }

  /** The gateway's own document, the base of the aggregated one. */
  setOwnDocument(document: OpenAPIObject): void {
    this.own = document;
    this.aggregated = undefined;
  }

  start(): void {
    let lastFull = 0;
    const loop = async (): Promise<void> => {
      // While a service's document is missing, retry that one every RETRY_MS; the others (an intel document is a few
      // hundred KB of JSON to parse) only at the regular refresh.
      if (Date.now() - lastFull >= this.config.GATEWAY_OPENAPI_REFRESH_MS) {
        lastFull = Date.now();
        await this.refresh();
      } else {
        await this.refresh(this.upstreams.filter((u) => !this.documents.has(u.key)));
      }
      if (this.stopped) return;
      const complete = this.documents.size === this.upstreams.length;
      this.timer = setTimeout(() => void loop(), complete ? this.config.GATEWAY_OPENAPI_REFRESH_MS : RETRY_MS);
      this.timer.unref();
    };
    void loop();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  async refresh(upstreams: readonly Upstream[] = this.upstreams): Promise<void> {
    await Promise.all(upstreams.map((u) => this.fetchOne(u)));
    for (const listener of this.listeners.splice(0)) listener();
  }

  /** Resolves once every service's document is in, or after `timeoutMs` with whatever is. */
  async loaded(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.documents.size < this.upstreams.length && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        this.listeners.push(resolve);
        setTimeout(resolve, Math.max(0, deadline - Date.now())).unref();
      });
    }
    return this.documents.size === this.upstreams.length;
  }

  isPublic(upstream: Upstream, method: string, path: string): boolean {
    const documented = this.publicRoutes.get(upstream.key) ?? PublicRoutes.none();
    return documented.allows(method, path) || (this.listedPublic.get(upstream.key)?.allows(method, path) ?? false);
  }

  document(): OpenAPIObject {
    if (!this.own) throw new Error('ApiCatalogue: the gateway document is not set');
    this.aggregated ??= aggregateDocuments({
      own: this.own,
      services: this.upstreams.flatMap((u) => {
        const document = this.documents.get(u.key);
        return document ? [{ upstream: u, document }] : [];
      }),
      missing: this.upstreams.filter((u) => !this.documents.has(u.key)),
    });
    return this.aggregated;
  }

  private async fetchOne(upstream: Upstream): Promise<void> {
    try {
      const res = await fetch(`${upstream.url}/docs/openapi.json`, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      const document = (await res.json()) as OpenAPIObject;
      if (typeof document.openapi !== 'string' || !document.openapi.startsWith('3.') || typeof document.paths !== 'object') {
        throw new Error('not an OpenAPI 3 document');
      }
      const first = !this.documents.has(upstream.key);
      this.documents.set(upstream.key, document);
      this.publicRoutes.set(upstream.key, PublicRoutes.fromDocument(document));
      this.aggregated = undefined;
      if (first) this.logger.log(`${upstream.service}: OpenAPI document loaded from ${upstream.url}`);
    } catch (error) {
      const known = this.documents.has(upstream.key) ? ' (keeping the last one)' : '';
      this.logger.debug?.(
        `${upstream.service}: OpenAPI document not fetched${known}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
