import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KickedJob } from '../common/kicked-job';
import { ResearchCatalogueConfig } from '../config/research-catalogue.config';
import { PublicationsRepository } from '../publications/publications.repository';
import { FileStorage } from '../storage/file-storage';
import { extractText } from '../text/text-extraction';
import type { TextExtraction } from '../text/text-extraction';

interface Claimed {
  sha256: string;
  media_type: string;
  charset: string | null;
  attempts: number;
  last_error: string | null;
  size: string;
}

export type JobOutcome = 'idle' | 'done' | 'retry' | 'given_up';

/**
 * Extracts the text of uploaded files off the request: any instance claims a queued content (`file_text_job`, FOR
 * UPDATE SKIP LOCKED, one at a time), counting the attempt and pushing `run_after` past the longest parse before it
 * starts, so a crash mid-job leaves the job to be claimed again once that lease has passed. An error (storage
 * unreachable...) is retried later with a growing delay; after FILE_TEXT_MAX_ATTEMPTS claims the content's text is
 * `failed` with the reason. The result (`extracted`, `skipped` or `failed` as the extraction says) is written with
 * the re-indexing of every version that lists the content, in one transaction. FILE_TEXT_JOB_INTERVAL_MS = 0 runs no
 * extraction in this instance (neither the timer nor after an upload): another instance does.
 */
@Injectable()
export class FileTextJob extends KickedJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: ResearchCatalogueConfig,
    private readonly storage: FileStorage,
    private readonly publications: PublicationsRepository,
  ) {
    super(new Logger(FileTextJob.name), 'text extraction job');
  }

  protected intervalMs(): number {
    return this.config.FILE_TEXT_JOB_INTERVAL_MS;
  }

  /** Runs due jobs until none is left; returns how many it ran. */
  async drain(): Promise<number> {
    let n = 0;
    while ((await this.runOnce()) !== 'idle') n++;
    return n;
  }

  /** Claims and runs one due job. */
  async runOnce(): Promise<JobOutcome> {
    const job = await this.claim();
    if (!job) return 'idle';
    const max = this.config.FILE_TEXT_MAX_ATTEMPTS;
    if (job.attempts > max) {
      const why = job.last_error ?? 'the process stopped during the extraction';
      await this.finish(job, { status: 'failed', note: `text extraction did not finish in ${max} attempts (last: ${why})` });
      return 'given_up';
    }
    let extraction: TextExtraction;
    try {
      extraction = await extractText(
        job.media_type,
        Number(job.size),
        async () => {
          const object = await this.storage.get(job.sha256);
          if (!object) throw new Error(`content ${job.sha256} is missing from storage`);
          return object.stream;
        },
        {
          maxChars: this.config.FILE_TEXT_MAX_CHARS,
          pdfMaxBytes: this.config.FILE_TEXT_PDF_MAX_BYTES,
          pdfTimeoutMs: this.config.FILE_TEXT_PDF_TIMEOUT_MS,
        },
        job.charset ?? undefined,
      );
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.logger.warn(`text extraction of ${job.sha256} (${job.media_type}) failed, attempt ${job.attempts}: ${message}`);
      // Retried after 30 s, 1, 2, 4... minutes (at most an hour); the lease of the claim is replaced by this delay.
      await this.dataSource.query(
        `UPDATE file_text_job SET last_error = $3, run_after = now() + make_interval(secs => $4)
          WHERE sha256 = $1 AND media_type = $2 AND attempts = $5`,
        [job.sha256, job.media_type, message.slice(0, 2000), Math.min(30 * 2 ** (job.attempts - 1), 3600), job.attempts],
      );
      return 'retry';
    }
    await this.finish(job, extraction);
    return 'done';
  }

  /** The next due job, its attempt counted and its lease taken, committed before the work starts. */
  private async claim(): Promise<Claimed | undefined> {
    const leaseSeconds = Math.ceil(this.config.FILE_TEXT_PDF_TIMEOUT_MS / 1000) + 60;
    // TypeORM answers an UPDATE with [rows, count].
    const [rows]: [Claimed[], number] = await this.dataSource.query(
      `WITH due AS (
         SELECT sha256, media_type FROM file_text_job WHERE run_after <= now() ORDER BY run_after LIMIT 1 FOR UPDATE SKIP LOCKED)
       UPDATE file_text_job j SET attempts = j.attempts + 1, run_after = now() + make_interval(secs => $1)
         FROM due, file_content c
        WHERE j.sha256 = due.sha256 AND j.media_type = due.media_type AND c.sha256 = j.sha256 AND c.media_type = j.media_type
       RETURNING j.sha256, j.media_type, j.charset, j.attempts, j.last_error, c.size`,
      [leaseSeconds],
    );
    return rows[0];
  }

  /** The text, the job's end and the re-indexing of the versions listing the content, together. */
  private async finish(job: Claimed, text: TextExtraction): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const [updated]: [unknown[], number] = await em.query(
        `UPDATE file_content SET text_status = $3, text_note = $4, body = $5
          WHERE sha256 = $1 AND media_type = $2 AND text_status = 'pending' RETURNING 1`,
        [job.sha256, job.media_type, text.status, text.note ?? null, text.status === 'extracted' ? text.text : null],
      );
      await em.query(`DELETE FROM file_text_job WHERE sha256 = $1 AND media_type = $2`, [job.sha256, job.media_type]);
      if (updated.length) await this.publications.reindexVersionsOf(em, job.sha256, job.media_type);
    });
  }
}
