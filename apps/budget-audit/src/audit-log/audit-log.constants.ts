/** Injection token of the audit log's configuration. */
export const AUDIT_LOG_CONFIG = Symbol('AUDIT_LOG_CONFIG');
