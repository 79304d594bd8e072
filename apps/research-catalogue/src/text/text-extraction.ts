import { join } from 'node:path';
import { TextDecoder } from 'node:util';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { Parser } from 'htmlparser2';

/**
 * Text of a publication file, for full-text search: plain text and Markdown as written, HTML without its markup
 * (scripts, styles and templates left out), PDF through unpdf (pdf.js) in a worker thread. Other media types are
 * skipped with the reason. The text is capped (`maxChars`: a tsvector holds at most 1 MB) and never contains NUL
 * (PostgreSQL text cannot).
 */
export type TextExtraction =
  { status: 'extracted'; text: string; note?: string } | { status: 'skipped'; note: string } | { status: 'failed'; note: string };

export interface TextExtractionLimits {
  /** Characters of text kept per file. */
  maxChars: number;
  /** PDFs are parsed whole (in a worker): larger ones are skipped. */
  pdfMaxBytes: number;
  /** A PDF parse that takes longer is stopped (status failed). */
  pdfTimeoutMs: number;
}

const PLAIN = new Set(['text/plain', 'text/markdown', 'text/x-markdown']);
const HTML = new Set(['text/html', 'application/xhtml+xml']);
const PDF = 'application/pdf';
/** Elements whose content is not text of the document. */
const SKIPPED_ELEMENTS = new Set(['script', 'style', 'template', 'noscript', 'svg', 'head']);
const BLOCK_ELEMENTS = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'tr',
  'td',
  'th',
  'table',
  'section',
  'article',
  'header',
  'footer',
  'blockquote',
  'pre',
  'title',
  'dd',
  'dt',
  'figcaption',
  'caption',
  'hr',
]);

export function canExtract(mediaType: string): boolean {
  return PLAIN.has(mediaType) || HTML.has(mediaType) || mediaType === PDF;
}

/** Collects text up to a cap, without NUL; remembers whether something was cut. */
class TextSink {
  private readonly parts: string[] = [];
  private length = 0;
  truncated = false;

  constructor(private readonly max: number) {}

  get full(): boolean {
    return this.length >= this.max;
  }

  add(text: string): void {
    if (this.full) {
      if (text.trim()) this.truncated = true;
      return;
    }
    const clean = text.replaceAll(String.fromCharCode(0), ' ');
    const room = this.max - this.length;
    if (clean.length > room) this.truncated = true;
    const kept = clean.length > room ? clean.slice(0, room) : clean;
    this.parts.push(kept);
    this.length += kept.length;
  }

  result(maxChars: number): TextExtraction {
    const text = this.parts
      .join('')
      .replace(/[ \t]+/g, ' ')
      .trim();
    if (!text) return { status: 'skipped', note: 'the file contains no text' };
    return { status: 'extracted', text, ...(this.truncated ? { note: `text truncated to the first ${maxChars} characters` } : {}) };
  }
}

function decoderFor(charset: string | undefined): TextDecoder | undefined {
  try {
    return new TextDecoder(charset ?? 'utf-8');
  } catch {
    return undefined;
  }
}

/**
 * Decodes `source` chunk by chunk into `write` until the sink is full (then the rest is not read: the text is
 * marked truncated) or the source ends (then `end`).
 */
async function pump(
  source: Readable,
  decoder: TextDecoder,
  sink: TextSink,
  write: (text: string) => void,
  end: () => void = () => undefined,
): Promise<void> {
  for await (const chunk of source) {
    write(decoder.decode(chunk as Buffer, { stream: true }));
    if (sink.full) {
      source.destroy();
      sink.truncated = true;
      return;
    }
  }
  write(decoder.decode());
  end();
}

async function extractPlain(source: Readable, decoder: TextDecoder, limits: TextExtractionLimits): Promise<TextExtraction> {
  const sink = new TextSink(limits.maxChars);
  await pump(source, decoder, sink, (text) => sink.add(text));
  return sink.result(limits.maxChars);
}

async function extractHtml(source: Readable, decoder: TextDecoder, limits: TextExtractionLimits): Promise<TextExtraction> {
  const sink = new TextSink(limits.maxChars);
  let skipping = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIPPED_ELEMENTS.has(name)) skipping++;
        else if (BLOCK_ELEMENTS.has(name)) sink.add('\n');
      },
      onclosetag(name) {
        if (SKIPPED_ELEMENTS.has(name)) skipping = Math.max(0, skipping - 1);
        else if (BLOCK_ELEMENTS.has(name)) sink.add('\n');
      },
      ontext(text) {
        if (!skipping) sink.add(text);
      },
    },
    { decodeEntities: true },
  );
  await pump(
    source,
    decoder,
    sink,
    (text) => parser.write(text),
    () => parser.end(),
  );
  return sink.result(limits.maxChars);
}

interface PdfAnswer {
  ok: boolean;
  text?: string;
  truncated?: boolean;
  pages?: number;
  error?: string;
}

async function extractPdf(source: Readable, size: number, limits: TextExtractionLimits): Promise<TextExtraction> {
  if (size > limits.pdfMaxBytes)
    return { status: 'skipped', note: `PDF larger than ${limits.pdfMaxBytes} bytes: its text is not extracted` };
  // pdf.js needs the whole document; the size is bounded above.
  const bytes = new Uint8Array(size);
  let offset = 0;
  for await (const chunk of source) {
    const b = chunk as Buffer;
    if (offset + b.length > size) return { status: 'failed', note: 'the stored file is larger than its recorded size' };
    bytes.set(b, offset);
    offset += b.length;
  }
  const answer = await new Promise<PdfAnswer>((resolve) => {
    const worker = new Worker(join(__dirname, 'pdf-text.worker.mjs'), {
      workerData: { bytes: bytes.buffer, maxChars: limits.maxChars },
      transferList: [bytes.buffer],
      resourceLimits: { maxOldGenerationSizeMb: 512 },
      stdout: true,
      stderr: true,
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve({ ok: false, error: `parsing took longer than ${limits.pdfTimeoutMs} ms` });
    }, limits.pdfTimeoutMs);
    worker.once('message', (m: PdfAnswer) => {
      clearTimeout(timer);
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      resolve({ ok: false, error: e.message });
    });
    worker.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ ok: false, error: `the PDF parser stopped (exit code ${code})` });
    });
  });
  if (!answer.ok) return { status: 'failed', note: `not a readable PDF: ${answer.error}` };
  const sink = new TextSink(limits.maxChars);
  sink.add(answer.text ?? '');
  sink.truncated ||= !!answer.truncated;
  return sink.result(limits.maxChars);
}

/**
 * The text of a file of `mediaType` (and `charset`, for text types), read from `open()` (called at most once).
 * Never throws for bad content: a file that cannot be read as its media type is `failed` with the reason.
 */
export async function extractText(
  mediaType: string,
  size: number,
  open: () => Promise<Readable>,
  limits: TextExtractionLimits,
  charset?: string,
): Promise<TextExtraction> {
  if (!canExtract(mediaType)) return { status: 'skipped', note: `no text extraction for ${mediaType}` };
  if (mediaType === PDF) return extractPdf(await open(), size, limits);
  const decoder = decoderFor(charset);
  if (!decoder) return { status: 'skipped', note: `unknown character set ${charset}` };
  const source = await open();
  return PLAIN.has(mediaType) ? extractPlain(source, decoder, limits) : extractHtml(source, decoder, limits);
}
