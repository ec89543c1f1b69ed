import type { GradingConcern } from './concern';
import { assignments, assignmentsControllers, assignmentsServices } from './assignments';
import { certificates, certificatesControllers, certificatesServices } from './certificates';
import { gradebook, gradebookControllers, gradebookServices } from './gradebook';
import { quizzes, quizzesControllers, quizzesServices } from './quizzes';
import { files, filesControllers } from './storage';

/** Every concern of the plugin, in the order their register/bootstrap run. */
export const concerns: readonly GradingConcern[] = [quizzes, assignments, gradebook, certificates, files];

export const concernServices = { ...quizzesServices, ...assignmentsServices, ...gradebookServices, ...certificatesServices };
export const concernControllers = { ...quizzesControllers, ...assignmentsControllers, ...gradebookControllers, ...certificatesControllers, ...filesControllers };
