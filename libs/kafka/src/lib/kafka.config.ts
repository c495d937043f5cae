import { EnvBoolean, EnvInt, EnvList } from '@cdc/platform';
import {
  ArrayNotEmpty,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Min,
  ValidateIf,
} from 'class-validator';

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

export class KafkaConfig {
  /** Comma-separated host:port list of the broker listener (never the controller port). */
  @EnvList()
  @ArrayNotEmpty({ message: 'KAFKA_BROKERS must list at least one host:port' })
  @Matches(/^[^\s:]+:\d{1,5}$/, {
    each: true,
    message: 'KAFKA_BROKERS must be a comma-separated list of host:port',
  })
  KAFKA_BROKERS!: string[];

  @IsOptional()
  @IsString()
  KAFKA_CLIENT_ID?: string;

  @EnvBoolean()
  @IsBoolean()
  KAFKA_SSL = false;

  @IsOptional()
  @IsIn(SASL_MECHANISMS)
  KAFKA_SASL_MECHANISM?: (typeof SASL_MECHANISMS)[number];

  @ValidateIf((config: KafkaConfig) => config.KAFKA_SASL_MECHANISM !== undefined)
  @IsString()
  KAFKA_SASL_USERNAME?: string;

  @ValidateIf((config: KafkaConfig) => config.KAFKA_SASL_MECHANISM !== undefined)
  @IsString()
  KAFKA_SASL_PASSWORD?: string;

  /** Partitions for the topics this app creates when they are missing. */
  @EnvInt()
  @IsInt()
  @Min(1)
  KAFKA_TOPIC_PARTITIONS = 16;

  /** Replication factor for created topics; -1 takes the broker default. */
  @EnvInt()
  @IsInt()
  @Min(-1)
  KAFKA_TOPIC_REPLICATION_FACTOR = -1;
}
