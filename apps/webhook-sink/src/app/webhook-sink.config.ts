import { IntersectionType } from '@nestjs/mapped-types';
import { KafkaConfig } from '@cdc/kafka';
import { RuntimeConfig } from '@cdc/platform';

export class WebhookSinkConfig extends IntersectionType(RuntimeConfig, KafkaConfig) {
  override HTTP_PORT = 3004;
}
