import { createAdminController } from './admin';
import { createLearnerController } from './learner';
import { paymentControllers } from '../payments';

export const controllers = {
  learner: createLearnerController,
  admin: createAdminController,
  ...paymentControllers,
};
