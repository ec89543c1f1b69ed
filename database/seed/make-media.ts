/**
 * Regenerates the demo media in database/seed/media/ (covers, avatars, certificate logo and
 * signatures, a short lesson video, two PDF handouts). Everything is drawn here from SVG and
 * text, so the files are ours to release as CC0; see media/PROVENANCE.md.
 *
 *   npx tsx database/seed/make-media.ts
 *
 * Needs `sharp` (already installed with Strapi's upload plugin) and, for the video, Debian's
 * ffmpeg (`apt-get install -y ffmpeg`). The outputs are committed: the seed never runs this.
 * The H5P package is copied, not generated (see PROVENANCE.md).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

const outDir = path.join(__dirname, 'media');
const FONT = "DejaVu Sans, Liberation Sans, sans-serif";
const SERIF = "DejaVu Serif, Liberation Serif, serif";
const MONO = "DejaVu Sans Mono, Liberation Mono, monospace";

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function writeJpeg(file: string, svg: string, quality = 72): Promise<void> {
  await sharp(Buffer.from(svg)).jpeg({ quality, mozjpeg: true }).toFile(path.join(outDir, file));
}

async function writePng(file: string, svg: string): Promise<void> {
  await sharp(Buffer.from(svg)).png({ palette: true, colours: 64, compressionLevel: 9 }).toFile(path.join(outDir, file));
}

// ---------------------------------------------------------------------------------------------
// Course covers: 640x360, a gradient, a motif for the subject and the course title.

interface CoverSpec {
  file: string;
  title: string[];
  label: string;
  from: string;
  to: string;
  motif: string;
}

const covers: CoverSpec[] = [
  {
    file: 'cover-typescript-fundamentals.jpg',
    title: ['TypeScript', 'Fundamentals'],
    label: 'SOFTWARE DEVELOPMENT',
    from: '#1b4f8a',
    to: '#3178c6',
    motif: `
      <rect x="460" y="60" width="140" height="140" rx="18" fill="#ffffff" fill-opacity="0.95"/>
      <text x="588" y="184" text-anchor="end" font-family="${FONT}" font-weight="bold" font-size="66" fill="#3178c6">TS</text>
      <g xml:space="preserve" font-family="${MONO}" font-size="13" fill="#dbe9ff">
        <text x="440" y="250">type User = {</text>
        <text x="440" y="270">  id: number;</text>
        <text x="440" y="290">  name: string;</text>
        <text x="440" y="310">};</text>
      </g>`,
  },
  {
    file: 'cover-git-everyday.jpg',
    title: ['Git for', 'Everyday Work'],
    label: 'SOFTWARE DEVELOPMENT',
    from: '#7a2418',
    to: '#f05033',
    motif: `
      <g stroke="#ffffff" stroke-width="6" fill="none" stroke-linecap="round">
        <path d="M440 240 H605"/>
        <path d="M480 240 C 500 240, 500 170, 520 170 H 560 C 580 170, 580 240, 605 240"/>
      </g>
      <g fill="#ffffff" stroke="#7a2418" stroke-width="4">
        <circle cx="440" cy="240" r="13"/><circle cx="480" cy="240" r="13"/>
        <circle cx="520" cy="170" r="13"/><circle cx="560" cy="170" r="13"/>
        <circle cx="605" cy="240" r="16"/>
      </g>
      <g xml:space="preserve" font-family="${MONO}" font-size="13" fill="#ffe3dc">
        <text x="440" y="120">git switch -c feature</text>
        <text x="440" y="300">git merge feature</text>
      </g>`,
  },
  {
    file: 'cover-sql-data-analysis.jpg',
    title: ['Data Analysis', 'with SQL'],
    label: 'DATA &amp; ANALYTICS',
    from: '#0f5257',
    to: '#1b998b',
    motif: `
      <g fill="#ffffff" fill-opacity="0.92">
        <rect x="445" y="230" width="30" height="60"/><rect x="487" y="190" width="30" height="100"/>
        <rect x="529" y="150" width="30" height="140"/><rect x="571" y="110" width="30" height="180"/>
      </g>
      <path d="M437 292 H609" stroke="#ffffff" stroke-width="3"/>
      <g xml:space="preserve" font-family="${MONO}" font-size="12" fill="#d6f5f1">
        <text x="437" y="60">SELECT region,</text>
        <text x="437" y="76">  SUM(total) AS sales</text>
        <text x="437" y="92">FROM orders GROUP BY 1;</text>
      </g>`,
  },
  {
    file: 'cover-personal-finance-sa.jpg',
    title: ['Personal Finance', 'in South Africa'],
    label: 'PERSONAL FINANCE',
    from: '#1d5c2e',
    to: '#43a047',
    motif: `
      <g fill="#f9d65c" stroke="#a07c10" stroke-width="3">
        <ellipse cx="490" cy="280" rx="48" ry="14"/><ellipse cx="490" cy="263" rx="48" ry="14"/>
        <ellipse cx="490" cy="246" rx="48" ry="14"/><ellipse cx="490" cy="229" rx="48" ry="14"/>
      </g>
      <text x="490" y="236" text-anchor="middle" font-family="${FONT}" font-weight="bold" font-size="18" fill="#7a5c00">R</text>
      <path d="M530 200 L560 150 L585 165 L612 95" stroke="#ffffff" stroke-width="7" fill="none" stroke-linecap="round" stroke-linejoin="round"/>
      <path d="M596 92 L614 90 L611 108" stroke="#ffffff" stroke-width="7" fill="none" stroke-linecap="round" stroke-linejoin="round"/>`,
  },
  {
    file: 'cover-public-speaking.jpg',
    title: ['Public Speaking', 'with Confidence'],
    label: 'COMMUNICATION &amp; CREATIVITY',
    from: '#4a1c6b',
    to: '#8e44ad',
    motif: `
      <rect x="505" y="90" width="50" height="100" rx="25" fill="#ffffff"/>
      <path d="M488 160 C 488 215, 572 215, 572 160" stroke="#ffffff" stroke-width="7" fill="none"/>
      <path d="M530 208 V255 M505 257 H555" stroke="#ffffff" stroke-width="7" stroke-linecap="round"/>
      <g stroke="#e9d3f5" stroke-width="5" fill="none" stroke-linecap="round">
        <path d="M470 115 C 458 135, 458 155, 470 175"/><path d="M450 100 C 432 130, 432 160, 450 190"/>
        <path d="M590 115 C 602 135, 602 155, 590 175"/><path d="M610 100 C 628 130, 628 160, 610 190"/>
      </g>`,
  },
  {
    file: 'cover-smartphone-photography.jpg',
    title: ['Smartphone', 'Photography', 'Basics'],
    label: 'COMMUNICATION &amp; CREATIVITY',
    from: '#8a4b08',
    to: '#e08e0b',
    motif: `
      <circle cx="530" cy="180" r="85" fill="#2b2b2b" stroke="#ffffff" stroke-width="6"/>
      <g fill="#4a4a4a" stroke="#1a1a1a" stroke-width="2">
        ${Array.from({ length: 6 }, (_, i) => {
          const a = (i * Math.PI) / 3;
          const pt = (r: number, angle: number) => `${(530 + Math.cos(angle) * r).toFixed(1)} ${(180 + Math.sin(angle) * r).toFixed(1)}`;
          return `<path d="M530 180 L${pt(78, a)} L${pt(78, a + 1.2)} L${pt(28, a)} Z"/>`;
        }).join('')}
      </g>
      <circle cx="530" cy="180" r="26" fill="#0d0d0d"/>
      <circle cx="520" cy="170" r="7" fill="#ffffff" fill-opacity="0.7"/>`,
  },
];

function coverSvg(c: CoverSpec): string {
  const lines = c.title
    .map((line, i) => `<text x="40" y="${172 + i * 46}" font-family="${FONT}" font-weight="bold" font-size="38" fill="#ffffff">${esc(line)}</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="${c.from}"/><stop offset="1" stop-color="${c.to}"/></linearGradient></defs>
    <rect width="640" height="360" fill="url(#g)"/>
    <circle cx="560" cy="330" r="160" fill="#ffffff" fill-opacity="0.06"/>
    <text x="40" y="110" font-family="${FONT}" font-size="15" letter-spacing="2" fill="#ffffff" fill-opacity="0.85">${c.label}</text>
    <rect x="40" y="122" width="56" height="4" fill="#ffffff"/>
    ${lines}
    ${c.motif}
  </svg>`;
}

// ---------------------------------------------------------------------------------------------
// Instructor avatars: initials on a coloured disc (no photo of a real person).

function avatarSvg(initials: string, from: string, to: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>
    <rect width="256" height="256" fill="url(#g)"/>
    <circle cx="128" cy="128" r="100" fill="#ffffff" fill-opacity="0.12"/>
    <text x="128" y="152" text-anchor="middle" font-family="${FONT}" font-weight="bold" font-size="76" fill="#ffffff">${initials}</text>
  </svg>`;
}

// ---------------------------------------------------------------------------------------------
// Certificate logo and signatures (transparent PNG).

const logoSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="140" viewBox="0 0 480 140">
  <g transform="translate(20 20)">
    <path d="M50 10 L95 32 L50 54 L5 32 Z" fill="#1f4e79"/>
    <path d="M22 42 V70 C 22 84, 78 84, 78 70 V42 L50 56 Z" fill="#2e75b6"/>
    <path d="M95 32 V70" stroke="#1f4e79" stroke-width="4"/>
    <circle cx="95" cy="74" r="6" fill="#c9a227"/>
  </g>
  <text x="140" y="72" font-family="${SERIF}" font-weight="bold" font-size="40" fill="#1f4e79">Demo Academy</text>
  <text x="142" y="104" font-family="${FONT}" font-size="16" letter-spacing="3" fill="#5a6b7b">LEARN · PRACTISE · CERTIFY</text>
</svg>`;

/** A pen-like signature: the name in italic serif over a flowing underline stroke. */
function signatureSvg(name: string, sweep: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="360" height="120" viewBox="0 0 360 120">
    <text x="24" y="70" font-family="${SERIF}" font-style="italic" font-size="40" fill="#1a2a5a" transform="rotate(-4 180 60)">${esc(name)}</text>
    <path d="${sweep}" stroke="#1a2a5a" stroke-width="2.5" fill="none" stroke-linecap="round"/>
  </svg>`;
}

// ---------------------------------------------------------------------------------------------
// Lesson video: six slides explaining how commits and branches form a graph, encoded by ffmpeg.

interface Commit {
  id: string;
  x: number;
  y: number;
  parents: string[];
}

function graphFrame(caption: string, command: string, commits: Commit[], labels: Array<{ text: string; at: string; color: string }>): string {
  const byId = new Map(commits.map((c) => [c.id, c]));
  const edges = commits
    .flatMap((c) => c.parents.map((p) => [byId.get(p), c] as const))
    .map(([p, c]) =>
      p ? `<path d="M${p.x} ${p.y} C ${(p.x + c.x) / 2} ${p.y}, ${(p.x + c.x) / 2} ${c.y}, ${c.x} ${c.y}" stroke="#8aa4c8" stroke-width="4" fill="none"/>` : '',
    )
    .join('');
  const nodes = commits
    .map(
      (c) =>
        `<circle cx="${c.x}" cy="${c.y}" r="16" fill="#f05033" stroke="#ffffff" stroke-width="3"/><text x="${c.x}" y="${c.y + 5}" text-anchor="middle" font-family="${MONO}" font-size="13" fill="#ffffff">${c.id}</text>`,
    )
    .join('');
  const tags = labels
    .map((l) => {
      const c = byId.get(l.at);
      if (!c) return '';
      const w = l.text.length * 9 + 16;
      return `<rect x="${c.x - w / 2}" y="${c.y - 58}" width="${w}" height="24" rx="5" fill="${l.color}"/><text x="${c.x}" y="${c.y - 41}" text-anchor="middle" font-family="${MONO}" font-size="14" fill="#ffffff">${esc(l.text)}</text><path d="M${c.x} ${c.y - 34} V${c.y - 18}" stroke="${l.color}" stroke-width="2"/>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360">
    <rect width="640" height="360" fill="#16213e"/>
    <text x="32" y="48" font-family="${FONT}" font-weight="bold" font-size="24" fill="#ffffff">${esc(caption)}</text>
    <rect x="32" y="292" width="576" height="40" rx="6" fill="#0f1629"/>
    <text x="48" y="318" font-family="${MONO}" font-size="17" fill="#9be59b">$ ${esc(command)}</text>
    ${edges}${nodes}${tags}
  </svg>`;
}

function videoFrames(): string[] {
  const A = { id: 'a1', x: 90, y: 200, parents: [] };
  const B = { id: 'b2', x: 200, y: 200, parents: ['a1'] };
  const C = { id: 'c3', x: 310, y: 140, parents: ['b2'] };
  const D = { id: 'd4', x: 310, y: 220, parents: ['b2'] };
  const E = { id: 'e5', x: 420, y: 140, parents: ['c3'] };
  const M = { id: 'm6', x: 530, y: 200, parents: ['d4', 'e5'] };
  const main = '#2e75b6';
  const feat = '#8e44ad';
  return [
    graphFrame('A commit is a snapshot', 'git commit -m "Add README"', [A], [{ text: 'main', at: 'a1', color: main }]),
    graphFrame('Each commit points to its parent', 'git commit -m "Add licence"', [A, B], [{ text: 'main', at: 'b2', color: main }]),
    graphFrame('A branch is a movable label', 'git switch -c feature', [A, B], [{ text: 'feature', at: 'b2', color: feat }]),
    graphFrame('Work continues on both lines', 'git commit (on each branch)', [A, B, C, D, E], [
      { text: 'feature', at: 'e5', color: feat },
      { text: 'main', at: 'd4', color: main },
    ]),
    graphFrame('A merge commit has two parents', 'git merge feature', [A, B, C, D, E, M], [{ text: 'main', at: 'm6', color: main }]),
    graphFrame('History is a graph, not a line', 'git log --oneline --graph', [A, B, C, D, E, M], [
      { text: 'main', at: 'm6', color: main },
      { text: 'feature', at: 'e5', color: feat },
    ]),
  ];
}

async function writeVideo(file: string): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lms-video-'));
  try {
    const frames = videoFrames();
    for (const [i, svg] of frames.entries()) {
      await sharp(Buffer.from(svg)).png().toFile(path.join(tmp, `f${String(i).padStart(2, '0')}.png`));
    }
    // One slide per second, resampled to 10 fps so every player seeks smoothly; baseline H.264
    // in MP4 with the index up front plays in every browser without a transcode.
    execFileSync('ffmpeg', [
      '-y', '-loglevel', 'error',
      '-framerate', '1', '-i', path.join(tmp, 'f%02d.png'),
      '-vf', 'fps=10,format=yuv420p',
      '-c:v', 'libx264', '-profile:v', 'baseline', '-crf', '30', '-preset', 'veryslow',
      '-movflags', '+faststart', '-an',
      path.join(outDir, file),
    ]);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// PDF handouts, written by hand: one A4 page of text with the standard Helvetica/Courier fonts,
// so no PDF library is needed and the files stay a few kilobytes.

type PdfLine =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'pair'; left: string; right: string }
  | { kind: 'row'; cells: string[]; header?: boolean }
  | { kind: 'gap' };

function pdfString(s: string): string {
  // WinAnsi covers the Latin text used here; escape the PDF string delimiters.
  return `(${s.replace(/\\/g, '\\\\').replace(/\(/g, '\\(').replace(/\)/g, '\\)')})`;
}

function pdfPage(lines: PdfLine[], footer: string): string {
  const ops: string[] = [];
  let y = 790;
  const text = (font: string, size: number, x: number, yy: number, s: string) =>
    ops.push(`BT /${font} ${size} Tf ${x} ${yy} Td ${pdfString(s)} Tj ET`);
  for (const line of lines) {
    switch (line.kind) {
      case 'title':
        ops.push('0.12 0.31 0.47 rg');
        text('F2', 20, 50, y, line.text);
        ops.push('0 0 0 rg');
        y -= 14;
        ops.push(`0.12 0.31 0.47 RG 2 w 50 ${y} m 545 ${y} l S`);
        y -= 24;
        break;
      case 'heading':
        y -= 6;
        ops.push('0.12 0.31 0.47 rg');
        text('F2', 13, 50, y, line.text);
        ops.push('0 0 0 rg');
        y -= 18;
        break;
      case 'text':
        text('F1', 10.5, 50, y, line.text);
        y -= 15;
        break;
      case 'pair':
        text('F3', 10, 50, y, line.left);
        text('F1', 10.5, 250, y, line.right);
        y -= 15;
        break;
      case 'row': {
        const xs = [50, 250, 370, 470];
        const font = (i: number) => (line.header ? 'F2' : i === 0 ? 'F1' : 'F3');
        line.cells.forEach((cell, i) => text(font(i), 10.5, xs[i] ?? 50, y, cell));
        ops.push(`0.7 0.7 0.7 RG 0.5 w 50 ${y - 5} m 545 ${y - 5} l S`);
        y -= 20;
        break;
      }
      case 'gap':
        y -= 8;
        break;
    }
  }
  ops.push('0.4 0.4 0.4 rg');
  text('F1', 8, 50, 40, footer);
  return ops.join('\n');
}

function pdfDocument(title: string, content: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 5 0 R /F3 6 0 R >> >> /Contents 7 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    `<< /Title ${pdfString(title)} /Author (Demo Academy) /Creator (database/seed/make-media.ts) >>`,
  ];
  let body = '%PDF-1.4\n%\xE2\xE3\xCF\xD3\n';
  const offsets: number[] = [];
  objects.forEach((obj, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${obj}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const gitCheatSheet: PdfLine[] = [
  { kind: 'title', text: 'Git cheat sheet: the commands you use every day' },
  { kind: 'heading', text: 'Start' },
  { kind: 'pair', left: 'git init', right: 'Turn the current folder into a repository' },
  { kind: 'pair', left: 'git clone <url>', right: 'Copy a remote repository, with its full history' },
  { kind: 'pair', left: 'git config --global user.name', right: 'Set the name recorded in your commits' },
  { kind: 'heading', text: 'Record changes' },
  { kind: 'pair', left: 'git status', right: 'What changed, what is staged, which branch you are on' },
  { kind: 'pair', left: 'git add <file>', right: 'Stage a file for the next commit (git add -p: by hunk)' },
  { kind: 'pair', left: 'git commit -m "message"', right: 'Save the staged snapshot with a message' },
  { kind: 'pair', left: 'git diff / git diff --staged', right: 'Unstaged changes / staged changes' },
  { kind: 'heading', text: 'Branch and merge' },
  { kind: 'pair', left: 'git switch -c <name>', right: 'Create a branch and move to it' },
  { kind: 'pair', left: 'git switch <name>', right: 'Move to an existing branch' },
  { kind: 'pair', left: 'git merge <name>', right: 'Bring another branch into the current one' },
  { kind: 'pair', left: 'git branch -d <name>', right: 'Delete a merged branch' },
  { kind: 'heading', text: 'Share' },
  { kind: 'pair', left: 'git fetch', right: 'Download new commits without changing your work' },
  { kind: 'pair', left: 'git pull --rebase', right: 'Fetch, then replay your commits on top' },
  { kind: 'pair', left: 'git push -u origin <name>', right: 'Publish a branch and track it' },
  { kind: 'heading', text: 'Inspect and undo' },
  { kind: 'pair', left: 'git log --oneline --graph', right: 'History as a compact graph' },
  { kind: 'pair', left: 'git restore <file>', right: 'Throw away unstaged changes to a file' },
  { kind: 'pair', left: 'git restore --staged <file>', right: 'Unstage, keep the change' },
  { kind: 'pair', left: 'git revert <commit>', right: 'New commit that undoes an old one (safe on shared branches)' },
  { kind: 'pair', left: 'git stash / git stash pop', right: 'Park unfinished work / bring it back' },
  { kind: 'gap' },
  { kind: 'heading', text: 'Resolving a merge conflict' },
  { kind: 'text', text: '1. Run git status to list the conflicted files.' },
  { kind: 'text', text: '2. Edit each file: keep the right lines, delete the <<<<<<< ======= >>>>>>> markers.' },
  { kind: 'text', text: '3. git add each resolved file, then git commit (or git merge --continue).' },
  { kind: 'text', text: '4. Changed your mind? git merge --abort returns to where you started.' },
];

const budgetWorksheet: PdfLine[] = [
  { kind: 'title', text: 'Monthly budget worksheet (50/30/20, in rand)' },
  { kind: 'text', text: 'Start from take-home pay: what reaches your account after PAYE, UIF and retirement deductions.' },
  { kind: 'text', text: 'Fill in last month\'s real numbers first, then set next month\'s targets.' },
  { kind: 'gap' },
  { kind: 'row', cells: ['Take-home pay', 'R ________', '', ''] },
  { kind: 'gap' },
  { kind: 'heading', text: 'Needs (target: 50%)' },
  { kind: 'row', cells: ['Item', 'Last month', 'Target', 'Difference'], header: true },
  { kind: 'row', cells: ['Rent or bond', 'R ______', 'R ______', 'R ______'] },
  { kind: 'row', cells: ['Transport (taxi, fuel, car)', 'R ______', 'R ______', 'R ______'] },
  { kind: 'row', cells: ['Groceries', 'R ______', 'R ______', 'R ______'] },
  { kind: 'row', cells: ['Electricity and water', 'R ______', 'R ______', 'R ______'] },
  { kind: 'row', cells: ['Medical aid / insurance', 'R ______', 'R ______', 'R ______'] },
  { kind: 'row', cells: ['Minimum debt repayments', 'R ______', 'R ______', 'R ______'] },
  { kind: 'heading', text: 'Wants (target: 30%)' },
  { kind: 'row', cells: ['Eating out, takeaways', 'R ______', 'R ______', 'R ______'] },
  { kind: 'row', cells: ['Data, streaming, subscriptions', 'R ______', 'R ______', 'R ______'] },
  { kind: 'row', cells: ['Clothes, gifts, outings', 'R ______', 'R ______', 'R ______'] },
  { kind: 'heading', text: 'Savings and extra debt repayment (target: 20%)' },
  { kind: 'row', cells: ['Emergency fund', 'R ______', 'R ______', 'R ______'] },
  { kind: 'row', cells: ['Tax-free savings account', 'R ______', 'R ______', 'R ______'] },
  { kind: 'row', cells: ['Retirement annuity', 'R ______', 'R ______', 'R ______'] },
  { kind: 'row', cells: ['Extra on the most expensive debt', 'R ______', 'R ______', 'R ______'] },
  { kind: 'gap' },
  { kind: 'text', text: 'Check: needs + wants + savings = take-home pay. If needs are above 50%, shrink wants first,' },
  { kind: 'text', text: 'then look for a cheaper need (a shorter commute, a smaller data bundle). Review once a month.' },
];

async function main(): Promise<void> {
  fs.mkdirSync(outDir, { recursive: true });
  for (const c of covers) await writeJpeg(c.file, coverSvg(c));
  await writeJpeg('avatar-thandi-nkosi.jpg', avatarSvg('TN', '#1b4f8a', '#1b998b'), 78);
  await writeJpeg('avatar-lerato-mokoena.jpg', avatarSvg('LM', '#4a1c6b', '#e08e0b'), 78);
  await writePng('certificate-logo.png', logoSvg);
  await writePng('signature-thandi-nkosi.png', signatureSvg('Thandi Nkosi', 'M30 92 C 110 78, 200 100, 330 74 M300 80 C 315 70, 330 66, 342 70'));
  await writePng('signature-lerato-mokoena.png', signatureSvg('Lerato Mokoena', 'M26 96 C 90 70, 160 104, 240 86 S 320 70, 340 82'));
  fs.writeFileSync(path.join(outDir, 'git-cheat-sheet.pdf'), pdfDocument('Git cheat sheet', pdfPage(gitCheatSheet, 'Demo Academy - Git for Everyday Work. CC0: copy, print and share freely.')));
  fs.writeFileSync(path.join(outDir, 'budget-worksheet.pdf'), pdfDocument('Monthly budget worksheet', pdfPage(budgetWorksheet, 'Demo Academy - Personal Finance in South Africa. Educational only, not financial advice. CC0.')));
  await writeVideo('git-commit-graph.mp4');
  for (const f of fs.readdirSync(outDir).sort()) {
    console.log(`${f.padEnd(36)} ${(fs.statSync(path.join(outDir, f)).size / 1024).toFixed(1)} KiB`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
