/**
 * Certificate PDFs with pdfkit: one A4 page from the course's certificate template, fonts embedded
 * (subset), a QR code linking to the public verification page, and byte-for-byte deterministic
 * output for the same input, so the stored SHA-256 can be recomputed. Determinism comes from
 * taking every date from `issuedAt` (the document info dates and pdfkit's file ID, which hashes
 * them) and from drawing the QR code as vector rectangles.
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { loadCertificateFonts, type CertificateFonts, type FontChoice } from './fonts';
import { normaliseImage } from './images';

export interface CertificateTemplate {
  orientation: 'landscape' | 'portrait';
  titleText: string;
  /** With {learner}, {course}, {date} and {code} placeholders. */
  bodyText: string;
  /** #rrggbb: frame, title, learner name. */
  primaryColor: string;
  /** #rrggbb: body text. */
  textColor: string;
  font: FontChoice;
  signatoryName?: string | null;
  signatoryTitle?: string | null;
  /** PNG or JPEG bytes. The background covers the page and replaces the drawn frame. */
  background?: Buffer | null;
  logo?: Buffer | null;
  signature?: Buffer | null;
}

export interface CertificateInput {
  template: CertificateTemplate;
  learnerName: string;
  courseTitle: string;
  issuedAt: Date;
  /**
   * When this file was made, if later than the issue (a regenerated certificate): the PDF's
   * ModDate, so a regenerated file differs from the first one even when nothing else changed.
   * The printed date stays the issue date.
   */
  revisedAt?: Date;
  /** Canonical form, e.g. 7K3Q-M9XD-2HRB-TW4C. */
  verificationCode: string;
  /** Absolute http(s) URL of the public verification page; the QR code links here. */
  verificationUrl: string;
  /** BCP 47 locale for {date}; default en-GB ("22 November 2026"). */
  locale?: string;
  /** Captions printed on the page; English by default. */
  labels?: Partial<CertificateLabels>;
}

export interface CertificateLabels {
  date: string;
  verify: string;
}

const DEFAULT_LABELS: CertificateLabels = { date: 'Date of issue', verify: 'Verify this certificate' };

export class CertificateInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'CertificateInputError';
  }
}

export interface RenderedCertificate {
  pdf: Buffer;
  /** Characters of the name or course title that the chosen fonts cannot show (drawn as boxes). */
  uncoveredCharacters: string[];
}

const HEX = /^#[0-9a-fA-F]{6}$/;
/** The drawn certificate's paper colour (a warm white). */
const PAPER = '#fffdf7';

