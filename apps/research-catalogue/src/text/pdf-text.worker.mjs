// Runs in a worker thread (text-extraction.ts): PDF parsing is CPU-bound and takes untrusted input, so it runs off
// the event loop, with a memory limit and a timeout set by the caller. unpdf (a maintained serverless build of
// Mozilla's pdf.js) is an ES module, loaded natively here.
import { parentPort, workerData } from 'node:worker_threads';
import { extractText, getDocumentProxy } from 'unpdf';

const { bytes, maxChars } = workerData;
try {
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, verbosity: 0 });
  const { totalPages, text } = await extractText(pdf, { mergePages: true });
  parentPort.postMessage({
    ok: true,
    pages: totalPages,
    text: text.length > maxChars ? text.slice(0, maxChars) : text,
    truncated: text.length > maxChars,
  });
} catch (e) {
  parentPort.postMessage({ ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
}
