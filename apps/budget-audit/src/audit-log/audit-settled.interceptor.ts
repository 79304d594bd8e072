import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { concatMap, Observable } from 'rxjs';
import { AuditLogService } from './audit-log.service';

/**
 * An HTTP request answers once the audit records it wrote are in the log: a caller who posts an entry and then asks
 * for its audit entry or a proof finds it (read your writes), while concurrent requests still share one sequencer
 * transaction. Records of a request that failed were rolled back with it and are not waited for.
 */
@Injectable()
export class AuditSettledInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditLogService) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const ids: string[] = [];
    return new Observable((subscriber) =>
      // The handler runs when the stream is subscribed, so inside the collecting scope.
      this.audit.collecting(ids, () =>
        next
          .handle()
          .pipe(
            concatMap(async (value: unknown) => {
              if (ids.length > 0) await this.audit.whenIntegrated(ids);
              return value;
            }),
          )
          .subscribe(subscriber),
      ),
    );
  }
}
