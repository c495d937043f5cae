/** The member that stands for events whose content_id is NULL. */
export const UNKNOWN_CONTENT_MEMBER = 'unknown';

/** 32-bit FNV-1a over the UTF-8 bytes: tiny, stable across platforms and languages. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The content member of an event: its content_id, or "unknown" when NULL. */
export function contentMember(contentId: string | null): string {
  return contentId === null ? UNKNOWN_CONTENT_MEMBER : contentId.toLowerCase();
}

export function shardOf(member: string, shards: number): number {
  return fnv1a32(member) % shards;
}

/** The hash tag of a shard, e.g. {s07}: Redis Cluster hashes only what is inside the braces. */
export function shardTag(shard: number): string {
  return `{s${String(shard).padStart(2, '0')}}`;
}
