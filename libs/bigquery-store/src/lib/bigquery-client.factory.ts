import { BigQuery, type BigQueryOptions } from '@google-cloud/bigquery';
import { OAuth2Client } from 'google-auth-library';

import type { BigQueryConfig } from './bigquery.config';

/** Bearer token sent to an emulator, which does not check it. */
const EMULATOR_TOKEN = 'emulator-token';

/**
 * Real BigQuery and the emulator share this client; only the config differs.
 * - BIGQUERY_API_ENDPOINT set: that endpoint, with a static dummy token (no Google sign-in,
 *   no network access to Google).
 * - otherwise: googleapis.com with BIGQUERY_KEY_FILE when set, else Application Default
 *   Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud user credentials, metadata server).
 */
export function createBigQueryClient(config: BigQueryConfig): BigQuery {
  const options: BigQueryOptions = {
    projectId: config.BIGQUERY_PROJECT_ID,
    location: config.BIGQUERY_LOCATION,
    // Retries are ours (the sink retries transient errors forever, with backoff), so that a
    // rejection is never retried and an outage is visible in metrics and logs.
    autoRetry: false,
  };
  if (config.BIGQUERY_API_ENDPOINT) {
    const authClient = new OAuth2Client();
    authClient.setCredentials({
      access_token: EMULATOR_TOKEN,
      expiry_date: Date.now() + 10 * 365 * 24 * 3_600_000,
    });
    options.apiEndpoint = config.BIGQUERY_API_ENDPOINT.replace(/\/+$/, '');
    options.authClient = authClient;
  } else if (config.BIGQUERY_KEY_FILE) {
    options.keyFilename = config.BIGQUERY_KEY_FILE;
  }
  return new BigQuery(options);
}

export function isEmulator(config: BigQueryConfig): boolean {
  return Boolean(config.BIGQUERY_API_ENDPOINT);
}
