import type { LearnerQuestion, StartAttemptResponse, SubmitAttemptResponse, AttemptView } from '../../plugins/lms-grading/server/src/quizzes/contracts';
import type { SubmitAssignmentResponse } from '../../plugins/lms-grading/server/src/assignments/contracts';
import { createInstructor, type AdminUser } from './admin-users';
import { cmsUrl, sendJson } from './api';
import { connect, publishDoc } from './content';
import { enroll, registerLearner, type Learner } from './learners';

/**
 * A course with something in its gradebook, made the way people make it: content authored and
 * published through the admin's content-manager API (minimum course grade 70%), one lesson
 * embedding a three-question quiz and an assignment, instructors as admin users with the
 * Instructor role, learners registered through users-permissions who take the quiz and hand in
 * the assignment over HTTP, and the course's instructor grading through the admin API.
 *
 * First attempts, right (1) or wrong (0) per question (capital, sky, word), are the table the
 * domain's item-analysis test works out by hand:
 *   ann 1 1 1 · ben 1 1 0 · cid 1 0 0 · dee 0 0 1
 * Assignment: ann graded 9/10, ben 6/10, dee handed in (not graded), cid nothing.
 * Used by tests/integration/gradebook.test.ts and tests/browser/gradebook-admin.test.ts.
 */

const API = '/api/lms-grading';
const ADMIN = '/lms-grading/admin';

export type Pattern = readonly [0 | 1, 0 | 1, 0 | 1];

export interface GradebookFixture {
  run: string;
  courseTitle: string;
  quizTitle: string;
  assignmentTitle: string;
  prompts: { capital: string; sky: string; word: string };
  course: string;
  otherCourse: string;
  lesson: string;
  quiz: string;
  assignment: string;
  teacher: AdminUser;
  stranger: AdminUser;
  learners: { ann: Learner; ben: Learner; cid: Learner; dee: Learner; eve: Learner };
  /** Takes the quiz over HTTP: start, save an answer per question, submit. */
  takeQuiz(learner: Learner, pattern: Pattern): Promise<AttemptView>;
  completeLesson(learner: Learner): Promise<void>;
}

