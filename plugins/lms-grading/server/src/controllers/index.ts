import { concernControllers } from '../concerns';

export const controllers = { ...concernControllers };
