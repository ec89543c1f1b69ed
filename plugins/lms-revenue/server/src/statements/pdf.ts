/**
 * The monthly statement as a PDF (pdfkit, A4 portrait, DejaVu Sans embedded): a summary per
 * currency, then every line with its fee waterfall (gross, VAT, fee, what was shared, the
 * instructor's share and rule) and the running balance. Fonts are read once per process.
 */
import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { type Money, toDecimalString } from '@lms/plugin-lms-core/server';
import type { Statement, StatementSection } from '../domain';

const FONT_FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;

/** `<plugin>/assets/fonts`, found by walking up from this module (source or built bundle). */
function fontsDir(): string {
  let dir = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (let i = 0; i < 8; i += 1) {
    const candidate = path.join(dir, 'assets', 'fonts');
    if (fs.existsSync(path.join(candidate, FONT_FILES.regular))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`lms-revenue: statement fonts not found; expected assets/fonts/${FONT_FILES.regular} in the plugin package`);
}

let fonts: { regular: Buffer; bold: Buffer } | null = null;
function loadFonts() {
  if (!fonts) {
    const dir = fontsDir();
    fonts = { regular: fs.readFileSync(path.join(dir, FONT_FILES.regular)), bold: fs.readFileSync(path.join(dir, FONT_FILES.bold)) };
  }
  return fonts;
}

type Doc = InstanceType<typeof PDFDocument>;

const MARGIN = 40;
const PAGE_BOTTOM = 842 - 50;
const show = (m: Money | null) => (m ? toDecimalString(m) : '');
/** A deduction: shown with a minus unless it is zero. */
const minus = (m: Money | null) => (m ? (m.amount === 0 ? show(m) : `-${show(m)}`) : '');
const dateOf = (d: Date) => d.toISOString().slice(0, 10);

/** Columns of the lines table: x, width, alignment. */
const COLUMNS = [
  { key: 'date', title: 'Date', x: MARGIN, w: 58, align: 'left' },
  { key: 'what', title: 'Description', x: MARGIN + 60, w: 150, align: 'left' },
  { key: 'gross', title: 'Gross', x: MARGIN + 212, w: 50, align: 'right' },
  { key: 'vat', title: 'VAT', x: MARGIN + 264, w: 42, align: 'right' },
  { key: 'fee', title: 'Fee', x: MARGIN + 308, w: 42, align: 'right' },
  { key: 'base', title: 'Shared', x: MARGIN + 352, w: 50, align: 'right' },
  { key: 'mine', title: 'Change', x: MARGIN + 404, w: 52, align: 'right' },
  { key: 'balance', title: 'Balance', x: MARGIN + 458, w: 57, align: 'right' },
] as const;

type Cells = Record<(typeof COLUMNS)[number]['key'], string>;

function row(doc: Doc, y: number, cells: Cells, bold = false): number {
  doc.font(bold ? 'bold' : 'regular').fontSize(7.5);
  let height = 0;
  for (const c of COLUMNS) {
    const text = cells[c.key];
    doc.text(text, c.x, y, { width: c.w, align: c.align, lineBreak: c.key === 'what' });
    height = Math.max(height, doc.heightOfString(text, { width: c.w }));
  }
  return y + height + 3;
}

function header(doc: Doc, y: number, currency: string): number {
  doc.rect(MARGIN, y - 2, 515, 14).fill('#eef0f6').fillColor('#000');
  const cells = Object.fromEntries(COLUMNS.map((c) => [c.key, c.key === 'what' ? `Description (amounts in ${currency})` : c.title])) as Cells;
  return row(doc, y, cells, true) + 2;
}

function section(doc: Doc, s: StatementSection, startY: number): number {
  let y = startY;
  const ensure = (needed: number) => {
    if (y + needed > PAGE_BOTTOM) {
      doc.addPage({ size: 'A4', margin: MARGIN });
      y = MARGIN;
      y = header(doc, y, s.currency);
    }
  };
  doc.font('bold').fontSize(12).text(`${s.currency}`, MARGIN, y);
  y += 18;
  const t = s.totals;
  const summary: Array<[string, string]> = [
    ['Opening balance', show(s.opening)],
    [`Sales (${t.sales}), gross paid by learners`, show(t.gross)],
    ['Your earnings from these sales', show(t.earned)],
    ['Given back on refunds', minus(t.refunded)],
    ['Given back on lost disputes', minus(t.chargedBack)],
    ['Payouts paid', minus(t.payoutsPaid)],
    ['Closing balance', show(s.closing)],
    ['  of which reserved by an open payout request', show(t.reservedAtClose)],
    ['Paid out to date', show(t.paidToDateAtClose)],
  ];
  for (const [label, value] of summary) {
    const strong = label.startsWith('Opening') || label.startsWith('Closing');
    doc.font(strong ? 'bold' : 'regular').fontSize(9);
    doc.text(label, MARGIN, y, { width: 330 });
    doc.text(`${s.currency} ${value}`, MARGIN + 330, y, { width: 185, align: 'right' });
    y += 13;
  }
  y += 8;
  y = header(doc, y, s.currency);
  if (s.lines.length === 0) {
    doc.font('regular').fontSize(8).fillColor('#555').text('No sales, refunds or payouts this month.', MARGIN, y);
    doc.fillColor('#000');
    return y + 16;
  }
  for (const l of s.lines) {
    ensure(30);
    y = row(doc, y, {
      date: dateOf(l.date),
      what: l.description,
      gross: l.kind === 'sale' ? show(l.gross) : minus(l.gross),
      vat: l.kind === 'sale' ? minus(l.vat) : show(l.vat),
      fee: minus(l.fee),
      base: show(l.base),
      // Change of what you are owed: a payout request or its release only moves money between
      // earnings and reserved, so it shows nothing here.
      mine: l.balanceChange.amount === 0 && l.kind.startsWith('payout-') ? '' : show(l.balanceChange),
      balance: show(l.balance),
    });
    const note = l.kind === 'sale' && l.shareRule ? `Your share: ${l.shareRule} · ${l.reference}` : l.reference;
    doc.font('regular').fontSize(6.5).fillColor('#555').text(note, MARGIN + 60, y - 1, { width: 455 });
    doc.fillColor('#000');
    y += 10;
  }
  return y + 10;
}

/** Renders the statement; resolves with the PDF bytes. */
export async function renderStatementPdf(s: Statement, generatedAt: Date): Promise<Buffer> {
  const f = loadFonts();
  const monthName = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(s.from);
  const who = s.instructor.name ?? s.instructor.id;
  const doc: Doc = new PDFDocument({
    autoFirstPage: false,
    // No default Helvetica: every font in the file is embedded.
    font: null as unknown as string,
    pdfVersion: '1.7',
    displayTitle: true,
    info: { Title: `Earnings statement ${s.month}: ${who}`, Author: 'LMS', Subject: `Instructor ${s.instructor.id}, ${monthName}`, Creator: 'LMS lms-revenue', Producer: 'PDFKit', CreationDate: generatedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', f.regular);
  doc.registerFont('bold', f.bold);
  doc.addPage({ size: 'A4', margin: MARGIN });
  doc.font('bold').fontSize(16).text(`Earnings statement — ${monthName}`, MARGIN, MARGIN);
  doc.font('regular').fontSize(10).text(`${who} (instructor ${s.instructor.id})`, MARGIN, MARGIN + 24);
  doc
    .fontSize(8)
    .fillColor('#555')
    .text(
      `Period ${s.from.toISOString().slice(0, 10)} to ${new Date(s.to.getTime() - 1).toISOString().slice(0, 10)} (UTC). Amounts in each currency's major unit. ` +
        'Balance = what the platform owes you: earnings (in or past the holding period, less anything carried forward) plus money reserved by a payout request. ' +
        `Generated ${generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC from the ledger.`,
      MARGIN,
      MARGIN + 40,
      { width: 515 },
    )
    .fillColor('#000');
  let y = MARGIN + 80;
  if (s.sections.length === 0) {
    doc.font('regular').fontSize(10).text('No earnings, refunds or payouts up to the end of this month.', MARGIN, y);
  }
  for (const sec of s.sections) {
    if (y > PAGE_BOTTOM - 200) {
      doc.addPage({ size: 'A4', margin: MARGIN });
      y = MARGIN;
    }
    y = section(doc, sec, y);
  }
  doc.end();
  return done;
}
