import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { ResearchCatalogueConfig } from '../config/research-catalogue.config';
import { extractText } from '../text/text-extraction';
import type { TextExtraction } from '../text/text-extraction';

export interface FileContentRow {
  sha256: string;
  mediaType: string;
  size: number;
  textStatus: TextExtraction['status'];
  textNote: string | null;
  characters: number;
}

/**
 * What the catalogue knows about a stored content besides its bytes: its size and the text extracted from it for
 * search (`file_content`, one row per SHA-256 and media type). Written once when the bytes are stored, by the
 * streamed upload route or a base64 file of a version body; a version refers to it by SHA-256 and media type.
 */
@Injectable()
export class FileContents {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: ResearchCatalogueConfig,
  ) {}

  /** Extracts the text (unless this content and media type were seen already) and records it. */
  async record(
    file: { sha256: string; mediaType: string; size: number; charset?: string },
    uploadedBy: string,
    open: () => Promise<Readable>,
  ): Promise<FileContentRow> {
    const known = await this.find(file.sha256, file.mediaType);
    if (known) return known;
    const extraction = await extractText(
      file.mediaType,
      file.size,
      open,
      {
        maxChars: this.config.FILE_TEXT_MAX_CHARS,
        pdfMaxBytes: this.config.FILE_TEXT_PDF_MAX_BYTES,
        pdfTimeoutMs: this.config.FILE_TEXT_PDF_TIMEOUT_MS,
      },
      file.charset,
    );
    const body = extraction.status === 'extracted' ? extraction.text : null;
    await this.dataSource.query(
      `INSERT INTO file_content (sha256, media_type, size, text_status, text_note, body, uploaded_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now()) ON CONFLICT (sha256, media_type) DO NOTHING`,
      [file.sha256, file.mediaType, file.size, extraction.status, extraction.note ?? null, body, uploadedBy],
    );
    return (await this.find(file.sha256, file.mediaType)) as FileContentRow;
  }

  async find(sha256: string, mediaType: string, em: EntityManager = this.dataSource.manager): Promise<FileContentRow | undefined> {
    const rows: { size: string; text_status: TextExtraction['status']; text_note: string | null; characters: number }[] = await em.query(
      `SELECT size, text_status, text_note, coalesce(length(body), 0)::int AS characters FROM file_content WHERE sha256 = $1 AND media_type = $2`,
      [sha256, mediaType],
    );
    const r = rows[0];
    return r && { sha256, mediaType, size: Number(r.size), textStatus: r.text_status, textNote: r.text_note, characters: r.characters };
  }
}
