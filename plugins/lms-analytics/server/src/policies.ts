import { ACTIONS } from './permissions';

export interface PolicyCtx {
  state: { userAbility?: { can(action: string): boolean } };
}

/** Either analytics action: an instructor's own courses (`read-own`) or everything (`read-all`). */
export const policies = {
  'can-read-analytics': (ctx: PolicyCtx) => Boolean(ctx.state.userAbility?.can(ACTIONS.readOwn) || ctx.state.userAbility?.can(ACTIONS.readAll)),
};
