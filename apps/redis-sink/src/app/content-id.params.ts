import { UNKNOWN_CONTENT_MEMBER } from '@cdc/redis-store';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min, ValidateIf } from 'class-validator';

/** :id is a content UUID, or "unknown" for the events without content. */
export class ContentIdParams {
  @ValidateIf((_, value) => value !== UNKNOWN_CONTENT_MEMBER)
  @IsUUID('all', { message: `id must be a UUID or '${UNKNOWN_CONTENT_MEMBER}'` })
  id!: string;
}

export class RecentQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  limit = 50;
}
