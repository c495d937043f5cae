import { createHash, timingSafeEqual } from 'node:crypto';

import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request, Response } from 'express';

import { BackfillConfig } from '../backfill.config';

/**
 * Requires `Authorization: Bearer <BACKFILL_API_TOKEN>`. Both sides are hashed first so the
 * comparison is constant-time whatever the length of what the caller sent.
 */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(config: BackfillConfig) {
    this.expected = digest(config.BACKFILL_API_TOKEN);
  }

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    if (this.matches(http.getRequest<Request>().headers.authorization)) {
      return true;
    }
    http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="backfill"');
    throw new UnauthorizedException(
      'a valid bearer token is required: Authorization: Bearer <BACKFILL_API_TOKEN>',
    );
  }

  matches(header: string | undefined): boolean {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    const equal = timingSafeEqual(digest(match?.[1] ?? ''), this.expected);
    return match !== null && equal;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
