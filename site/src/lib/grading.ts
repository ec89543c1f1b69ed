import type { AssignmentOverviewResponse, SubmitAssignmentResponse } from '@contracts/assignments';
import type { MyGradesResponse } from '@contracts/gradebook';
import type {
  AnswerWire,
  AttemptResponse,
  CheckAnswerResponse,
  QuizOverviewResponse,
  SaveAnswerResponse,
  StartAttemptResponse,
  SubmitAttemptResponse,
} from '@contracts/quizzes';
import { createCmsHttp, type CmsHttpOptions, type Outcome } from './cms-http';
import { siteConfig } from './config';

const GRADING = '/api/lms-grading';
// The cms's documentIds are lower-case letters and digits; attempt question ids are seeded, URL-safe.
const DOCUMENT_ID = /^[A-Za-z0-9]{1,64}$/;
const QUESTION_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const isGradingDocumentId = (value: string | null | undefined): value is string => typeof value === 'string' && DOCUMENT_ID.test(value);
export const isQuestionId = (value: string | null | undefined): value is string => typeof value === 'string' && QUESTION_ID.test(value);

/** A positive attempt id from a path segment, or null. */
export function parseAttemptId(value: string | null | undefined): number | null {
  if (!value || !/^[1-9][0-9]{0,9}$/.test(value)) return null;
  const id = Number(value);
  return id <= 2_147_483_647 ? id : null;
}

function idPath(value: string, test: (v: string) => boolean, what: string): string {
  if (!test(value)) throw new RangeError(`"${value}" is not ${what}`);
  return encodeURIComponent(value);
}
const doc = (id: string) => idPath(id, isGradingDocumentId, 'a documentId');
const attempt = (id: number) => {
  if (!Number.isSafeInteger(id) || id < 1) throw new RangeError(`${id} is not an attempt id`);
  return String(id);
};

/**
 * The site server's calls to lms-grading's learner routes (quizzes/contracts.ts and
 * assignments/contracts.ts), always with the learner's token from the session cookie. The site's
 * own /api endpoints forward to these, so no page script ever holds the token.
 */
export function createGradingClient(options: CmsHttpOptions & { uploadTimeoutMs?: number }) {
  const request = createCmsHttp(options);
  return {
    quizOverview(token: string, quizDocumentId: string) {
      return request<QuizOverviewResponse>('GET', `${GRADING}/quizzes/${doc(quizDocumentId)}`, { token });
    },
    startAttempt(token: string, quizDocumentId: string) {
      return request<StartAttemptResponse>('POST', `${GRADING}/quizzes/${doc(quizDocumentId)}/attempts`, { token, body: {} });
    },
    attempt(token: string, attemptId: number) {
      return request<AttemptResponse>('GET', `${GRADING}/attempts/${attempt(attemptId)}`, { token });
    },
    saveAnswer(token: string, attemptId: number, questionId: string, answer: AnswerWire) {
      return request<SaveAnswerResponse>('PUT', `${GRADING}/attempts/${attempt(attemptId)}/answers/${idPath(questionId, isQuestionId, 'a question id')}`, {
        token,
        body: { answer },
      });
    },
    /** Immediate feedback: grade one question now (its answer becomes final). */
    checkAnswer(token: string, attemptId: number, questionId: string, answer?: AnswerWire) {
      return request<CheckAnswerResponse>('POST', `${GRADING}/attempts/${attempt(attemptId)}/answers/${idPath(questionId, isQuestionId, 'a question id')}/check`, {
        token,
        body: answer === undefined ? {} : { answer },
      });
    },
    submitAttempt(token: string, attemptId: number) {
      return request<SubmitAttemptResponse>('POST', `${GRADING}/attempts/${attempt(attemptId)}/submit`, { token, body: {} });
    },
    /** My grades in every course I am or was enrolled in (gradebook/contracts.ts), or in one. */
    myGrades(token: string, courseDocumentId?: string) {
      const query = courseDocumentId ? `?course=${doc(courseDocumentId)}` : '';
      return request<MyGradesResponse>('GET', `${GRADING}/me/grades${query}`, { token });
    },
    assignmentOverview(token: string, assignmentDocumentId: string) {
      return request<AssignmentOverviewResponse>('GET', `${GRADING}/assignments/${doc(assignmentDocumentId)}`, { token });
    },
    /** multipart/form-data with `text` and `files`, exactly the fields the cms accepts. */
    submitAssignment(token: string, assignmentDocumentId: string, form: FormData) {
      return request<SubmitAssignmentResponse>('POST', `${GRADING}/assignments/${doc(assignmentDocumentId)}/submissions`, {
        token,
        form,
        timeoutMs: options.uploadTimeoutMs ?? 120_000,
      });
    },
  };
}

export type GradingClient = ReturnType<typeof createGradingClient>;

let client: GradingClient | undefined;

export function grading(): GradingClient {
  client ??= createGradingClient({ baseUrl: siteConfig().cmsUrl, internalSecret: siteConfig().internalSecret });
  return client;
}

/** `details.code` (and the other details) of a refusal, when the cms gave them. */
export function refusalDetails(outcome: Outcome<unknown>): Record<string, unknown> {
  if (outcome.ok) return {};
  const details = outcome.details;
  return details && typeof details === 'object' && !Array.isArray(details) ? (details as Record<string, unknown>) : {};
}
