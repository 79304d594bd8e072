export { serviceGenerator, normalizeOptions, pluralOf, SERVICE_SCOPES } from './generators/service/generator';
export type { NormalizedServiceOptions } from './generators/service/generator';
export type { ServiceGeneratorSchema } from './generators/service/schema';
