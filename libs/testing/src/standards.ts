import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** The repository's vendored reference schemas (`standards/`, see its README), found from this file, never from the cwd. */
const STANDARDS_ROOT = path.resolve(__dirname, '../../../standards');

/** Absolute path of a file or folder under `standards/`; throws when it is missing, so a test never validates against nothing. */
export function standardsPath(...segments: string[]): string {
  const target = path.join(STANDARDS_ROOT, ...segments);
  if (!target.startsWith(STANDARDS_ROOT + path.sep) && target !== STANDARDS_ROOT)
    throw new Error(`standardsPath leaves standards/: ${segments.join('/')}`);
  if (!existsSync(target)) throw new Error(`reference schema missing from the repository: standards/${segments.join('/')}`);
  return target;
}
