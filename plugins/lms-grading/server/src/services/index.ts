import { concernServices } from '../concerns';

export const services = { ...concernServices };

export type LmsGradingServices = { [K in keyof typeof services]: ReturnType<(typeof services)[K]> };
