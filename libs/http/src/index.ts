export { createServiceApp } from './create-service-app';
export type { ServiceAppOptions } from './create-service-app';
export { runService, classifyStartupError } from './run-service';
export type { ServiceDefinition, ServiceParts } from './run-service';
export {
  DomainError,
  BadRequestError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  BusinessRuleError,
  ValidationFailedError,
  ServiceUnavailableError,
} from './errors/domain.errors';
export type { DomainErrorOptions } from './errors/domain.errors';
export { PROBLEM_CONTENT_TYPE, problemType } from './errors/problem-details';
export type { ProblemDetails, FieldError } from './errors/problem-details';
export { ProblemDetailsFilter, toProblem } from './errors/problem-details.filter';
export { createValidationPipe, flattenValidationErrors } from './errors/validation';
export { Public, IS_PUBLIC_ROUTE } from './public.decorator';
export { ReadinessRegistry } from './health/readiness';
export type { ReadinessCheck, CheckResult } from './health/readiness';
export { kafkaReadinessCheck } from './health/kafka-readiness';
export { HttpPlatformModule } from './http-platform.module';
export type { JsonBodyOptions } from './errors/json-body-parser';
export { parseUntrustedJson, hasPrototypeKey, forbiddenPropertyName } from './errors/json-body-parser';
export { DEFAULT_MAX_JSON_DEPTH, unsafeStringReason, findUnsafeString, findTooDeep, jsonNestingExceeds } from './input/untrusted-input';
export { ParseInt32Pipe, ParseUuidPipe, DecimalInt, Trim, parseDecimalInt, isUuid, INT32_MIN, INT32_MAX } from './input/parameters';
export type { IntRange } from './input/parameters';
export {
  CursorCodec,
  TIME_ID_CURSOR,
  encodeTimeIdCursor,
  decodeTimeIdCursor,
  isCursorInstant,
  InvalidCursorError,
  MAX_PAGE_SIZE,
  DEFAULT_PAGE_SIZE,
  MAX_CURSOR_LENGTH,
} from './cursor/cursor-codec';
export type { CursorField, CursorValues } from './cursor/cursor-codec';
export { PageQueryDto, LimitQueryDto } from './cursor/page-query.dto';
export { API_CSP, DOCS_CSP, helmetHeaders } from './security/security-headers';
export { MetricsListener } from './metrics/metrics-access';
export type { MetricsAccess } from './metrics/metrics-access';
export { ApiProblems, ApiRoles, ApiPublic, ApiUuidParam } from './openapi/openapi.decorators';
export type { ProblemCodes } from './openapi/openapi.decorators';
export { completeOpenApiDocument, TOKEN_PROBLEMS, BODY_PROBLEMS, QUERY_PROBLEMS, ROLE_PROBLEMS } from './openapi/complete-document';
export { buildServiceDocument } from './openapi/service-document';
export { PROBLEM_SCHEMAS, PROBLEM_SCHEMA, FIELD_ERROR_SCHEMA, problemResponse } from './openapi/problem-schema';
export { SERVICE_TRANSPORT, serviceTransportOf } from './service-transport';
export type { ServiceTransport } from './service-transport';
