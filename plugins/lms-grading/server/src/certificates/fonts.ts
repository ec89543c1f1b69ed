/**
 * The fonts embedded in certificates: DejaVu Serif and DejaVu Sans (regular, bold, italic), free
 * fonts covering Latin with accents, Cyrillic and Greek (assets/fonts/PROVENANCE.md). Read once
 * per process and shared by every render: certificates are rendered in bulk by the worker.
 */
import fs from 'node:fs';
import path from 'node:path';

export type FontChoice = 'serif' | 'sans';

export interface FontFamily {
  regular: Buffer;
  bold: Buffer;
  italic: Buffer;
}

export type CertificateFonts = Record<FontChoice, FontFamily>;

const FILES: Record<FontChoice, Record<keyof FontFamily, string>> = {
  serif: { regular: 'DejaVuSerif.ttf', bold: 'DejaVuSerif-Bold.ttf', italic: 'DejaVuSerif-Italic.ttf' },
  sans: { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', italic: 'DejaVuSans-Oblique.ttf' },
};

/**
 * `<plugin>/assets/fonts`, found by walking up from this module: the source lives at
 * server/src/certificates/, the built bundle at dist/server/, both inside the plugin package.
 */
export function defaultFontsDir(): string {
  const start = typeof __dirname === 'string' ? __dirname : process.cwd();
  let dir = start;
  for (let i = 0; i < 8; i += 1) {
    const candidate = path.join(dir, 'assets', 'fonts');
    if (fs.existsSync(path.join(candidate, FILES.serif.regular))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`lms-grading: certificate fonts not found above ${start}; expected assets/fonts/${FILES.serif.regular} in the plugin package (or pass fontsDir)`);
}

const cache = new Map<string, CertificateFonts>();

/** The six font files as Buffers, read once per directory. */
export function loadCertificateFonts(fontsDir: string = defaultFontsDir()): CertificateFonts {
  const cached = cache.get(fontsDir);
  if (cached) return cached;
  const read = (file: string) => fs.readFileSync(path.join(fontsDir, file));
  const fonts: CertificateFonts = {
    serif: { regular: read(FILES.serif.regular), bold: read(FILES.serif.bold), italic: read(FILES.serif.italic) },
    sans: { regular: read(FILES.sans.regular), bold: read(FILES.sans.bold), italic: read(FILES.sans.italic) },
  };
  cache.set(fontsDir, fonts);
  return fonts;
}
