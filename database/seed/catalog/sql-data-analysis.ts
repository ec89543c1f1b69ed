import { media } from '../media';
import { bold, code, codeBlock, h, italic, link, ol, p, ul } from '../rich-text';
import type { CourseSeed } from '../types';

const ordersTable = `
CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL);
CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  ordered_at DATE NOT NULL,
  total_cents INTEGER NOT NULL,
  coupon TEXT           -- NULL when no coupon was used
);
INSERT INTO customers VALUES (1, 'Naledi', 'Durban'), (2, 'Pieter', 'Pretoria'), (3, 'Aaliyah', 'Cape Town'), (4, 'Musa', 'Durban');
INSERT INTO orders VALUES
  (1, 1, '2025-03-01', 45000, NULL),   (2, 2, '2025-03-03', 12000, 'WELCOME'),
  (3, 1, '2025-03-09', 30500, NULL),   (4, 3, '2025-03-15', 99900, 'AUTUMN'),
  (5, 2, '2025-03-21', 8000,  NULL),   (6, 3, '2025-03-30', 15000, NULL),
  (7, 1, '2025-04-02', 22000, 'AUTUMN');`;

export const sqlDataAnalysis: CourseSeed = {
  slug: 'data-analysis-with-sql',
  title: 'Data Analysis with SQL',
  summary:
    'Answer real business questions straight from the database: filter, group, join and summarise data with SQL that works in PostgreSQL, SQLite and MySQL.',
  description: [
    p('Spreadsheets stop scaling long before your questions do. SQL is how analysts ask a database for exactly the rows, totals and trends they need, and it has barely changed in forty years: what you learn here will still work in the next job.'),
    p('Every lesson uses one small online-shop data set you can paste into a free browser tool, so there is nothing to install. The final project unlocks a week after you enrol, once you have practised the basics.'),
    ul('Four lessons and a practice project', 'Standard SQL: PostgreSQL, SQLite and MySQL all run it', 'Runs in the browser: no installation'),
  ],
  outcomes: [
    'Select, filter and sort rows with SELECT, WHERE, ORDER BY and LIMIT',
    'Handle NULLs and date ranges without silently losing rows',
    'Summarise data with GROUP BY, aggregate functions and HAVING',
    'Combine tables with inner and left joins and avoid double counting',
  ],
  level: 'beginner',
  language: 'en',
  category: 'data-analytics',
  instructor: 'thandi-nkosi',
  pricing: { model: 'one_time', amount: 49900, currency: 'ZAR' },
  cover: media.coverSql,
  certificateTemplate: 'Thandi Nkosi: certificate of completion',
  sections: [
    {
      title: 'Asking questions of a table',
      lessons: [
        {
          slug: 'sql-first-select',
          title: 'Your first SELECT',
          freePreview: true,
          estimatedMinutes: 10,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p('A query names the columns you want, the table they come from, which rows to keep and in what order. Read it in that order too:'),
                codeBlock(
                  'sql',
                  `
SELECT id, ordered_at, total_cents / 100.0 AS total_rand
FROM orders
WHERE total_cents >= 20000        -- R200 or more
ORDER BY total_cents DESC
LIMIT 3;`,
                ),
                ul(
                  [code('SELECT'), ' picks columns; ', code('AS'), ' renames them in the result.'],
                  [code('WHERE'), ' keeps rows for which the condition is true.'],
                  [code('ORDER BY ... DESC'), ' sorts largest first; without it, row order is not guaranteed.'],
                  [code('LIMIT'), ' keeps the first n rows after sorting.'],
                ),
                p(bold('Tip: '), 'store money as integer cents (', code('total_cents'), ') and divide only for display. Floating-point amounts drift.'),
                h('The practice data'),
                p('Paste this into the tool linked in the last lesson to follow along:'),
                codeBlock('sql', ordersTable),
              ],
            },
          ],
        },
        {
          slug: 'sql-nulls-and-dates',
          title: 'Filtering with care: NULLs and dates',
          estimatedMinutes: 10,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p(code('NULL'), ' means "unknown", and any comparison with unknown is unknown, so ', code("coupon <> 'AUTUMN'"), ' quietly drops the rows without a coupon:'),
                codeBlock(
                  'sql',
                  `
SELECT COUNT(*) FROM orders WHERE coupon <> 'AUTUMN';                      -- 1, not 5
SELECT COUNT(*) FROM orders WHERE coupon IS DISTINCT FROM 'AUTUMN';        -- 5
SELECT COUNT(*) FROM orders WHERE coupon IS NULL OR coupon <> 'AUTUMN';    -- 5 (works everywhere)`,
                ),
                h('Date ranges: half-open intervals'),
                p('To get "all of March", include the first day and exclude the first day of the next month. It works for dates and timestamps alike:'),
                codeBlock(
                  'sql',
                  `
SELECT * FROM orders
WHERE ordered_at >= '2025-03-01' AND ordered_at < '2025-04-01';`,
                ),
                p(italic('BETWEEN'), ' includes both ends, so with timestamps it either misses the last day or double counts midnight.'),
              ],
            },
          ],
        },
      ],
    },
    {
      title: 'Summarising data',
      lessons: [
        {
          slug: 'sql-group-by',
          title: 'GROUP BY and aggregates',
          estimatedMinutes: 12,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p(code('GROUP BY'), ' folds rows that share a value into one row per group; aggregate functions summarise each group:'),
                codeBlock(
                  'sql',
                  `
SELECT customer_id,
       COUNT(*)                 AS orders,
       SUM(total_cents) / 100.0 AS spent_rand,
       MAX(ordered_at)          AS last_order
FROM orders
GROUP BY customer_id
HAVING COUNT(*) >= 2
ORDER BY spent_rand DESC;`,
                ),
                ul(
                  [code('WHERE'), ' filters rows ', bold('before'), ' grouping; ', code('HAVING'), ' filters groups ', bold('after'), '.'],
                  ['Every selected column must be grouped or aggregated.'],
                  [code('COUNT(*)'), ' counts rows; ', code('COUNT(coupon)'), ' counts non-NULL values only.'],
                ),
              ],
            },
          ],
        },
        {
          slug: 'sql-joins',
          title: 'Joining tables',
          estimatedMinutes: 14,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p('Real data is split across tables. A join puts the rows back together along a key:'),
                codeBlock(
                  'sql',
                  `
-- Revenue per city, including cities with no orders yet
SELECT c.city, COALESCE(SUM(o.total_cents), 0) / 100.0 AS revenue_rand
FROM customers c
LEFT JOIN orders o ON o.customer_id = c.id
GROUP BY c.city
ORDER BY revenue_rand DESC;`,
                ),
                ul(
                  [code('INNER JOIN'), ' keeps only rows that match on both sides.'],
                  [code('LEFT JOIN'), ' keeps every row on the left, with NULLs where nothing matches.'],
                ),
                p(bold('Watch for fan-out: '), 'joining a customer to many orders repeats the customer row once per order. Count distinct keys (', code('COUNT(DISTINCT c.id)'), ') or aggregate before joining.'),
              ],
            },
          ],
        },
      ],
    },
    {
      title: 'Practice project',
      // Unlocks a week after enrolment: learners should practise the basics first.
      drip: { type: 'after_days', days: 7 },
      lessons: [
        {
          slug: 'sql-practice-sales',
          title: 'Practice: analyse a month of sales',
          estimatedMinutes: 30,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p('Open the browser tool, choose PostgreSQL or SQLite, paste the practice data from the first lesson and answer these questions. Write each answer as one query.'),
                ol(
                  'What was the total revenue in March 2025, in rand?',
                  'Which city brought in the most revenue, and how much?',
                  'Which customers used a coupon at least once? (Each name once.)',
                  'What share of March orders used a coupon? Give a percentage.',
                  'For each customer, how many days passed between their first and last order?',
                ),
                p('Answers to check yourself: R2,104.00; Cape Town with R1,149.00; Aaliyah, Naledi and Pieter; 33% (2 of 6); Naledi 32, Pieter 18 and Aaliyah 15 days, while Musa has no orders (SQLite: ', code('julianday()'), '; PostgreSQL: subtract the dates).'),
                p('Stuck on one? Re-read the lesson named in its topic, and see the ', link('https://www.postgresql.org/docs/current/tutorial-agg.html', 'PostgreSQL tutorial on aggregates'), '.'),
              ],
            },
            { kind: 'external-tool', title: 'DB Fiddle: run SQL in the browser', url: 'https://www.db-fiddle.com/', lti: false, openInNewTab: true },
          ],
        },
      ],
    },
  ],
};
