import { standardsPath } from '@wco/testing';
import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';

// Validates OAI-PMH answers against the vendored schemas (standards/oai-pmh-2.0) with xmllint compiled to wasm.
// OAI-PMH.xsd takes its <metadata> content with processContents="strict", so a wrapper schema imports the oai_dc
// namespace too: a record whose Dublin Core is wrong fails as well as a wrong envelope.

const FILES = ['OAI-PMH.xsd', 'oai_dc.xsd', 'simpledc20021212.xsd', 'xml.xsd'];
const WRAPPER = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/" schemaLocation="OAI-PMH.xsd"/>
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai_dc/" schemaLocation="oai_dc.xsd"/>
</xs:schema>`;

let preload: { fileName: string; contents: string }[] | undefined;

/** The schema errors of an answer; [] when valid. */
export async function oaiSchemaErrors(xml: string): Promise<string[]> {
  preload ??= FILES.map((f) => ({ fileName: f, contents: readFileSync(standardsPath('oai-pmh-2.0', f), 'utf8') }));
  const result = await validateXML({
    xml: [{ fileName: 'answer.xml', contents: xml }],
    schema: [{ fileName: 'wrapper.xsd', contents: WRAPPER }],
    preload,
  });
  return result.valid ? [] : result.errors.map((e) => e.message);
}
