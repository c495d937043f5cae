/** The endpoint as health output may show it: credentials in a URL never leave the process. */
export function redactedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.username || parsed.password) {
    parsed.username = '***';
    parsed.password = '';
  }
  return `${parsed.origin}${parsed.pathname}`;
}
