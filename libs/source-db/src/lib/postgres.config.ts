import { EnvBoolean, EnvInt } from '@cdc/platform';
import { IsBoolean, IsInt, IsString, Max, Min } from 'class-validator';

export class PostgresConfig {
  @IsString()
  PG_HOST!: string;

  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  PG_PORT = 5432;

  @IsString()
  PG_DATABASE!: string;

  @IsString()
  PG_USER!: string;

  @IsString()
  PG_PASSWORD!: string;

  @EnvBoolean()
  @IsBoolean()
  PG_SSL = false;

  @EnvInt()
  @IsInt()
  @Min(1)
  PG_POOL_SIZE = 5;
}