function validate(input: CertificateInput): void {
  const t = input.template;
  const text = (value: unknown, field: string, max: number) => {
    if (typeof value !== 'string' || value.trim() === '') throw new CertificateInputError(field, 'is required');
    if (value.length > max) throw new CertificateInputError(field, `is too long (${value.length} characters; at most ${max})`);
  };
  if (t.orientation !== 'landscape' && t.orientation !== 'portrait') throw new CertificateInputError('template.orientation', 'must be landscape or portrait');
  if (t.font !== 'serif' && t.font !== 'sans') throw new CertificateInputError('template.font', 'must be serif or sans');
  for (const key of ['primaryColor', 'textColor'] as const) {
    if (!HEX.test(t[key])) throw new CertificateInputError(`template.${key}`, `must be a colour like #1f4e79; got ${JSON.stringify(t[key])}`);
  }
  text(t.titleText, 'template.titleText', 120);
  text(t.bodyText, 'template.bodyText', 1000);
  text(input.learnerName, 'learnerName', 200);
  text(input.courseTitle, 'courseTitle', 300);
  text(input.verificationCode, 'verificationCode', 64);
  if (!(input.issuedAt instanceof Date) || Number.isNaN(input.issuedAt.getTime())) throw new CertificateInputError('issuedAt', 'must be a valid date');
  if (input.revisedAt !== undefined && (!(input.revisedAt instanceof Date) || Number.isNaN(input.revisedAt.getTime()))) {
    throw new CertificateInputError('revisedAt', 'must be a valid date');
  }
  let url: URL;
  try {
    url = new URL(input.verificationUrl);
  } catch {
    throw new CertificateInputError('verificationUrl', `must be an absolute URL; got ${JSON.stringify(input.verificationUrl)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CertificateInputError('verificationUrl', 'must be an http(s) URL');
}

// ─── layout ─────────────────────────────────────────────────────────────────────────────────

interface Layout {
  width: number;
  height: number;
  /** Side margin of the centred text. */
  textInset: number;
  logoTop: number;
  logoBox: [number, number];
  titleSize: number;
  nameSize: number;
  bodySize: number;
  /** Top of the signature/date/QR area. */
  footerTop: number;
  footer: 'row' | 'stacked';
}

const A4: [number, number] = [595.28, 841.89];

function layoutFor(orientation: CertificateTemplate['orientation']): Layout {
  if (orientation === 'landscape') {
    return { width: A4[1], height: A4[0], textInset: 96, logoTop: 56, logoBox: [160, 54], titleSize: 30, nameSize: 40, bodySize: 14, footerTop: A4[0] - 152, footer: 'row' };
  }
  return { width: A4[0], height: A4[1], textInset: 64, logoTop: 72, logoBox: [170, 64], titleSize: 26, nameSize: 34, bodySize: 13.5, footerTop: A4[1] - 282, footer: 'stacked' };
}

type Run = { text: string; strong: boolean };

/** Splits text at placeholders; the course title (and a repeated learner name) is set in bold, date and code plainly. */
function runs(template: string, values: Record<'learner' | 'course' | 'date' | 'code', string>): Run[] {
  const out: Run[] = [];
  for (const part of template.split(/(\{(?:learner|course|date|code)\})/)) {
    if (!part) continue;
    const key = /^\{(learner|course|date|code)\}$/.exec(part)?.[1] as keyof typeof values | undefined;
    if (key) out.push({ text: values[key], strong: key === 'course' || key === 'learner' });
    else out.push({ text: part, strong: false });
  }
  return out;
}

const plain = (rs: Run[]) => rs.map((r) => r.text).join('');

type Doc = PDFKit.PDFDocument;

/** pdfkit's current font as fontkit exposes it (not in pdfkit's types). */
function currentFontCovers(doc: Doc, codePoint: number): boolean {
  const font = (doc as unknown as { _font?: { font?: { hasGlyphForCodePoint?: (cp: number) => boolean } } })._font?.font;
  return font?.hasGlyphForCodePoint ? font.hasGlyphForCodePoint(codePoint) : true;
}

function uncovered(doc: Doc, text: string): string[] {
  const missing = new Set<string>();
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (/\s/u.test(ch)) continue;
    if (!currentFontCovers(doc, cp)) missing.add(ch);
  }
  return [...missing];
}

function ornamentRule(doc: Doc, cx: number, y: number, halfWidth: number, color: string): void {
  doc.save().lineWidth(0.8).strokeColor(color);
  doc.moveTo(cx - halfWidth, y).lineTo(cx - 9, y).stroke();
  doc.moveTo(cx + 9, y).lineTo(cx + halfWidth, y).stroke();
  doc.polygon([cx, y - 4], [cx + 4, y], [cx, y + 4], [cx - 4, y]).fill(color);
  doc.restore();
}

function frame(doc: Doc, l: Layout, color: string): void {
  doc.save();
  doc.rect(0, 0, l.width, l.height).fill(PAPER);
  doc.lineWidth(2.5).strokeColor(color).rect(22, 22, l.width - 44, l.height - 44).stroke();
  doc.lineWidth(0.75).strokeColor(color).rect(30, 30, l.width - 60, l.height - 60).stroke();
  // Diamonds on the inner frame's corners.
  for (const [x, y] of [
    [30, 30],
    [l.width - 30, 30],
    [30, l.height - 30],
    [l.width - 30, l.height - 30],
  ] as const) {
    doc.polygon([x, y - 6], [x + 6, y], [x, y + 6], [x - 6, y]).fill(color);
  }
  doc.restore();
}

/** Places a template image, or names the field when it cannot be used. */
function placeImage(field: string, data: Buffer, flattenOnto: string | undefined, draw: (image: Buffer) => void): void {
  let image: Buffer;
  try {
    image = normaliseImage(data, flattenOnto);
  } catch (error) {
    throw new CertificateInputError(field, error instanceof Error ? error.message : String(error));
  }
  try {
    draw(image);
  } catch (error) {
    throw new CertificateInputError(field, `is not an image pdfkit can read (${error instanceof Error ? error.message : String(error)})`);
  }
}

// ─── centred text with bold runs ────────────────────────────────────────────────────────────
// pdfkit's `continued` text mixes fonts badly when centred (runs overprint each other), so the
// body is laid out here: words are measured in their own font and set line by line.

type Piece = { text: string; strong: boolean };
/** A word: pieces that must stay together ("{course}." is a bold piece and a regular "."). */
type Atom = Piece[];

function atoms(rs: Run[]): Atom[] {
  const out: Atom[] = [];
  let current: Atom = [];
  for (const run of rs) {
    for (const token of run.text.split(/(\s+)/)) {
      if (token === '') continue;
      if (/^\s+$/.test(token)) {
        if (current.length) out.push(current);
        current = [];
      } else {
        current.push({ text: token, strong: run.strong });
      }
    }
  }
  if (current.length) out.push(current);
  return out;
}

interface SetLine {
  atoms: Atom[];
  width: number;
}

function pieceWidth(doc: Doc, piece: Piece, size: number): number {
  return doc.font(piece.strong ? 'bold' : 'regular').fontSize(size).widthOfString(piece.text);
}

function atomWidth(doc: Doc, atom: Atom, size: number): number {
  return atom.reduce((w, p) => w + pieceWidth(doc, p, size), 0);
}

function setLines(doc: Doc, words: Atom[], size: number, width: number): SetLine[] {
  const space = doc.font('regular').fontSize(size).widthOfString(' ');
  const lines: SetLine[] = [];
  let line: SetLine = { atoms: [], width: 0 };
  for (const atom of words) {
    const w = atomWidth(doc, atom, size);
    const next = line.atoms.length ? line.width + space + w : w;
    if (line.atoms.length && next > width) {
      lines.push(line);
      line = { atoms: [atom], width: w };
    } else {
      line = { atoms: [...line.atoms, atom], width: next };
    }
  }
  if (line.atoms.length) lines.push(line);
  return lines;
}

const lineHeight = (size: number) => size * 1.45;

function drawParagraph(doc: Doc, lines: SetLine[], size: number, left: number, top: number, width: number): number {
  const space = doc.font('regular').fontSize(size).widthOfString(' ');
  let y = top;
  for (const line of lines) {
    let x = left + Math.max(0, (width - line.width) / 2);
    line.atoms.forEach((atom, i) => {
      if (i > 0) x += space;
      for (const piece of atom) {
        doc.font(piece.strong ? 'bold' : 'regular').fontSize(size).text(piece.text, x, y + (lineHeight(size) - size * 1.16) / 2, { lineBreak: false });
        x += pieceWidth(doc, piece, size);
      }
    });
    y += lineHeight(size);
  }
  return y;
}

/** The QR code as filled vector rectangles, one per run of dark modules in a row. */
function drawQr(doc: Doc, url: string, x: number, y: number, size: number, paper: string): void {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + 2 * quiet);
  doc.save();
  doc.rect(x, y, size, size).fill(paper);
  for (let row = 0; row < n; row += 1) {
    let col = 0;
    while (col < n) {
      if (!qr.modules.get(row, col)) {
        col += 1;
        continue;
      }
      const start = col;
      while (col < n && qr.modules.get(row, col)) col += 1;
      doc.rect(x + (quiet + start) * cell, y + (quiet + row) * cell, (col - start) * cell, cell);
    }
  }
  doc.fill('#111111');
  doc.restore();
  doc.link(x, y, size, size, url);
}

/**
 * Centred lines of letter-spaced text in the current font (titles). pdfkit counts the spacing
 * after a line's last letter and its trailing space when centring, which pushes wrapped lines
 * off-centre; here each line is measured without them.
 */
function spacedLines(doc: Doc, text: string, size: number, spacing: number, width: number): string[] {
  const measure = (s: string) => doc.fontSize(size).widthOfString(s, { characterSpacing: spacing });
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && measure(`${last} ${word}`) <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

function drawSpacedLines(doc: Doc, lines: string[], size: number, spacing: number, left: number, top: number, width: number): number {
  let y = top;
  for (const line of lines) {
    const w = doc.fontSize(size).widthOfString(line, { characterSpacing: spacing });
    doc.text(line, left + Math.max(0, (width - w) / 2), y, { lineBreak: false, characterSpacing: spacing });
    y += size * 1.25;
  }
  return y;
}

/**
 * pdfkit parses each font anew for every document, and fontkit then decodes the large kerning
 * and substitution tables (GPOS/GSUB) on the first line of text: most of a certificate's time.
 * The parsed font is kept per font file and put into each new document's embedded font before
 * anything is measured; every document still makes its own subset, so output is unchanged.
 * Relies on pdfkit 0.17's EmbeddedFont fields `font` and `subset` (the version is pinned; the
 * tests' pdffonts/pdftotext checks catch a change).
 */
interface FontkitGlyph {
  codePoints: number[];
}
interface FontkitFont {
  createSubset(): unknown;
  getGlyph(id: number, characters?: number[]): FontkitGlyph;
}
const parsedFonts = new WeakMap<Buffer, FontkitFont>();

const sameCharacters = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((c, i) => c === b[i]);

/**
 * fontkit caches one glyph object per glyph id, carrying the characters it was first made for,
 * and pdfkit writes those characters into the PDF's ToUnicode map. Some glyphs serve several
 * characters (DejaVu draws Cyrillic "р" and Latin "p" with one), so with a shared font a
 * certificate's "p" would be extracted (searched, copied, read aloud) as the "р" of a certificate
 * rendered earlier. Handing out a view of the cached glyph with this text's characters keeps the
 * parsed glyph shared and the text layer right.
 */
function withOwnCharacters(font: FontkitFont): FontkitFont {
  const getGlyph = font.getGlyph.bind(font);
  font.getGlyph = (id: number, characters: number[] = []) => {
    const glyph = getGlyph(id, characters);
    if (characters.length === 0 || sameCharacters(glyph.codePoints, characters)) return glyph;
    return Object.create(glyph, { codePoints: { value: characters, enumerable: true } }) as FontkitGlyph;
  };
  return font;
}

function selectSharedFont(doc: Doc, name: string, file: Buffer): void {
  doc.font(name);
  const embedded = (doc as unknown as { _font?: { font?: FontkitFont; subset?: unknown } })._font;
  if (!embedded?.font) return;
  const shared = parsedFonts.get(file);
  if (!shared) parsedFonts.set(file, withOwnCharacters(embedded.font));
  else if (embedded.font !== shared) {
    embedded.font = shared;
    embedded.subset = shared.createSubset();
  }
}

/** Size at most `max` (down to `min`) at which text `widthAtMax` wide becomes `available` wide: width is linear in size. */
function linearFit(max: number, min: number, widthAtMax: number, available: number): number {
  if (widthAtMax <= available) return max;
  return Math.max(min, Math.floor(((max * available) / widthAtMax) * 2) / 2);
}

/** Largest size from `from` down to `min` (step 0.5) at which `measure` fits; else `min`. */
function fitSize(from: number, min: number, fits: (size: number) => boolean): number {
  for (let s = from; s > min; s -= 0.5) if (fits(s)) return s;
  return min;
}

/** Renders the certificate; see {@link renderCertificate} for the plain Buffer. */
export async function renderCertificateWithReport(input: CertificateInput, fonts: CertificateFonts = loadCertificateFonts()): Promise<RenderedCertificate> {
  validate(input);
  const t = input.template;
  const l = layoutFor(t.orientation);
  const labels = { ...DEFAULT_LABELS, ...input.labels };
  const date = new Intl.DateTimeFormat(input.locale ?? 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(input.issuedAt);
  // NFC: a name typed with combining accents is set (and extracted) as the precomposed letters.
  const values = { learner: input.learnerName.normalize('NFC').trim(), course: input.courseTitle.normalize('NFC').trim(), date, code: input.verificationCode };

  const doc: Doc = new PDFDocument({
    autoFirstPage: false,
    // No default Helvetica: every font in the file is one we embed.
    font: null as unknown as string,
    pdfVersion: '1.7',
    displayTitle: true,
    info: {
      Title: `${t.titleText.trim()}: ${values.learner}`,
      Subject: values.course,
      Author: t.signatoryName?.trim() || 'LMS',
      Keywords: `certificate ${values.code}`,
      Creator: 'LMS lms-grading',
      Producer: 'PDFKit',
      CreationDate: input.issuedAt,
      ModDate: input.revisedAt ?? input.issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const family = fonts[t.font];
  doc.addPage({ size: 'A4', layout: t.orientation, margin: 0 });
  for (const face of ['regular', 'bold', 'italic'] as const) {
    doc.registerFont(face, family[face]);
    selectSharedFont(doc, face, family[face]);
  }
  let pages = 1;
  doc.on('pageAdded', () => {
    pages += 1;
  });

  const { width: W, height: H } = l;
  const textWidth = W - 2 * l.textInset;
  const muted = 0.72;

  // Background or drawn frame. The QR code gets a quiet zone in the paper's colour.
  const paper = t.background ? '#ffffff' : PAPER;
  // On the plain paper, transparent logos and signatures are flattened onto it (see images.ts).
  const flatten = t.background ? undefined : PAPER;
  if (t.background) {
    placeImage('template.background', t.background, undefined, (bg) => doc.image(bg, 0, 0, { cover: [W, H], align: 'center', valign: 'center' }));
  } else {
    frame(doc, l, t.primaryColor);
  }

  // Header: logo, title, ornament.
  let y = l.logoTop;
  if (t.logo) {
    const [bw, bh] = l.logoBox;
    placeImage('template.logo', t.logo, flatten, (logo) => doc.image(logo, (W - bw) / 2, y, { fit: [bw, bh], align: 'center', valign: 'center' }));
    y += bh + 18;
  } else {
    y += 24;
  }
  const title = t.titleText.trim().toUpperCase();
  doc.font('bold');
  // One line if it fits at up to a quarter smaller; otherwise at most two lines.
  const titleLines = (size: number) => spacedLines(doc, title, size, size / 9, textWidth);
  const oneLineSize = linearFit(l.titleSize, 0, doc.fontSize(l.titleSize).widthOfString(title, { characterSpacing: l.titleSize / 9 }), textWidth);
  const titleSize = oneLineSize >= l.titleSize * 0.75 ? oneLineSize : fitSize(l.titleSize, 12, (size) => titleLines(size).length <= 2);
  doc.fillColor(t.primaryColor);
  y = drawSpacedLines(doc, titleLines(titleSize), titleSize, titleSize / 9, l.textInset, y, textWidth) + 8;
  ornamentRule(doc, W / 2, y, 90, t.primaryColor);
  const headerBottom = y + 14;

  // Middle: lead-in, learner name, body; centred vertically between header and footer.
  const template = t.bodyText.trim();
  const at = template.indexOf('{learner}');
  const leadRuns = at >= 0 ? runs(template.slice(0, at).trim(), values) : [];
  const bodyRuns = runs(at >= 0 ? template.slice(at + '{learner}'.length).trim() : template, values);
  const leadText = plain(leadRuns);
  const bodyWords = atoms(bodyRuns);

  doc.font('bold');
  const uncoveredChars = [...new Set([...uncovered(doc, values.learner), ...uncovered(doc, values.course)])];
  const nameSize = linearFit(l.nameSize, 18, doc.fontSize(l.nameSize).widthOfString(values.learner), textWidth);
  const nameHeight = doc.fontSize(nameSize).heightOfString(values.learner, { width: textWidth });
  const leadSize = l.bodySize;
  doc.font('italic');
  const leadHeight = leadText ? doc.fontSize(leadSize).heightOfString(leadText, { width: textWidth }) + 10 : 0;
  const available = l.footerTop - 18 - headerBottom - leadHeight - nameHeight - 22;
  const bodySize = fitSize(l.bodySize, 8, (s) => setLines(doc, bodyWords, s, textWidth).length * lineHeight(s) <= available);
  const bodyLines = setLines(doc, bodyWords, bodySize, textWidth);
  const bodyHeight = bodyLines.length * lineHeight(bodySize);
  const middleHeight = leadHeight + nameHeight + 22 + bodyHeight;
  y = headerBottom + Math.max(0, (l.footerTop - 18 - headerBottom - middleHeight) / 2);

  if (leadText) {
    doc.font('italic').fontSize(leadSize).fillColor(t.textColor).text(leadText, l.textInset, y, { width: textWidth, align: 'center' });
    y = doc.y + 10;
  }
  doc.font('bold').fontSize(nameSize).fillColor(t.primaryColor).text(values.learner, l.textInset, y, { width: textWidth, align: 'center' });
  y = doc.y + 6;
  doc.save().lineWidth(0.6).strokeColor(t.textColor).strokeOpacity(0.35).moveTo(W / 2 - 150, y).lineTo(W / 2 + 150, y).stroke().restore();
  y += 16;
  doc.fillColor(t.textColor);
  drawParagraph(doc, bodyLines, bodySize, l.textInset, y, textWidth);

  // Footer: signature and date, verification QR code.
  const signatureBlock = (cx: number, lineY: number) => {
    const half = 95;
    if (t.signature) {
      placeImage('template.signature', t.signature, flatten, (sig) => doc.image(sig, cx - 80, lineY - 52, { fit: [160, 48], align: 'center', valign: 'bottom' }));
    }
    doc.save().lineWidth(0.75).strokeColor(t.textColor).moveTo(cx - half, lineY).lineTo(cx + half, lineY).stroke().restore();
    let ty = lineY + 6;
    if (t.signatoryName?.trim()) {
      doc.font('bold').fontSize(11).fillColor(t.textColor).text(t.signatoryName.trim(), cx - half - 20, ty, { width: 2 * half + 40, align: 'center' });
      ty = doc.y + 1;
    }
    if (t.signatoryTitle?.trim()) {
      doc.font('italic').fontSize(9.5).fillColor(t.textColor, muted).text(t.signatoryTitle.trim(), cx - half - 20, ty, { width: 2 * half + 40, align: 'center' });
      doc.fillOpacity(1);
    }
  };
  const dateBlock = (cx: number, lineY: number) => {
    const half = 85;
    doc.font('regular').fontSize(12).fillColor(t.textColor).text(date, cx - half - 20, lineY - 19, { width: 2 * half + 40, align: 'center' });
    doc.save().lineWidth(0.75).strokeColor(t.textColor).moveTo(cx - half, lineY).lineTo(cx + half, lineY).stroke().restore();
    doc.font('italic').fontSize(9.5).fillColor(t.textColor, muted).text(labels.date, cx - half - 20, lineY + 6, { width: 2 * half + 40, align: 'center' });
    doc.fillOpacity(1);
  };
  const verifyText = (x: number, yTop: number, width: number, align: 'left' | 'right' | 'center') => {
    doc.font('italic').fontSize(9).fillColor(t.textColor, muted).text(labels.verify, x, yTop, { width, align });
    doc.fillOpacity(1);
    doc.font('bold').fontSize(10.5).fillColor(t.textColor).text(values.code, x, doc.y + 2, { width, align, characterSpacing: 0.6 });
    const display = input.verificationUrl.replace(/^https?:\/\//, '');
    const urlY = doc.y + 2;
    doc.font('regular');
    const urlSize = fitSize(7.5, 5, (size) => doc.fontSize(size).widthOfString(display) <= width);
    doc.fontSize(urlSize).fillColor(t.textColor, muted).text(display, x, urlY, { width, align, link: input.verificationUrl });
    doc.fillOpacity(1);
  };

  if (l.footer === 'row') {
    const lineY = H - 86;
    signatureBlock(W * 0.2 + 8, lineY);
    dateBlock(W * 0.45, lineY);
    const qrSize = 84;
    const qrX = W - 70 - qrSize;
    const qrY = H - 70 - qrSize;
    drawQr(doc, input.verificationUrl, qrX, qrY, qrSize, paper);
    verifyText(qrX - 200, qrY + 18, 192, 'right');
  } else {
    const lineY = l.footerTop + 52;
    signatureBlock(W * 0.29, lineY);
    dateBlock(W * 0.71, lineY);
    const qrSize = 84;
    const qrX = (W - qrSize) / 2;
    const qrY = H - 58 - 44 - qrSize;
    drawQr(doc, input.verificationUrl, qrX, qrY, qrSize, paper);
    verifyText(l.textInset, qrY + qrSize + 4, textWidth, 'center');
  }

  doc.end();
  const pdf = await done;
  if (pages !== 1) throw new Error(`certificate layout overflowed onto ${pages} pages; this is a bug in the layout`);
  return { pdf, uncoveredCharacters: uncoveredChars };
}

/** The certificate PDF for `input`: the same input always gives the same bytes. */
export async function renderCertificate(input: CertificateInput, fonts?: CertificateFonts): Promise<Buffer> {
  return (await renderCertificateWithReport(input, fonts)).pdf;
}