export async function createGradebookFixture(admin: Record<string, string>, run: string, opts: { formulaUsername?: boolean } = {}): Promise<GradebookFixture> {
  const courseTitle = `Gradebook course ${run}`;
  const quizTitle = `Gradebook quiz ${run}`;
  const assignmentTitle = `Reflection ${run}`;
  const prompts = { capital: `Capital of France? ${run}`, sky: `The sky is blue. ${run}`, word: `Type the magic word. ${run}` };

  const [teacher, stranger] = await Promise.all([createInstructor(admin, 'gb-teacher', run), createInstructor(admin, 'gb-stranger', run)]);
  const profile = await publishDoc(admin, 'api::instructor.instructor', { name: `Gradebook Teacher ${run}`, slug: `gb-teacher-${run}`, adminUser: { connect: [{ id: teacher.id }] } });
  const strangerProfile = await publishDoc(admin, 'api::instructor.instructor', { name: `Other Teacher ${run}`, slug: `gb-stranger-${run}`, adminUser: { connect: [{ id: stranger.id }] } });
  const fields = (slug: string) => ({ summary: 'Gradebook tests', level: 'beginner', language: 'en', pricingModel: 'free', priceAmount: 0, slug: `gb-${slug}-${run}` });
  const course = await publishDoc(admin, 'api::course.course', { ...fields('main'), title: courseTitle, instructor: connect(profile), minimumCourseGrade: 70 });
  const otherCourse = await publishDoc(admin, 'api::course.course', { ...fields('other'), title: `Other gradebook course ${run}`, instructor: connect(strangerProfile) });

  const quiz = await publishDoc(admin, 'api::quiz.quiz', {
    title: quizTitle,
    course: connect(course),
    passingScore: 50,
    maxAttempts: 0,
    shuffleQuestions: true,
    shuffleOptions: true,
    feedbackMode: 'after_submit',
    attemptPolicy: 'best',
    questions: [
      {
        __component: 'question.single-choice',
        prompt: prompts.capital,
        points: 1,
        options: [
          { text: 'Paris', correct: true },
          { text: 'Lyon', correct: false },
          { text: 'Marseille', correct: false },
        ],
      },
      { __component: 'question.true-false', prompt: prompts.sky, points: 1, correctAnswer: true },
      { __component: 'question.short-answer', prompt: prompts.word, points: 1, acceptedAnswers: [{ text: 'abracadabra' }], caseSensitive: false, ignoreWhitespace: true },
    ],
  });
  const assignment = await publishDoc(admin, 'api::assignment.assignment', { title: assignmentTitle, course: connect(course), maxScore: 10, passScore: 5, allowResubmission: false, allowedFileTypes: 'txt' });
  const section = await publishDoc(admin, 'api::section.section', { title: 'Only section', order: 0, course: connect(course), dripType: 'none' });
  const lesson = await publishDoc(admin, 'api::lesson.lesson', {
    title: `Quiz and reflection ${run}`,
    slug: `gb-lesson-${run}`,
    order: 0,
    freePreview: false,
    estimatedMinutes: 20,
    section: connect(section),
    blocks: [
      { __component: 'blocks.quiz', quiz: connect(quiz), countsTowardCompletion: true },
      { __component: 'blocks.assignment', assignment: connect(assignment), countsTowardCompletion: true },
    ],
  });

  // dee's username can be a spreadsheet formula, for the CSV's injection guard.
  const [ann, ben, cid, dee, eve] = await Promise.all([
    registerLearner('gb-ann', run),
    registerLearner('gb-ben', run),
    registerLearner('gb-cid', run),
    registerLearner('gb-dee', run, { username: opts.formulaUsername ? `=1+2+dee-${run}` : `gb-dee-${run}` }),
    registerLearner('gb-eve', run),
  ]);
  for (const l of [ann, ben, cid, dee]) await enroll(l, course);

  const order = [prompts.capital, prompts.sky, prompts.word];
  const answer = (q: LearnerQuestion, right: boolean): unknown => {
    if (q.type === 'single-choice') {
      const option = q.options.find((o) => o.text === (right ? 'Paris' : 'Lyon'));
      if (!option) throw new Error(`no option in "${q.prompt}"`);
      return { optionId: option.id };
    }
    if (q.type === 'true-false') return { value: right };
    if (q.type === 'short-answer') return { text: right ? 'Abracadabra' : 'nope' };
    throw new Error(`unexpected question type ${q.type}`);
  };
  const takeQuiz = async (learner: Learner, pattern: Pattern): Promise<AttemptView> => {
    const started = await sendJson<StartAttemptResponse>('POST', `${API}/quizzes/${quiz}/attempts`, {}, learner.auth);
    if (started.status !== 201) throw new Error(`start: ${started.status} ${JSON.stringify(started.body)}`);
    const attempt = started.body.data;
    for (const q of attempt.paper.questions) {
      const saved = await sendJson('PUT', `${API}/attempts/${attempt.id}/answers/${q.id}`, { answer: answer(q, pattern[order.indexOf(q.prompt)] === 1) }, learner.auth);
      if (saved.status !== 200) throw new Error(`save: ${saved.status} ${JSON.stringify(saved.body)}`);
    }
    const submitted = await sendJson<SubmitAttemptResponse>('POST', `${API}/attempts/${attempt.id}/submit`, {}, learner.auth);
    if (submitted.status !== 200) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
    return submitted.body.data;
  };
  const handIn = async (learner: Learner, text: string): Promise<number> => {
    const form = new FormData();
    form.append('text', text);
    const res = await fetch(cmsUrl(`${API}/assignments/${assignment}/submissions`), { method: 'POST', headers: learner.auth, body: form });
    const body = (await res.json()) as SubmitAssignmentResponse;
    if (res.status !== 201) throw new Error(`hand in: ${res.status} ${JSON.stringify(body)}`);
    return body.data.id;
  };
  const grade = async (submissionId: number, score: string, feedback: string): Promise<void> => {
    const res = await sendJson('POST', `${ADMIN}/submissions/${submissionId}/grade`, { score, feedback }, teacher.auth);
    if (res.status !== 200) throw new Error(`grade: ${res.status} ${JSON.stringify(res.body)}`);
  };

  await takeQuiz(ann, [1, 1, 1]);
  await takeQuiz(ben, [1, 1, 0]);
  await takeQuiz(cid, [1, 0, 0]);
  await takeQuiz(dee, [0, 0, 1]);
  const annSubmission = await handIn(ann, 'What I learned, by Ann.');
  const benSubmission = await handIn(ben, 'What I learned, by Ben.');
  await handIn(dee, 'What I learned, by Dee.');
  await grade(annSubmission, '9', 'Thoughtful.');
  await grade(benSubmission, '6', 'Fine, a little short.');

  return {
    run,
    courseTitle,
    quizTitle,
    assignmentTitle,
    prompts,
    course,
    otherCourse,
    lesson,
    quiz,
    assignment,
    teacher,
    stranger,
    learners: { ann, ben, cid, dee, eve },
    takeQuiz,
    async completeLesson(learner) {
      const res = await sendJson('POST', `/api/lms-enrollment/lessons/${lesson}/complete`, {}, learner.auth);
      if (res.status !== 200) throw new Error(`complete lesson: ${res.status} ${JSON.stringify(res.body)}`);
    },
  };
}
