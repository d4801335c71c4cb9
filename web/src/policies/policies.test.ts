import { describe, expect, it } from 'vitest';
import { diffVersions } from './diff';
import { renderPolicyMarkdown } from './markdown';

describe('policy Markdown', () => {
  it('renders Markdown and leaves raw HTML inert', () => {
    const html = renderPolicyMarkdown(
      '# Title\n\n<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n',
    );
    expect(html).toContain('<h1>Title</h1>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
  });
  it('refuses javascript: links', () => {
    expect(renderPolicyMarkdown('[x](javascript:alert(1))')).not.toContain('href="javascript:');
  });
});

describe('version diff', () => {
  it('marks removed and added lines, keeping the rest', () => {
    expect(diffVersions('a\nb\nc\n', 'a\nB\nc\n')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'B' },
      { kind: 'same', text: 'c' },
    ]);
  });
});
