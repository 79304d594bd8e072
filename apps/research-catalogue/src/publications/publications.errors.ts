import { NotFoundError } from '@wco/http';

/** The closed list of error codes the publications routes answer with, besides the platform's own (validation, auth). */
export const PUBLICATION_ERROR_CODES = ['publication_not_found'] as const;
export type PublicationErrorCode = (typeof PUBLICATION_ERROR_CODES)[number];

export class PublicationNotFoundError extends NotFoundError {
  constructor(id: string) {
    // The same answer whether the publication does not exist or the caller may not see it: no existence leak.
    super(`publication ${id} does not exist or is not visible to you`, { code: 'publication_not_found' satisfies PublicationErrorCode });
  }
}
