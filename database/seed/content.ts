/**
 * The demo catalog as data: what a newcomer sees first. Categories, instructors and certificate
 * templates are here; each course (with its quizzes and assignments) has its own file in
 * catalog/. Slugs, names and titles are the keys the seeder uses to find a record again.
 */
import { gitEveryday } from './catalog/git-everyday';
import { personalFinanceSa } from './catalog/personal-finance-sa';
import { publicSpeaking } from './catalog/public-speaking';
import { smartphonePhotography } from './catalog/smartphone-photography';
import { sqlDataAnalysis } from './catalog/sql-data-analysis';
import { typescriptFundamentals } from './catalog/typescript-fundamentals';
import { media } from './media';
import { bold, p } from './rich-text';
import type { Catalog, CategorySeed, CertificateTemplateSeed, InstructorSeed } from './types';

export const categories: CategorySeed[] = [
  {
    slug: 'software-development',
    name: 'Software Development',
    description: 'Write, version and ship code: languages, tools and habits of working developers.',
  },
  {
    slug: 'data-analytics',
    name: 'Data & Analytics',
    description: 'Ask good questions of data and answer them with SQL, spreadsheets and charts.',
  },
  {
    slug: 'personal-finance',
    name: 'Personal Finance',
    description: 'Budgeting, debt, saving and investing, with South African rules and examples.',
  },
  {
    slug: 'communication-creativity',
    name: 'Communication & Creativity',
    description: 'Speak, present and make pictures that people remember.',
  },
];

export const instructors: InstructorSeed[] = [
  {
    slug: 'thandi-nkosi',
    name: 'Thandi Nkosi',
    headline: 'Software engineer and data analyst in Johannesburg',
    bio: [
      p('Thandi has built payment and reporting systems for twelve years, most recently leading a data platform team at a Johannesburg fintech. She started teaching when she noticed that new colleagues were stuck less on hard problems than on tools nobody had explained: Git, types and SQL.'),
      p('Her courses are short, practical and built around the mistakes she has made herself. ', bold('Teaches: '), 'Git, TypeScript, SQL.'),
    ],
    avatar: media.avatarThandi,
  },
  {
    slug: 'lerato-mokoena',
    name: 'Lerato Mokoena',
    headline: 'Financial educator, speaker and weekend photographer in Cape Town',
    bio: [
      p('Lerato spent nine years in retail banking before founding a financial literacy programme for first-time earners. She speaks at schools and workplaces across the Western Cape, and learnt to do it by failing her first talk in front of two hundred people.'),
      p('On weekends she photographs Cape Town\'s markets and coastline with nothing but her phone. ', bold('Teaches: '), 'personal finance, public speaking, smartphone photography.'),
    ],
    avatar: media.avatarLerato,
  },
];

export const certificateTemplates: CertificateTemplateSeed[] = [
  {
    name: 'Thandi Nkosi: certificate of completion',
    owner: 'thandi-nkosi',
    orientation: 'landscape',
    logo: media.certificateLogo,
    signature: media.signatureThandi,
    signatoryName: 'Thandi Nkosi',
    signatoryTitle: 'Instructor, Software & Data',
    titleText: 'Certificate of Completion',
    bodyText: 'This certifies that {learner} completed {course} on {date}. Verification code: {code}.',
    primaryColor: '#1f4e79',
    textColor: '#222222',
    font: 'serif',
  },
  {
    name: 'Lerato Mokoena: certificate of completion',
    owner: 'lerato-mokoena',
    orientation: 'portrait',
    logo: media.certificateLogo,
    signature: media.signatureLerato,
    signatoryName: 'Lerato Mokoena',
    signatoryTitle: 'Instructor, Life Skills',
    titleText: 'Certificate of Achievement',
    bodyText: '{learner} has successfully completed {course} on {date}. Verify at any time with code {code}.',
    primaryColor: '#4a1c6b',
    textColor: '#1e1e1e',
    font: 'sans',
  },
];

export const catalog: Catalog = {
  categories,
  instructors,
  certificateTemplates,
  // Git comes before TypeScript, which lists it as a prerequisite.
  courses: [gitEveryday, typescriptFundamentals, sqlDataAnalysis, personalFinanceSa, publicSpeaking, smartphonePhotography],
};
