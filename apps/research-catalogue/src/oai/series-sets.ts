/** Series sets: `series:` and the series name in base64url (setSpec allows only a few characters; any name fits). */
export function seriesSetSpec(series: string): string {
  return `series:${Buffer.from(series, 'utf8').toString('base64url')}`;
}

/** The series a `series:` setSpec names, or undefined when it is not the encoding of a name. */
export function seriesOfSetSpec(spec: string): string | undefined {
  if (!spec.startsWith('series:')) return undefined;
  const encoded = spec.slice('series:'.length);
  const name = Buffer.from(encoded, 'base64url').toString('utf8');
  return name && seriesSetSpec(name) === spec ? name : undefined;
}
