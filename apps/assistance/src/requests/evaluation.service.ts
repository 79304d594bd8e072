import { Injectable } from '@nestjs/common';
import type { Principal } from '@wco/auth';
import { ForbiddenError, NotFoundError, ValidationFailedError } from '@wco/http';
import { DataSource } from 'typeorm';
import { isCoordinator } from '../access/assistance.access';
import { RequestStateConflictError } from '../domain/assistance.errors';
import { EvaluationDto, EvaluationView, indicatorFieldErrors } from './dto/evaluation.dto';
import { RequestsService } from './requests.service';

@Injectable()
export class EvaluationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: RequestsService,
  ) {}

  /** Recorded (or corrected) by a coordinator while the request is in evaluation; closing needs it. */
  async record(caller: Principal, requestId: string, dto: EvaluationDto): Promise<EvaluationView> {
    await this.requests.loadVisible(caller, requestId);
    if (!isCoordinator(caller)) throw new ForbiddenError('only an assistance-coordinator records the evaluation', { code: 'forbidden' });
    const fieldErrors = indicatorFieldErrors(dto.indicators ?? []);
    if (fieldErrors.length > 0) throw new ValidationFailedError(fieldErrors);
    const at = new Date();
    await this.dataSource.transaction(async (em) => {
      const rows: { state: string }[] = await em.query(`SELECT state FROM assistance_request WHERE id = $1 FOR UPDATE`, [requestId]);
      if (rows[0].state !== 'evaluation')
        throw new RequestStateConflictError('an evaluation is recorded in the evaluation state', rows[0].state);
      await em.query(
        `INSERT INTO evaluation (request_id, criteria, satisfaction, follow_up_needed, indicators, evaluated_by, evaluated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (request_id) DO UPDATE SET criteria = EXCLUDED.criteria, satisfaction = EXCLUDED.satisfaction, follow_up_needed = EXCLUDED.follow_up_needed,
           indicators = EXCLUDED.indicators, evaluated_by = EXCLUDED.evaluated_by, evaluated_at = EXCLUDED.evaluated_at`,
        [
          requestId,
          JSON.stringify(dto.criteria),
          dto.satisfaction,
          dto.followUpNeeded,
          JSON.stringify(dto.indicators ?? []),
          caller.subject,
          at,
        ],
      );
    });
    return { requestId, ...dto, indicators: dto.indicators ?? [], evaluatedBy: caller.subject, evaluatedAt: at.toISOString() };
  }

  async get(caller: Principal, requestId: string): Promise<EvaluationView> {
    await this.requests.loadVisible(caller, requestId);
    const rows: {
      criteria: EvaluationDto['criteria'];
      satisfaction: number;
      follow_up_needed: boolean;
      indicators: EvaluationDto['indicators'];
      evaluated_by: string;
      evaluated_at: Date;
    }[] = await this.dataSource.query(
      `SELECT criteria, satisfaction, follow_up_needed, indicators, evaluated_by, evaluated_at FROM evaluation WHERE request_id = $1`,
      [requestId],
    );
    const r = rows[0];
    if (!r) throw new NotFoundError(`request ${requestId} has no evaluation yet`, { code: 'evaluation_not_found' });
    return {
      requestId,
      criteria: r.criteria,
      satisfaction: r.satisfaction,
      followUpNeeded: r.follow_up_needed,
      indicators: r.indicators,
      evaluatedBy: r.evaluated_by,
      evaluatedAt: r.evaluated_at.toISOString(),
    };
  }
}
