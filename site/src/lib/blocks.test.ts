import type { BlocksContent } from '@contracts/catalog';
import { describe, expect, it } from 'vitest';
import { blocksToPlainText, renderBlocks, topHeadingIn } from './blocks';

const options = { mediaBaseUrl: 'https://cms.example.com' };
const text = (t: string, marks: Record<string, boolean> = {}) => ({ type: 'text', text: t, ...marks });
const paragraph = (...children: BlocksContent) => ({ type: 'paragraph', children });

describe('renderBlocks', () => {
  it('escapes every piece of text', () => {
    const html = renderBlocks([paragraph(text('<script>alert("x")</script> & \'quotes\''))], options);
    expect(html).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</p>');
    expect(html).not.toContain('<script>');
  });

  it('renders marks, line breaks and skips blank paragraphs', () => {
    const html = renderBlocks(
      [
        paragraph(text('bold', { bold: true }), text(' and '), text('both', { italic: true, code: true })),
        paragraph(text('one\ntwo')),
        paragraph(text('   ')),
      ],
      options,
    );
    expect(html).toBe('<p><strong>bold</strong> and <em><code>both</code></em></p>\n<p>one<br>two</p>\n');
  });

  it('shifts headings below the page h1', () => {
    const blocks = [
      { type: 'heading', level: 1, children: [text('Top')] },
      { type: 'heading', level: 2, children: [text('Sub')] },
      { type: 'heading', level: 6, children: [text('Deep')] },
    ];
    expect(renderBlocks(blocks, options)).toBe('<h2>Top</h2>\n<h3>Sub</h3>\n<h6>Deep</h6>');
    expect(renderBlocks(blocks, { ...options, topHeadingLevel: 3 })).toContain('<h3>Top</h3>');
  });

  it('starts from the highest heading the author used, so no level is skipped', () => {
    const fromH2 = [
      { type: 'heading', level: 2, children: [text('Top')] },
      { type: 'heading', level: 3, children: [text('Sub')] },
    ];
    expect(renderBlocks(fromH2, options)).toBe('<h2>Top</h2>\n<h3>Sub</h3>');
    // A document rendered in parts keeps one scale: this part's h3 stays below the h2 elsewhere.
    expect(renderBlocks([fromH2[1]!], { ...options, contentTopLevel: topHeadingIn(fromH2) ?? 1 })).toBe('<h3>Sub</h3>');
    expect(topHeadingIn(null, fromH2, [paragraph(text('x'))])).toBe(2);
    expect(topHeadingIn([paragraph(text('x'))])).toBeNull();
  });

  it('renders nested lists, quotes and code with a clean language class', () => {
    const html = renderBlocks(
      [
        {
          type: 'list',
          format: 'ordered',
          children: [
            { type: 'list-item', children: [text('a')] },
            { type: 'list', format: 'unordered', children: [{ type: 'list-item', children: [text('b')] }] },
          ],
        },
        { type: 'quote', children: [text('wise')] },
        { type: 'code', language: 'ts"><x', children: [text('const a = 1 < 2;')] },
      ],
      options,
    );
    expect(html).toBe(
      '<ol><li>a<ul><li>b</li></ul></li></ol>\n<blockquote><p>wise</p></blockquote>\n' +
        '<pre tabindex="0"><code class="language-tsx">const a = 1 &lt; 2;</code></pre>',
    );
  });

  it('keeps safe links and marks external ones', () => {
    const link = (url: string) => renderBlocks([paragraph({ type: 'link', url, children: [text('go')] })], options);
    expect(link('https://example.com/?a=1&b="2"')).toBe(
      '<p><a href="https://example.com/?a=1&amp;b=&quot;2&quot;" rel="noopener noreferrer">go</a></p>',
    );
    expect(link('/courses/intro')).toBe('<p><a href="/courses/intro">go</a></p>');
    expect(link('#part-2')).toBe('<p><a href="#part-2">go</a></p>');
    expect(link('mailto:help@example.com')).toBe('<p><a href="mailto:help@example.com">go</a></p>');
  });

  it('drops dangerous link targets but keeps the words', () => {
    for (const url of ['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<b>', 'vbscript:x']) {
      const html = renderBlocks([paragraph({ type: 'link', url, children: [text('click')] })], options);
      expect(html, url).toBe('<p>click</p>');
    }
  });

  it('renders images from the cms with alt text and refuses other schemes', () => {
    const image = (url: string, alt: string | null) => ({
      type: 'image',
      image: { url, alternativeText: alt, width: 800, height: 600 },
      children: [text('')],
    });
    expect(renderBlocks([image('/uploads/a.png', 'A "chart"')], options)).toBe(
      '<figure><img src="https://cms.example.com/uploads/a.png" alt="A &quot;chart&quot;" width="800" height="600" loading="lazy" decoding="async"></figure>',
    );
    expect(renderBlocks([image('javascript:alert(1)', 'x')], options)).toBe('');
    expect(renderBlocks([image('https://cdn.example.com/b.png', null)], options)).toContain('alt=""');
  });

  it('keeps the text of unknown node types and ignores junk input', () => {
    expect(renderBlocks([{ type: 'callout', children: [text('<b>hi</b>')] }], options)).toBe('&lt;b&gt;hi&lt;/b&gt;');
    expect(renderBlocks(null, options)).toBe('');
    expect(renderBlocks('nope' as unknown as BlocksContent, options)).toBe('');
  });
});

describe('blocksToPlainText', () => {
  it('joins the words of all blocks', () => {
    expect(
      blocksToPlainText([
        { type: 'heading', level: 2, children: [text('Title')] },
        paragraph(text('Some '), { type: 'link', url: '/x', children: [text('linked')] }, text(' words.')),
      ]),
    ).toBe('Title Some linked words.');
  });
});
