import { isContentType } from '@cdc/contracts';

import { type Decoded, decoded, rejected } from './decoded';
import type { ContentRecord } from './domain-records';
import { RowReader } from './field-readers';
import { toIsoMicros } from './timestamps';

const LABEL = 'content';

/** Decodes a content row as Debezium emits it; every failure names the field. */
export function decodeContent(row: unknown): Decoded<ContentRecord> {
  const reader = RowReader.of(row, LABEL);
  if (!reader.ok) {
    return reader;
  }
  const r = reader.value;

  const id = r.uuid('id');
  if (!id.ok) {
    return id;
  }
  const slug = r.string('slug');
  if (!slug.ok) {
    return slug;
  }
  const title = r.string('title');
  if (!title.ok) {
    return title;
  }
  const contentType = r.raw('content_type');
  if (!contentType.ok) {
    return contentType;
  }
  if (contentType.value !== null && !isContentType(contentType.value)) {
    return rejected(`unknown ${LABEL}.content_type ${JSON.stringify(contentType.value)}`);
  }
  const lengthSeconds = r.nullableInteger('length_seconds');
  if (!lengthSeconds.ok) {
    return lengthSeconds;
  }
  const publishText = r.string('publish_ts');
  if (!publishText.ok) {
    return publishText;
  }
  const publishTs = toIsoMicros(publishText.value);
  if (publishTs === null) {
    return rejected(
      `${LABEL}.publish_ts must be an ISO-8601 timestamp, got ${JSON.stringify(publishText.value)}`,
    );
  }
  return decoded({
    id: id.value,
    slug: slug.value,
    title: title.value,
    contentType: contentType.value,
    lengthSeconds: lengthSeconds.value,
    publishTs,
  });
}

/** The id of a content row, from either image of a change (deletes only have `before`). */
export function contentIdOf(row: unknown): string | null {
  const reader = RowReader.of(row, LABEL);
  if (!reader.ok) {
    return null;
  }
  const id = reader.value.uuid('id');
  return id.ok ? id.value : null;
}
