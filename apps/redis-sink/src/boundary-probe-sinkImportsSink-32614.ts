import * as other from '@cdc/bigquery-store';
export const probe = other;
