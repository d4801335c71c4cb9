import MarkdownIt from 'markdown-it';

/**
 * Markdown to HTML with raw HTML off: a `<script>` or `<img onerror>` in a
 * policy comes out as text, never as markup (markdown-it escapes it), and
 * links with `javascript:` or `data:` targets are refused by its link check.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

/** The safe HTML of a policy's Markdown. */
export function renderPolicyMarkdown(text: string): string {
  return md.render(text);
}
