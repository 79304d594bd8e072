import { ConflictError, DomainError, ForbiddenError, NotFoundError } from '@wco/http';

/** The closed list of error codes the publications routes answer with, besides the platform's own (validation, auth). */
export const PUBLICATION_ERROR_CODES = [
  'publication_not_found',
  'version_not_found',
  'file_not_found',
  'publication_withdrawn',
  'secretariat_editor_required',
  'not_acceptable',
] as const;
export type PublicationErrorCode = (typeof PUBLICATION_ERROR_CODES)[number];

export class PublicationNotFoundError extends NotFoundError {
  constructor(id: string) {
    // The same answer whether the publication does not exist or the caller may not see it: no existence leak.
    super(`publication ${id} does not exist or is not visible to you`, { code: 'publication_not_found' satisfies PublicationErrorCode });
  }
}

export class VersionNotFoundError extends NotFoundError {
  constructor(id: string, version: number) {
    super(`publication ${id} has no version ${version}`, { code: 'version_not_found' satisfies PublicationErrorCode });
  }
}

export class FileNotFoundError extends NotFoundError {
  constructor(name: string) {
    super(`this version has no file named ${JSON.stringify(name)}`, { code: 'file_not_found' satisfies PublicationErrorCode });
  }
}

/** Writing to a withdrawn publication (a tombstone does not take new versions). */
export class PublicationWithdrawnConflictError extends ConflictError {
  constructor(id: string) {
    super(`publication ${id} is withdrawn`, { code: 'publication_withdrawn' satisfies PublicationErrorCode });
  }
}

/** Reading the metadata or files of a withdrawn publication: 410 with the tombstone's reason. */
export class PublicationGoneError extends DomainError {
  readonly status = 410;
  readonly title = 'Gone';
  constructor(id: string, reason: string, withdrawnAt: Date) {
    super(`publication ${id} was withdrawn: ${reason}`, 'publication_withdrawn' satisfies PublicationErrorCode, {
      extensions: { reason, withdrawnAt: withdrawnAt.toISOString() },
    });
  }
}

export class SecretariatEditorRequiredError extends ForbiddenError {
  constructor() {
    super('only editors of the WCO Secretariat (wco_member WCO, role editor) write to the catalogue', {
      code: 'secretariat_editor_required' satisfies PublicationErrorCode,
    });
  }
}

export class NotAcceptableError extends DomainError {
  readonly status = 406;
  readonly title = 'Not acceptable';
  constructor(offered: readonly string[]) {
    super(`no representation matches the Accept header; available: ${offered.join(', ')}`, 'not_acceptable' satisfies PublicationErrorCode);
  }
}
