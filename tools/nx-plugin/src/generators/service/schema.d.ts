export interface ServiceGeneratorSchema {
  /** kebab-case service name, e.g. budget-audit. */
  name: string;
  /** Topic prefix, e.g. budget (topics are <domain>.<aggregate>.v1). */
  domain: string;
  /** First aggregate, singular, e.g. ledger. */
  aggregate: string;
  /** Plural of the aggregate for the route and feature folder; derived when absent. */
  plural?: string;
  /** Module-boundary scope (scope:<scope>); defaults to the domain. */
  scope?: string;
  /** HTTP port; defaults to one above the highest used in apps/ and docker-compose.yml. */
  port?: number;
  /** Partitions of the first topic (default 6). */
  partitions?: number;
  /** Keep the first topic forever (audit streams); default 30 days. */
  keepForever?: boolean;
  /** The role allowed to create the aggregate (default member-analyst). */
  role?: string;
  description?: string;
  /** Timestamp of the first migration; default now. */
  migrationTimestamp?: number;
  /** Only (re)write the deploy part of an existing service; idempotent. */
  deployOnly?: boolean;
}
