// Text from a server shown inside Markdown (tooltips, hovers) must read as text: a type or
// attribute name like "[x](command:…)" or "**bold**" must not become a link or formatting.

const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~&:]/g;

/** Escapes every character Markdown (CommonMark, GFM tables and autolinks) gives a meaning. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
}
