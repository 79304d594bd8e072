import { Injectable } from '@nestjs/common';
import { ConflictError } from '@wco/http';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { ResearchCatalogueConfig } from '../config/research-catalogue.config';
import { FileStorage } from '../storage/file-storage';
import { extractText } from '../text/text-extraction';
import type { TextExtraction } from '../text/text-extraction';

export type TextStatus = 'pending' | TextExtraction['status'];

export interface FileContentRow {
  sha256: string;
  mediaType: string;
  size: number;
  textStatus: TextStatus;
  textNote: string | null;
  characters: number;
  uploadedAt: Date;
}

/** The advisory lock of a stored content: shared by the writers of its row, exclusive for the orphan sweep. */
export function contentLockKey(sha256: string): string {
  return `research-file:${sha256}`;
}

/** The orphan sweep deleted these bytes between their upload and its record: the client sends them again. */
export class UploadRacedCleanupError extends ConflictError {
  constructor(sha256: string) {
    super(`the content ${sha256} was being deleted as an orphan upload while it was uploaded again: send it again`, {
      code: 'upload_conflict',
    });
  }
}

/**
 * What the catalogue knows about a stored content besides its bytes: its size and the text extracted from it for
 * search (`file_content`, one row per SHA-256 and media type). A streamed upload records it `pending` and queues its
 * text extraction (`file_text_job`, run by FileTextJob); a base64 file of a version body (small: it came in the JSON
 * body) has its text extracted before the row is written. A version refers to it by SHA-256 and media type.
 */
@Injectable()
export class FileContents {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: ResearchCatalogueConfig,
    private readonly storage: FileStorage,
  ) {}

  /** Extracts the text now (unless this content and media type were seen already) and records it. */
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
    return this.write(file, uploadedBy, extraction);
  }

  /** Records a stored content whose text is to be extracted by the job (`pending`); true when it was new. */
  async enqueue(
    file: { sha256: string; mediaType: string; size: number; charset?: string },
    uploadedBy: string,
  ): Promise<{ row: FileContentRow; queued: boolean }> {
    const known = await this.find(file.sha256, file.mediaType);
    if (known) return { row: known, queued: false };
    const row = await this.write(file, uploadedBy, 'pending');
    return { row, queued: row.textStatus === 'pending' };
  }

  /**
   * Writes the row (and the job of a pending one) under the content's shared lock, once its bytes are known to be
   * there: the orphan sweep, holding the lock exclusively, may have deleted bytes identical to an old orphan's
   * between their upload and this record.
   */
  private async write(
    file: { sha256: string; mediaType: string; size: number; charset?: string },
    uploadedBy: string,
    text: TextExtraction | 'pending',
  ): Promise<FileContentRow> {
    return this.dataSource.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock_shared(hashtextextended($1, 0))`, [contentLockKey(file.sha256)]);
      if (!(await this.storage.exists(file.sha256))) throw new UploadRacedCleanupError(file.sha256);
      const status = text === 'pending' ? 'pending' : text.status;
      const note = text === 'pending' ? null : (text.note ?? null);
      const body = text !== 'pending' && text.status === 'extracted' ? text.text : null;
      const inserted: unknown[] = await em.query(
        `INSERT INTO file_content (sha256, media_type, size, text_status, text_note, body, uploaded_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now()) ON CONFLICT (sha256, media_type) DO NOTHING RETURNING 1`,
        [file.sha256, file.mediaType, file.size, status, note, body, uploadedBy],
      );
      if (inserted.length && text === 'pending')
        await em.query(`INSERT INTO file_text_job (sha256, media_type, charset, run_after) VALUES ($1, $2, $3, now())`, [
          file.sha256,
          file.mediaType,
          file.charset ?? null,
        ]);
      return (await this.find(file.sha256, file.mediaType, em)) as FileContentRow;
    });
  }

  async find(sha256: string, mediaType: string, em: EntityManager = this.dataSource.manager): Promise<FileContentRow | undefined> {
    return (await this.rows(em, sha256, mediaType))[0];
  }

  /** Every media type this content was uploaded with. */
  async findAll(sha256: string): Promise<FileContentRow[]> {
    return this.rows(this.dataSource.manager, sha256);
  }

  private async rows(em: EntityManager, sha256: string, mediaType?: string): Promise<FileContentRow[]> {
    const rows: {
      media_type: string;
      size: string;
      text_status: TextStatus;
      text_note: string | null;
      characters: number;
      created_at: Date;
    }[] = await em.query(
      `SELECT media_type, size, text_status, text_note, coalesce(length(body), 0)::int AS characters, created_at FROM file_content
        WHERE sha256 = $1 AND ($2::text IS NULL OR media_type = $2) ORDER BY media_type`,
      [sha256, mediaType ?? null],
    );
    return rows.map((r) => ({
      sha256,
      mediaType: r.media_type,
      size: Number(r.size),
      textStatus: r.text_status,
      textNote: r.text_note,
      characters: r.characters,
      uploadedAt: r.created_at,
    }));
  }
}
