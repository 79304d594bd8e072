import { Catch, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Hands a handler's error back to the transport as it was thrown. Nest's default RPC filter turns every error into
 * `{ status: 'error', message: 'Internal server error' }`, which would hide a PoisonEventError (straight to the DLQ)
 * behind a generic failure (retried until exhausted). Installed by the service bootstrap on the event transport only.
 */
@Catch()
export class EventErrorFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
