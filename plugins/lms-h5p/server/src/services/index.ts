import { createPackagesService } from './packages';
import { createResultsService } from './results';

export const services = {
  packages: createPackagesService,
  results: createResultsService,
};

export type LmsH5pServices = { [K in keyof typeof services]: ReturnType<(typeof services)[K]> };
export type { PackagesService, StoredPackage } from './packages';
export type { ResultsService, StoredResult } from './results';
