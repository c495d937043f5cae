/** HTML that is already safe: built by `html` (which escapes whatever is interpolated). */
export class SafeHtml {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes a value for element content and quoted attribute values alike. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (char) => ENTITIES[char] as string);
}

type Interpolated = SafeHtml | string | number | boolean | null | undefined | Interpolated[];

function render(value: Interpolated): string {
  if (value instanceof SafeHtml) {
    return value.text;
  }
  if (Array.isArray(value)) {
    return value.map(render).join('');
  }
  if (value === null || value === undefined || value === false) {
    return '';
  }
  return escapeHtml(value);
}

/**
 * The page's only way to build HTML: every interpolated value is escaped unless it is itself
 * SafeHtml from this function, so nothing an API returns (titles, slugs, labels) can inject
 * markup. Arrays are joined; null, undefined and false render nothing.
 */
export function html(strings: TemplateStringsArray, ...values: Interpolated[]): SafeHtml {
  let text = strings[0] as string;
  values.forEach((value, index) => {
    text += render(value) + (strings[index + 1] as string);
  });
  return new SafeHtml(text);
}
