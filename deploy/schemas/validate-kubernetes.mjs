// Validates Kubernetes objects (a JSON array on stdin) with the schema validators of the kubernetes-models package
// (MIT, generated from the Kubernetes OpenAPI document; ESM only, hence a process of its own). Prints one JSON
// array: per object, its kind/name and the validator's errors, or `unknown` when the package has no model for it.
import { readFileSync } from 'node:fs';

const objects = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const object of objects) {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : [undefined, object.apiVersion];
  const path = `kubernetes-models/${group ? `${group}/` : ''}${version}/${object.kind}`;
  const where = `${object.kind}/${object.metadata?.name}`;
  let Model;
  try {
    Model = (await import(path))[object.kind];
  } catch {
    results.push({ where, apiVersion: object.apiVersion, unknown: true });
    continue;
  }
  try {
    new Model(object).validate();
    results.push({ where, errors: [] });
  } catch (error) {
    results.push({
      where,
      errors: (error.errors ?? [{ message: error.message }]).map((e) => `${e.instancePath ?? ''} ${e.message}`.trim()),
    });
  }
}
process.stdout.write(`${JSON.stringify(results)}\n`);
