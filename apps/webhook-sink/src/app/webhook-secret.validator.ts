import {
  WEBHOOK_SECRET_MAX_BYTES,
  WEBHOOK_SECRET_MIN_BYTES,
  webhookSecretKey,
} from '@cdc/webhook-delivery';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/** A Standard Webhooks secret: `whsec_` and the base64 of a 24 to 64 byte key. */
export function IsWebhookSecret(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isWebhookSecret',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && webhookSecretKey(value) !== null,
        // Never the value: it is a secret.
        defaultMessage: () =>
          `$property must be ${options?.each ? 'a comma-separated list of Standard Webhooks secrets, each' : 'a Standard Webhooks secret:'} whsec_ followed by the base64 of ${WEBHOOK_SECRET_MIN_BYTES} to ${WEBHOOK_SECRET_MAX_BYTES} random bytes, e.g. whsec_$(openssl rand -base64 32)`,
      },
    },
    options,
  );
}
