import { NotFoundError } from '@wco/http';

/** The closed list of error codes the missions routes answer with, besides the platform's own (validation, auth). */
export const MISSION_ERROR_CODES = ['mission_not_found'] as const;
export type MissionErrorCode = (typeof MISSION_ERROR_CODES)[number];

export class MissionNotFoundError extends NotFoundError {
  constructor(id: string) {
    // The same answer whether the mission does not exist or the caller may not see it: no existence leak.
    super(`mission ${id} does not exist or is not visible to you`, { code: 'mission_not_found' satisfies MissionErrorCode });
  }
}
