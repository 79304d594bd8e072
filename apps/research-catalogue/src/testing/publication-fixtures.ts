import { createHash } from 'node:crypto';

/** A valid creation body; tests override what they are about. */
export function publicationBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'study_report',
    access: 'public',
    titles: [
      { language: 'en', text: 'Small parcels and e-commerce risk management', original: true },
      { language: 'fr', text: 'Petits colis et gestion des risques du commerce électronique' },
    ],
    abstracts: [{ language: 'en', text: 'How customs administrations screen low-value consignments.' }],
    creators: [
      {
        familyName: 'Dupont',
        givenName: 'Jeanne',
        orcid: '0000-0002-1825-0097',
        affiliations: [{ name: 'Brown University', ror: '05gq02987' }],
      },
      { familyName: 'WCO Research Unit' },
    ],
    topics: ['trade_facilitation'],
    series: 'WCO Research Papers',
    keywords: ['e-commerce'],
    publicationDate: '2026-03-15',
    licence: 'CC-BY-4.0',
    ...overrides,
  };
}

export function fileOf(name: string, content: string, mediaType = 'application/pdf') {
  const bytes = Buffer.from(content);
  return { name, mediaType, sha256: createHash('sha256').update(bytes).digest('hex'), contentBase64: bytes.toString('base64') };
}

/** `title` as the only (original) English title. */
export function titled(title: string, language = 'en'): Record<string, unknown> {
  return { titles: [{ language, text: title, original: true }], abstracts: [] };
}

/** A valid one-page PDF showing `lines` in Helvetica (WinAnsi: Latin-1 text), with a correct cross-reference table. */
export function minimalPdf(lines: string[]): Buffer {
  const escape = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const content = ['BT', '/F1 12 Tf', '72 720 Td', '14 TL', ...lines.map((l) => `(${escape(l)}) Tj T*`), 'ET'].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
