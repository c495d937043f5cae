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

  /**
   * The largest record batch a produce sends to one partition, framing included. The broker
   * refuses a larger one for good, so sends are cut under it and a record larger alone is
   * dead-lettered without its bytes. The default is the broker's default message.max.bytes,
   * which the local stack and deploy/ keep; set it to the smallest message.max.bytes /
   * max.message.bytes of the topics this app writes.
   */
  @EnvInt()
  @IsInt()
  @Min(4_096)
  KAFKA_PRODUCE_MAX_BYTES = 1_048_588;

  /** Replication factor for created topics; -1 takes the broker default. */
  @EnvInt()
  @IsInt()
  @Min(-1)
  KAFKA_TOPIC_REPLICATION_FACTOR = -1;
}
