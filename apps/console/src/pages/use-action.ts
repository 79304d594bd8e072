import { useState } from 'react';
import { ApiProblem, type FieldError } from '../api/client';

/**
 * A user's action against the API and what the page says about it: what the action returns to say (a status
 * message), the API's field errors (shown beside the fields), or the failure's detail.
 */
export function useAction() {
  const [said, setSaid] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  /** Runs `action`; true when it went through. */
  async function run(action: () => Promise<string>): Promise<boolean> {
    setSaid(null);
    setFailure(null);
    setErrors([]);
    try {
      setSaid(await action());
      return true;
    } catch (error) {
      if (error instanceof ApiProblem && error.errors.length > 0) setErrors(error.errors);
      else setFailure(error instanceof Error ? error.message : String(error));
      return false;
    }
  }
  return { said, failure, errors, run };
}
