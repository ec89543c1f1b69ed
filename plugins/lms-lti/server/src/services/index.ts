import { createGradesService } from './grades';
import { createLti11Service } from './lti11';
import { createLti13Service } from './lti13';
import { createPlatformTokensService } from './platform-tokens';
import { createProvisioningService } from './provisioning';
import { createRegistrationsService } from './registrations';
import { createRosterService } from './roster';
import { createRuntimeService } from './runtime';
import { createToolKeysService } from './tool-keys';

export const services = {
  runtime: createRuntimeService,
  toolKeys: createToolKeysService,
  registrations: createRegistrationsService,
  provisioning: createProvisioningService,
  lti13: createLti13Service,
  lti11: createLti11Service,
  platformTokens: createPlatformTokensService,
  grades: createGradesService,
  roster: createRosterService,
};

export type LmsLtiServices = { [K in keyof typeof services]: ReturnType<(typeof services)[K]> };
