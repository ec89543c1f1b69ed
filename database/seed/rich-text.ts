/**
 * A few constructors for Strapi "blocks" rich text, so the catalog reads as prose rather than
 * as JSON trees. `p('Run ', code('git status'), ' often.')` is a paragraph with inline code.
 */
import type { BlockNode, InlineNode } from './types';

type Inline = string | InlineNode;
type TextNode = Extract<InlineNode, { type: 'text' }>;

const inline = (parts: Inline[]): InlineNode[] =>
  parts.map((part) => (typeof part === 'string' ? { type: 'text', text: part } : part));

export const bold = (text: string): TextNode => ({ type: 'text', text, bold: true });
export const italic = (text: string): TextNode => ({ type: 'text', text, italic: true });
export const code = (text: string): TextNode => ({ type: 'text', text, code: true });
export const link = (url: string, label: string): InlineNode => ({ type: 'link', url, children: [{ type: 'text', text: label }] });

export const p = (...parts: Inline[]): BlockNode => ({ type: 'paragraph', children: inline(parts) });
/** A top-level heading of the content; the site shifts it below the page's own headings. */
export const h = (text: string, level: 1 | 2 | 3 = 1): BlockNode => ({ type: 'heading', level, children: [{ type: 'text', text }] });
export const quote = (...parts: Inline[]): BlockNode => ({ type: 'quote', children: inline(parts) });

/** Each item is a string, one inline node, or an array of inline parts. */
type Item = Inline | Inline[];
const list = (format: 'ordered' | 'unordered', items: Item[]): BlockNode => ({
  type: 'list',
  format,
  children: items.map((item) => ({ type: 'list-item', children: inline(Array.isArray(item) ? item : [item]) })),
});
export const ul = (...items: Item[]): BlockNode => list('unordered', items);
export const ol = (...items: Item[]): BlockNode => list('ordered', items);

/** A code block; the source keeps its line breaks. */
export const codeBlock = (language: string, source: string): BlockNode => ({
  type: 'code',
  language,
  children: [{ type: 'text', text: source.replace(/^\n/, '').replace(/\s+$/, '') }],
});
