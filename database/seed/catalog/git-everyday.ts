import { media } from '../media';
import { bold, code, codeBlock, h, link, ol, p, ul } from '../rich-text';
import type { CourseSeed } from '../types';

export const gitEveryday: CourseSeed = {
  slug: 'git-for-everyday-work',
  title: 'Git for Everyday Work',
  summary:
    'Commit, branch, merge and undo with confidence. A short, practical introduction to the version control tool every software team uses.',
  description: [
    p(
      'Most people learn Git as a list of magic commands and panic the first time a merge goes wrong. ',
      'This course starts from the one idea that makes Git predictable: ',
      bold('history is a graph of snapshots'),
      ', and branches are just labels pointing into it.',
    ),
    p('You will practise on your own machine and in an interactive visualiser, and leave with a one-page cheat sheet. No prior Git experience is needed; you should be comfortable opening a terminal.'),
    ul('Two short sections, five lessons', 'A downloadable cheat sheet', 'Free: no card needed'),
  ],
  outcomes: [
    'Explain what a commit is and how Git stores history as a graph',
    'Stage, commit and inspect changes with status, diff and log',
    'Create, switch and merge branches, and resolve a merge conflict',
    'Undo mistakes safely with restore, revert and stash',
  ],
  level: 'beginner',
  language: 'en',
  category: 'software-development',
  instructor: 'thandi-nkosi',
  pricing: { model: 'free' },
  cover: media.coverGit,
  certificateTemplate: 'Thandi Nkosi: certificate of completion',
  sections: [
    {
      title: 'Snapshots and history',
      lessons: [
        {
          slug: 'git-what-git-stores',
          title: 'What Git actually stores',
          freePreview: true,
          estimatedMinutes: 8,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p(
                  'Git does not store a list of changes. Every time you commit, it stores a ',
                  bold('snapshot'),
                  ' of all tracked files, plus a little metadata: who, when, a message, and a pointer to the previous commit (its ',
                  bold('parent'),
                  ').',
                ),
                h('Three places your work lives'),
                ul(
                  [bold('Working tree'), ': the files you edit.'],
                  [bold('Staging area'), ' (the index): what will go into the next commit. ', code('git add'), ' puts changes here.'],
                  [bold('Repository'), ': the commits themselves, in the hidden ', code('.git'), ' folder.'],
                ),
                p('Watch the short animation below: each circle is a commit, each line points to a parent, and the coloured tags are branches.'),
              ],
            },
            { kind: 'video', title: 'How commits and branches form a graph', provider: 'upload', media: media.gitGraphVideo, durationSeconds: 6, completionThreshold: 90 },
            {
              kind: 'rich-text',
              body: [
                p(
                  'Because each commit names its parent by a hash of its content, history cannot be changed quietly: editing an old commit creates a ',
                  bold('new'),
                  ' commit with a new id. Keep that in mind when we get to undoing things.',
                ),
              ],
            },
          ],
        },
        {
          slug: 'git-first-repository',
          title: 'Your first repository',
          estimatedMinutes: 12,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p('Tell Git who you are once per machine; the name and email go into every commit you make.'),
                codeBlock(
                  'bash',
                  `
git config --global user.name "Your Name"
git config --global user.email "you@example.com"
git config --global init.defaultBranch main`,
                ),
                h('Create, stage, commit'),
                codeBlock(
                  'bash',
                  `
mkdir recipes && cd recipes
git init
echo "# Recipes" > README.md
git status            # README.md is untracked
git add README.md     # stage it
git commit -m "Add README"
git log --oneline     # one line per commit`,
                ),
                p(
                  'Make ',
                  code('git status'),
                  ' a habit: it tells you which branch you are on, what is staged, and usually which command to run next.',
                ),
                h('Good commit messages'),
                ul(
                  'Start with a short summary in the imperative: "Add shopping list", not "Added stuff".',
                  'One logical change per commit, so it can be reviewed or reverted on its own.',
                  'Explain why in the body when the diff alone does not.',
                ),
                p('Then try the same ideas in the browser-based visualiser below; the first level of "Introduction Sequence" takes five minutes.'),
              ],
            },
            { kind: 'external-tool', title: 'Learn Git Branching (interactive visualiser)', url: 'https://learngitbranching.js.org/', lti: false, openInNewTab: true },
          ],
        },
      ],
    },
    {
      title: 'Branches and collaboration',
      lessons: [
        {
          slug: 'git-branching',
          title: 'Branching without fear',
          estimatedMinutes: 10,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p(
                  'A branch is a movable label that points at a commit. Creating one copies nothing, which is why teams create a branch for every piece of work. ',
                  code('HEAD'),
                  ' is the label for "where you are now".',
                ),
                codeBlock(
                  'bash',
                  `
git switch -c shopping-list   # create a branch and move to it
# ...edit, add, commit...
git switch main               # back to main
git merge shopping-list       # bring the work in
git branch -d shopping-list   # tidy up`,
                ),
                h('Two kinds of merge'),
                ul(
                  [bold('Fast-forward'), ': main had no new commits, so Git simply moves the main label forward. No merge commit.'],
                  [bold('Three-way merge'), ': both branches moved on, so Git creates a merge commit with two parents.'],
                ),
                p('Neither is better; they describe what happened. What matters is that main always builds and passes its tests.'),
              ],
            },
          ],
        },
        {
          slug: 'git-merge-conflicts',
          title: 'Resolving merge conflicts',
          estimatedMinutes: 12,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p('A conflict means two branches changed the same lines differently, and Git will not guess which one you want. It stops and marks the file:'),
                codeBlock(
                  'plaintext',
                  `
<<<<<<< HEAD
Serves 4 people.
=======
Serves 6 people.
>>>>>>> bigger-portions`,
                ),
                ol(
                  ['Run ', code('git status'), ' to list the conflicted files.'],
                  'Edit each file: keep the text you want (possibly a mix of both) and delete the three marker lines.',
                  ['Stage each resolved file with ', code('git add'), ', then ', code('git commit'), '.'],
                  ['Lost? ', code('git merge --abort'), ' puts everything back as it was before the merge.'],
                ),
                p('Small, frequent merges produce small conflicts. Pull from main often, and keep branches short-lived.'),
              ],
            },
            {
              kind: 'file',
              title: 'Git cheat sheet (PDF, one page)',
              description: 'Every command from this course on one A4 page, including the conflict checklist. Print it and keep it beside your keyboard.',
              media: media.gitCheatSheet,
            },
          ],
        },
        {
          slug: 'git-undo',
          title: 'Undoing things safely',
          estimatedMinutes: 8,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p('Which undo you need depends on where the mistake is. Work through these from the least to the most drastic:'),
                ul(
                  [code('git restore file.txt'), ': throw away unstaged edits to a file.'],
                  [code('git restore --staged file.txt'), ': unstage a file but keep your edits.'],
                  [code('git commit --amend'), ': fix the last commit message or add a forgotten file (only before you push).'],
                  [code('git revert <commit>'), ': make a new commit that undoes an old one. Safe on shared branches.'],
                  [code('git stash'), ' and ', code('git stash pop'), ': park unfinished work to switch branches, then bring it back.'],
                ),
                p(
                  bold('Rule of thumb: '),
                  'never rewrite commits that others have already pulled. Use revert there. If you are sure a commit is gone for good, ',
                  code('git reflog'),
                  ' usually still knows where it was.',
                ),
                p('Further reading: the free book ', link('https://git-scm.com/book/en/v2', 'Pro Git'), ', chapters 2 and 3.'),
              ],
            },
          ],
        },
      ],
    },
  ],
};
