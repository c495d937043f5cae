/** The outcome of decoding untrusted input: a value, or a reason that names the problem. */
export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

export const decoded = <T>(value: T): Decoded<T> => ({ ok: true, value });
export const rejected = <T = never>(reason: string): Decoded<T> => ({ ok: false, reason });
