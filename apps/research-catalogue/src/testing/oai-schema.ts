import { standardsPath } from '@wco/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';

// Validates OAI-PMH answers against the vendored schemas (standards/oai-pmh-2.0) with xmllint compiled to wasm.
// OAI-PMH.xsd takes its <metadata> content with processContents="strict", so a wrapper schema imports the oai_dc
// namespace too: a record whose Dublin Core is wrong fails as well as a wrong envelope. DataCite records are checked
// against datacite-structure.xsd, the project's own structural schema of them.

const FILES = ['OAI-PMH.xsd', 'oai_dc.xsd', 'simpledc20021212.xsd', 'xml.xsd'];
const WRAPPER = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/" schemaLocation="OAI-PMH.xsd"/>
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai_dc/" schemaLocation="oai_dc.xsd"/>
  <xs:import namespace="http://datacite.org/schema/kernel-4" schemaLocation="datacite-structure.xsd"/>
</xs:schema>`;

let preload: { fileName: string; contents: string }[] | undefined;

/** The schema errors of an answer; [] when valid. */
export async function oaiSchemaErrors(xml: string): Promise<string[]> {
  preload ??= [
    ...FILES.map((f) => ({ fileName: f, contents: readFileSync(standardsPath('oai-pmh-2.0', f), 'utf8') })),
    // The project's own structural schema of its DataCite records (see the file): DataCite's is not vendored.
    { fileName: 'datacite-structure.xsd', contents: readFileSync(join(__dirname, 'datacite-structure.xsd'), 'utf8') },
  ];
  const result = await validateXML({
    xml: [{ fileName: 'answer.xml', contents: xml }],
    schema: [{ fileName: 'wrapper.xsd', contents: WRAPPER }],
    preload,
  });
  return result.valid ? [] : result.errors.map((e) => e.message);
}
