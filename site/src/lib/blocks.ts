import type { BlockNode, BlocksContent } from '@contracts/catalog';
import { escapeHtml } from './html';
import { mediaUrl, sanitizeLink } from './urls';

export interface RenderBlocksOptions {
  /** Public URL of the cms, put in front of "/uploads/..." image URLs. */
  mediaBaseUrl: string;
  /**
   * The HTML level the content's top headings become. The page already has its h1, so content
   * headings are shifted down (a lesson body under the h1 starts at 2, a course description
   * under its own h2 starts at 3), keeping the outline free of skipped levels.
   */
  topHeadingLevel?: number;
  /**
   * The heading level the content's top headings use. Some authors start at H1, others at H2;
   * either way the top ones become `topHeadingLevel`. Defaults to the highest level in `blocks`;
   * pass it when one document is rendered in parts (a lesson's rich-text blocks).
   */
  contentTopLevel?: number;
}

const headingLevel = (node: BlockNode) => (Number.isInteger(node.level) ? Math.min(Math.max(node.level ?? 1, 1), 6) : 1);

/** The highest (smallest-numbered) heading level used in some blocks documents, or null if none. */
export function topHeadingIn(...documents: Array<BlocksContent | null | undefined>): number | null {
  let top: number | null = null;
  for (const blocks of documents) {
    if (!Array.isArray(blocks)) continue;
    for (const node of blocks) if (node.type === 'heading') top = Math.min(top ?? 6, headingLevel(node));
  }
  return top;
}

const children = (node: BlockNode): BlockNode[] => (Array.isArray(node.children) ? node.children : []);

function renderText(node: BlockNode): string {
  // Line breaks inside a paragraph are typed as "\n" in the editor.
  let html = escapeHtml(node.text ?? '').replace(/\n/g, '<br>');
  if (!html) return '';
  if (node.code) html = `<code>${html}</code>`;
  if (node.bold) html = `<strong>${html}</strong>`;
  if (node.italic) html = `<em>${html}</em>`;
  if (node.underline) html = `<u>${html}</u>`;
  if (node.strikethrough) html = `<s>${html}</s>`;
  return html;
}

function renderInline(nodes: BlockNode[], options: RenderBlocksOptions): string {
  return nodes.map((node) => renderNode(node, options)).join('');
}

/** True when a node has no visible text (the editor leaves empty paragraphs as spacers). */
function isBlank(node: BlockNode): boolean {
  if (node.type === 'text') return !node.text?.trim();
  if (node.type === 'image') return false;
  return children(node).every(isBlank);
}

function renderLink(node: BlockNode, options: RenderBlocksOptions): string {
  const inner = renderInline(children(node), options);
  const link = sanitizeLink(node.url);
  // An unsafe target keeps its words but loses the link.
  if (!link) return inner;
  const rel = link.external ? ' rel="noopener noreferrer"' : '';
  return `<a href="${escapeHtml(link.href)}"${rel}>${inner || escapeHtml(link.href)}</a>`;
}

function renderImage(node: BlockNode, options: RenderBlocksOptions): string {
  const image = node.image;
  const src = mediaUrl(image?.url, options.mediaBaseUrl);
  if (!image || !src) return '';
  const size =
    (Number.isInteger(image.width) && image.width ? ` width="${image.width}"` : '') +
    (Number.isInteger(image.height) && image.height ? ` height="${image.height}"` : '');
  const alt = escapeHtml(image.alternativeText ?? '');
  return `<figure><img src="${escapeHtml(src)}" alt="${alt}"${size} loading="lazy" decoding="async"></figure>`;
}

function renderCode(node: BlockNode): string {
  const text = children(node)
    .map((child) => child.text ?? '')
    .join('');
  const language = node.language?.toLowerCase().replace(/[^a-z0-9+#-]/g, '');
  const cls = language ? ` class="language-${language}"` : '';
  // Long lines scroll sideways; tabindex lets keyboard users scroll the block too.
  return `<pre tabindex="0"><code${cls}>${escapeHtml(text)}</code></pre>`;
}

/**
 * The editor stores a nested list as a sibling of the list items, but HTML wants it inside the
 * item before it, so each nested list joins the preceding <li>.
 */
function renderList(node: BlockNode, options: RenderBlocksOptions): string {
  const tag = node.format === 'ordered' ? 'ol' : 'ul';
  const items: string[] = [];
  for (const child of children(node)) {
    if (child.type === 'list') {
      const nested = renderList(child, options);
      if (items.length) items[items.length - 1] += nested;
      else items.push(nested);
    } else if (child.type === 'list-item') {
      items.push(renderInline(children(child), options));
    } else {
      items.push(renderNode(child, options));
    }
  }
  return `<${tag}>${items.map((item) => `<li>${item}</li>`).join('')}</${tag}>`;
}

function renderNode(node: BlockNode, options: RenderBlocksOptions): string {
  switch (node.type) {
    case 'text':
      return renderText(node);
    case 'link':
      return renderLink(node, options);
    case 'paragraph':
      return isBlank(node) ? '' : `<p>${renderInline(children(node), options)}</p>`;
    case 'heading': {
      const top = options.topHeadingLevel ?? 2;
      const level = Math.min(6, Math.max(top, headingLevel(node) - (options.contentTopLevel ?? 1) + top));
      return isBlank(node) ? '' : `<h${level}>${renderInline(children(node), options)}</h${level}>`;
    }
    case 'list':
      return renderList(node, options);
    case 'list-item':
      return `<li>${renderInline(children(node), options)}</li>`;
    case 'quote':
      return `<blockquote><p>${renderInline(children(node), options)}</p></blockquote>`;
    case 'code':
      return renderCode(node);
    case 'image':
      return renderImage(node, options);
    default:
      // A node type this renderer does not know yet: keep its text, drop its markup.
      return renderInline(children(node), options);
  }
}

/** Strapi "blocks" rich text to HTML. All text is escaped; links and image URLs are checked. */
export function renderBlocks(blocks: BlocksContent | null | undefined, options: RenderBlocksOptions): string {
  if (!Array.isArray(blocks)) return '';
  const resolved = { ...options, contentTopLevel: options.contentTopLevel ?? topHeadingIn(blocks) ?? 1 };
  return blocks.map((node) => renderNode(node, resolved)).join('\n');
}

/** The words of a blocks document, for meta descriptions and summaries. */
export function blocksToPlainText(blocks: BlocksContent | null | undefined): string {
  if (!Array.isArray(blocks)) return '';
  const walk = (node: BlockNode): string => (node.type === 'text' ? (node.text ?? '') : children(node).map(walk).join(''));
  return blocks
    .map(walk)
    .filter((s) => s.trim())
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}
