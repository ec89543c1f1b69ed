import { media } from '../media';
import { bold, h, italic, link, p, quote, ul } from '../rich-text';
import type { CourseSeed, QuizSeed } from '../types';

export const moneyMathsQuiz: QuizSeed = {
  title: 'Check your money maths',
  description: 'Four quick questions on budgeting, interest and tax-free savings. Feedback appears as soon as you answer.',
  passingScore: 75,
  maxAttempts: 0,
  shuffleQuestions: true,
  shuffleOptions: true,
  feedbackMode: 'immediate',
  attemptPolicy: 'best',
  questions: [
    {
      type: 'numeric',
      prompt: 'Your take-home pay is R18,000 a month. Under the 50/30/20 rule, how many rand a month go to needs?',
      points: 1,
      value: 9000,
      tolerance: 0,
      feedback: '50% of R18,000 is R9,000 for needs, R5,400 for wants and R3,600 for savings and extra debt repayment.',
    },
    {
      type: 'numeric',
      prompt: 'A credit card balance of R20,000 is charged 21% interest a year. Roughly how much interest is added in the first month, in rand?',
      points: 2,
      value: 350,
      tolerance: 10,
      feedback: '21% ÷ 12 = 1.75% a month, and 1.75% of R20,000 is R350. Paying only the minimum barely dents the balance.',
    },
    {
      type: 'true-false',
      prompt: 'If you withdraw R10,000 from a tax-free savings account, you may put that R10,000 back later without it counting towards your limits.',
      points: 1,
      correctAnswer: false,
      feedback: 'Every deposit counts towards the annual and lifetime limits, even one that replaces a withdrawal. Treat a TFSA as long-term money.',
    },
    {
      type: 'single-choice',
      prompt: 'Where should most of an emergency fund be kept?',
      points: 1,
      feedback: 'An emergency fund must be safe and reachable within days; growth comes second.',
      options: [
        { text: 'A money market or notice savings account you can reach within a few days', correct: true },
        { text: 'Shares, because they grow fastest', correct: false, feedback: 'Share prices can be down exactly when you need the money.' },
        { text: 'A retirement annuity, for the tax deduction', correct: false, feedback: 'RA money is locked until age 55.' },
        { text: 'Cash at home', correct: false, feedback: 'It earns nothing and can be stolen.' },
      ],
    },
  ],
};

