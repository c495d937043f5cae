import { type ArgumentsHost, Catch, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';

/**
 * Nest's default RPC filter turns any error into "Internal server error" and logs it: the
 * batch consumer would retry without knowing why. Handlers of KafkaBatchTransport use this
 * filter so that the original error reaches the consumer, which logs and retries it once.
 */
@Catch()
export class BatchErrorsFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
