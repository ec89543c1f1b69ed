/**
 * The pure core of lms-grading: no Strapi, no database, no clock of its own. See README.md for
 * the API tour and docs/decisions/012-grading-arithmetic.md for points and rounding.
 */
export * from './errors';
export * from './points';
export * from './decimal';
export * from './random';
export * from './questions';
export * from './answers';
export * from './grading';
export * from './attempt';
export * from './learner-view';
export * from './attempt-rules';
export * from './completion';
export * from './rubric';
export * from './verification-code';
export * from './certificates';
export * from './item-analysis';
