import { IntersectionType } from '@nestjs/mapped-types';
import { IsInt, IsOptional, IsString, ValidateIf } from 'class-validator';

import { EnvInt, EnvList } from './env-decorators';
import { describeEnvironment, isSecretVariable } from './environment-description';
import { RuntimeConfig } from './runtime.config';

class PartConfig {
  @IsString()
  DB_HOST!: string;

  @IsString()
  DB_PASSWORD!: string;

  @IsOptional()
  @IsString()
  DB_USER?: string;

  @ValidateIf((config: PartConfig) => config.DB_USER !== undefined)
  @IsString()
  DB_ROLE?: string;

  @EnvList()
  @IsString({ each: true })
  DB_TAGS: string[] = ['a', 'b'];

  @IsString()
  SIGNING_SECRET = 'dev-only-signing-secret';
}

class AppConfig extends IntersectionType(RuntimeConfig, PartConfig) {
  override HTTP_PORT = 3009;

  @EnvInt()
  @IsInt()
  EXTRA = 7;
}

describe('describeEnvironment', () => {
  it('lists every variable with required, default and secret, defaults of subclasses winning', () => {
    expect(describeEnvironment(AppConfig)).toEqual([
      { name: 'DB_HOST', required: true, hasDefault: false, default: null, secret: false },
      { name: 'DB_PASSWORD', required: true, hasDefault: false, default: null, secret: true },
      { name: 'DB_ROLE', required: false, hasDefault: false, default: null, secret: false },
      { name: 'DB_TAGS', required: false, hasDefault: true, default: ['a', 'b'], secret: false },
      { name: 'DB_USER', required: false, hasDefault: false, default: null, secret: false },
      { name: 'EXTRA', required: false, hasDefault: true, default: 7, secret: false },
      { name: 'HTTP_HOST', required: false, hasDefault: true, default: '0.0.0.0', secret: false },
      { name: 'HTTP_PORT', required: false, hasDefault: true, default: 3009, secret: false },
      { name: 'LOG_LEVEL', required: false, hasDefault: true, default: 'info', secret: false },
      {
        name: 'SHUTDOWN_TIMEOUT_MS',
        required: false,
        hasDefault: true,
        default: 15000,
        secret: false,
      },
      // A secret's default is never printed, even a development one.
      { name: 'SIGNING_SECRET', required: false, hasDefault: true, default: null, secret: true },
    ]);
  });

  it('judges secrets by name, not by a substring that only looks alike', () => {
    expect(
      [
        'PG_PASSWORD',
        'WEBHOOK_SECRET',
        'WEBHOOK_PREVIOUS_SECRETS',
        'BACKFILL_API_TOKEN',
        'KAFKA_SASL_PASSWORD',
        'STRIPE_API_KEY',
      ].map(isSecretVariable),
    ).toEqual([true, true, true, true, true, true]);
    expect(
      ['REDIS_KEY_PREFIX', 'BIGQUERY_KEY_FILE', 'TOKENIZER_MODE', 'PG_USER'].map(isSecretVariable),
    ).toEqual([false, false, false, false]);
  });
});
