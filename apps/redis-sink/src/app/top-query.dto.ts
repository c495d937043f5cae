import { CONTENT_TYPES, type ContentType } from '@cdc/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export const TOP_MEASURES = ['seconds', 'events'] as const;
export const MAX_TOP_LIMIT = 1000;

/** GET /top query. The window's upper bound (REDIS_WINDOW_MINUTES) is checked by the controller. */
export class TopQueryDto {
  @IsOptional()
  @Matches(/^[1-9]\d{0,2}m$/, { message: 'window must be a number of minutes like 10m' })
  window = '10m';

  @IsOptional()
  @IsIn(TOP_MEASURES)
  by: (typeof TOP_MEASURES)[number] = 'seconds';

  @IsOptional()
  @IsIn(CONTENT_TYPES)
  content_type?: ContentType;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_TOP_LIMIT)
  limit = 10;
}