export const personalFinanceSa: CourseSeed = {
  slug: 'personal-finance-south-africa',
  title: 'Personal Finance in South Africa',
  summary:
    'Budget in rand, get out of expensive debt, and use tax-free savings and retirement annuities the way SARS intends. Free, practical, and jargon-free.',
  description: [
    p('Nobody teaches us money at school, and the advice online is mostly written for other countries. This course uses South African rules, products and prices: take-home pay after PAYE and UIF, store cards, tax-free savings accounts, retirement annuities and the two-pot retirement system.'),
    p('Each lesson ends with one thing to do this week. Together they take about an hour, and you will finish with a working budget and a plan for your next rand.'),
    quote('This course is general education, not personal financial advice. Limits and rates are those published by SARS at the time of writing: check sars.gov.za for the current figures.'),
  ],
  outcomes: [
    'Build a 50/30/20 budget from your real take-home pay',
    'Size and place an emergency fund',
    'Work out what debt really costs and choose which debt to repay first',
    'Use a tax-free savings account and a retirement annuity within their limits',
  ],
  level: 'beginner',
  language: 'en',
  category: 'personal-finance',
  instructor: 'lerato-mokoena',
  pricing: { model: 'free' },
  cover: media.coverFinance,
  certificateTemplate: 'Lerato Mokoena: certificate of completion',
  quizzes: [moneyMathsQuiz],
  sections: [
    {
      title: 'Budgeting that survives the month',
      lessons: [
        {
          slug: 'finance-50-30-20',
          title: 'The 50/30/20 budget in rand',
          freePreview: true,
          estimatedMinutes: 10,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p('Start from ', bold('take-home pay'), ': what reaches your account after PAYE, UIF and any pension deductions. Split it three ways:'),
                ul(
                  [bold('50% needs'), ': rent or bond, transport, groceries, electricity and water, insurance, minimum debt repayments.'],
                  [bold('30% wants'), ': eating out, streaming, data beyond the basics, clothes, outings.'],
                  [bold('20% savings and extra debt repayment'), ': emergency fund, tax-free savings, retirement, paying debt faster.'],
                ),
                h('A worked example'),
                p('Take-home pay of R18,000: R9,000 for needs, R5,400 for wants, R3,600 for savings. If rent and transport alone take R9,000, the split tells you early that wants must shrink, before the month ends in overdraft.'),
                p('The percentages are a starting point, not a law. What matters is deciding in advance where each rand goes, and checking once a month. Download the worksheet below and fill it in with last month\'s real numbers.'),
                p(bold('This week: '), 'fill in the "last month" column from your bank statement.'),
              ],
            },
            {
              kind: 'file',
              title: 'Monthly budget worksheet (PDF)',
              description: 'One A4 page: needs, wants and savings with last month, target and difference columns.',
              media: media.budgetWorksheet,
            },
          ],
        },
        {
          slug: 'finance-emergency-fund',
          title: 'Building an emergency fund',
          estimatedMinutes: 8,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p('An emergency fund turns a crisis (a retrenchment, a burst geyser, a car repair) into an inconvenience, and stops it becoming debt.'),
                ul(
                  [bold('First target: '), 'R5,000, or one month of needs, whichever is smaller. It covers most surprises.'],
                  [bold('Full target: '), 'three to six months of needs. Closer to six if your income is irregular or you support others.'],
                  [bold('Where: '), 'a money market or notice savings account. Safe, paying interest, reachable within days, but not on your bank card.'],
                ),
                p('Automate it: a debit order on payday, even R300, beats good intentions on the 25th.'),
              ],
            },
          ],
        },
      ],
    },
    {
      title: 'Debt and credit',
      lessons: [
        {
          slug: 'finance-interest-and-debt',
          title: 'How interest works against you',
          estimatedMinutes: 12,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p('Interest rates are quoted per year but charged monthly. Divide by twelve to see the monthly cost: a R20,000 credit card balance at 21% a year costs about R350 ', italic('every month'), '. If the minimum payment is R600, only R250 reduces the debt.'),
                h('Which debt first?'),
                ul(
                  [bold('Avalanche: '), 'pay minimums on everything and put every extra rand on the highest interest rate. Cheapest overall.'],
                  [bold('Snowball: '), 'put the extra on the smallest balance first. Costs a little more, but quick wins keep many people going.'],
                ),
                p('Store cards, credit cards and personal loans usually charge the most. A home loan usually charges the least: pay it off last.'),
                h('Know your credit report'),
                p('You are entitled to one free credit report a year from each credit bureau. Check it for accounts you do not recognise, and dispute errors with the bureau in writing.'),
                p(bold('This week: '), 'list every debt with its balance, interest rate and minimum payment, and pick your method.'),
              ],
            },
          ],
        },
      ],
    },
    {
      title: 'Saving and investing',
      lessons: [
        {
          slug: 'finance-tfsa',
          title: 'Tax-free savings accounts',
          estimatedMinutes: 10,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p('In a tax-free savings account (TFSA) you pay no tax on interest, dividends or capital gains, ever. In exchange, contributions are capped:'),
                ul(
                  [bold('R36,000 per tax year'), ' (1 March to the end of February).'],
                  [bold('R500,000 over your lifetime.')],
                  ['Contributions above a limit are taxed at ', bold('40%'), '. Keep track if you have more than one TFSA.'],
                  'Withdrawals do not restore your limit: a deposit that replaces a withdrawal counts again.',
                ),
                p('A TFSA works best for money you will not touch for five years or more, invested in a low-cost index fund rather than a cash account. Check the current limits at ', link('https://www.sars.gov.za/types-of-tax/personal-income-tax/tax-free-investments/', 'SARS: tax-free investments'), '.'),
              ],
            },
          ],
        },
        {
          slug: 'finance-retirement',
          title: 'Retirement: RAs and the two-pot system',
          estimatedMinutes: 12,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p('Contributions to a retirement annuity (RA) or pension fund are deductible from taxable income, up to ', bold('27.5%'), ' of the greater of your remuneration or taxable income, capped at ', bold('R350,000 a year'), '. At a 31% marginal rate, R1,000 into an RA costs you R690 after tax.'),
                h('The two-pot system'),
                p('Since 1 September 2024, new contributions to retirement funds are split:'),
                ul(
                  [bold('One third to the savings pot: '), 'you may withdraw from it once per tax year (at least R2,000), taxed at your marginal rate.'],
                  [bold('Two thirds to the retirement pot: '), 'preserved until retirement.'],
                  [bold('Savings built up before September 2024 '), 'stay in a vested pot under the old rules.'],
                ),
                p('The savings pot is a safety valve, not a second emergency fund: every withdrawal is taxed and shrinks your retirement. Build the emergency fund first.'),
              ],
            },
            { kind: 'quiz', quiz: moneyMathsQuiz, countsTowardCompletion: false },
          ],
        },
      ],
    },
  ],
};
