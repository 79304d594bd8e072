/* The auditor's command line: `npx nx verify audit-verifier -- --brokers … --key-url … --state audit-state.json`. */
import { runVerifier } from './cli';

void runVerifier(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTty: process.stderr.isTTY === true,
}).then((code) => {
  process.exitCode = code;
});
