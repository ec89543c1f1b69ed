import { createAdminController } from './admin';
import { createToolController } from './tool';

export const controllers = { tool: createToolController, admin: createAdminController };
