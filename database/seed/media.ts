/**
 * Every file the demo uploads, from database/seed/media/ (provenance in media/PROVENANCE.md).
 * The file name is the idempotency key: a file is uploaded once and found again by name.
 * `owner` makes the instructor its creator, so the Instructor role's is-creator condition on
 * the media library lets them see and edit the files of their own courses.
 */
import path from 'node:path';
import type { MediaSeed } from './types';

export const MEDIA_DIR = path.join(__dirname, 'media');

const THANDI = 'thandi-nkosi';
const LERATO = 'lerato-mokoena';

export const media = {
  avatarThandi: { file: 'avatar-thandi-nkosi.jpg', mime: 'image/jpeg', alternativeText: 'Initials TN on a blue-green background', owner: THANDI },
  avatarLerato: { file: 'avatar-lerato-mokoena.jpg', mime: 'image/jpeg', alternativeText: 'Initials LM on a purple-orange background', owner: LERATO },

  coverTypescript: { file: 'cover-typescript-fundamentals.jpg', mime: 'image/jpeg', alternativeText: 'TypeScript logo tile beside a small type declaration', owner: THANDI },
  coverGit: { file: 'cover-git-everyday.jpg', mime: 'image/jpeg', alternativeText: 'A commit graph with a feature branch merged back into main', owner: THANDI },
  coverSql: { file: 'cover-sql-data-analysis.jpg', mime: 'image/jpeg', alternativeText: 'A rising bar chart under a SQL GROUP BY query', owner: THANDI },
  coverFinance: { file: 'cover-personal-finance-sa.jpg', mime: 'image/jpeg', alternativeText: 'A stack of rand coins and a rising arrow', owner: LERATO },
  coverSpeaking: { file: 'cover-public-speaking.jpg', mime: 'image/jpeg', alternativeText: 'A microphone with sound waves', owner: LERATO },
  coverPhotography: { file: 'cover-smartphone-photography.jpg', mime: 'image/jpeg', alternativeText: 'A camera aperture with six blades', owner: LERATO },

  gitGraphVideo: {
    file: 'git-commit-graph.mp4',
    mime: 'video/mp4',
    alternativeText: 'Six slides: commits, parents, a branch label, diverging work, and a merge commit with two parents',
    caption: 'How commits and branches form a graph (6 seconds, no sound)',
    owner: THANDI,
  },
  gitCheatSheet: { file: 'git-cheat-sheet.pdf', mime: 'application/pdf', alternativeText: 'Git cheat sheet (one A4 page)', owner: THANDI },
  budgetWorksheet: { file: 'budget-worksheet.pdf', mime: 'application/pdf', alternativeText: 'Monthly 50/30/20 budget worksheet in rand (one A4 page)', owner: LERATO },
  colourH5p: {
    file: 'H5P.MultiChoice.h5p',
    mime: 'application/zip',
    alternativeText: 'H5P multiple-choice question: what colour is a blackcurrant?',
    caption: 'H5P Hub example content; photo "Freshly Picked Blackcurrants" by Karen Jackson, CC BY-ND 4.0',
    owner: LERATO,
  },

  certificateLogo: { file: 'certificate-logo.png', mime: 'image/png', alternativeText: 'Demo Academy logo: a mortarboard and the words Demo Academy' },
  signatureThandi: { file: 'signature-thandi-nkosi.png', mime: 'image/png', alternativeText: 'Signature of Thandi Nkosi', owner: THANDI },
  signatureLerato: { file: 'signature-lerato-mokoena.png', mime: 'image/png', alternativeText: 'Signature of Lerato Mokoena', owner: LERATO },
} satisfies Record<string, MediaSeed>;

export const allMedia: MediaSeed[] = Object.values(media);

export const mediaPath = (seed: MediaSeed): string => path.join(MEDIA_DIR, seed.file);
