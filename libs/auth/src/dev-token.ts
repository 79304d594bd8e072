/*
 * Prints a development bearer token signed by the local DevIssuer:
 *   node --require @swc-node/register libs/auth/src/dev-token.ts --member FR --roles member-analyst
 * Options: --subject (default dev-user), --member (required: FR..., or WCO for Secretariat staff), --roles (comma list), --name, --expires-in (default 1h),
 * --audience (default wco-platform). Refused when NODE_ENV=production.
 */
import { parseArgs } from 'node:util';
import { DevIssuer } from './dev-issuer';
import { isWcoRole, WCO_ROLES, WCO_SECRETARIAT, WcoRole } from './roles';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      subject: { type: 'string', default: 'dev-user' },
      member: { type: 'string' },
      roles: { type: 'string', default: '' },
      name: { type: 'string' },
      'expires-in': { type: 'string', default: '1h' },
      audience: { type: 'string' },
    },
    strict: true,
  });
  const roles = (values.roles ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = roles.filter((r) => !isWcoRole(r));
  if (unknown.length > 0) throw new Error(`unknown role(s): ${unknown.join(', ')}; known roles: ${WCO_ROLES.join(', ')}`);
  if (values.member === undefined || !(/^[A-Z]{2}$/.test(values.member) || values.member === WCO_SECRETARIAT)) {
    throw new Error(
      `--member is required: an ISO 3166-1 alpha-2 code such as FR, or ${WCO_SECRETARIAT} for Secretariat staff (got ${values.member === undefined ? 'none' : `"${values.member}"`})`,
    );
  }
  const issuer = await DevIssuer.load({ audience: values.audience });
  const token = await issuer.issueToken({
    subject: values.subject ?? 'dev-user',
    member: values.member,
    roles: roles as WcoRole[],
    name: values.name,
    expiresIn: values['expires-in'],
  });
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`dev-token: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(64);
});
