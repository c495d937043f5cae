import { escapeHtml, html } from './html';

// Called through another name so that Prettier leaves these templates exactly as written.
const tag = html;

describe('html', () => {
  it('escapes every interpolated value, in content and in attributes', () => {
    const title = `<img src=x onerror="alert('x')">&`;
    expect(tag`<a title="${title}">${title}</a>`.text).toBe(
      '<a title="&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;">&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;</a>',
    );
  });

  it('keeps nested html as it is, joins arrays, and renders nothing for null, undefined, false', () => {
    const items = ['<b>', 'c'].map((item) => tag`<li>${item}</li>`);
    expect(tag`<ul>${items}</ul>${null}${undefined}${false}${0}`.text).toBe(
      '<ul><li>&lt;b&gt;</li><li>c</li></ul>0',
    );
  });

  it('escapes the five characters that matter', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});
