import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { readDate, readJson, writeJson } from '@lms/plugin-lms-core/server';
import { type RevenueRules, type RuleChange, type RuleRecord, parseRuleChange, ruleKey, rulesInForceAt } from '../domain';
import { RULE_CHANGES_TABLE } from '../migrations';

export interface StoredRuleChange {
  record: RuleRecord;
  recordedBy: number | null;
  note: string | null;
}

type Row = Record<string, unknown>;

function toStored(row: Row): StoredRuleChange {
  const change = readJson<RuleChange>(row.value);
  return {
    record: { ...change, id: Number(row.id), effectiveFrom: readDate(row.effective_from) as Date, recordedAt: readDate(row.recorded_at) as Date },
    recordedBy: row.recorded_by === null || row.recorded_by === undefined ? null : Number(row.recorded_by),
    note: (row.note as string | null) ?? null,
  };
}

/**
 * Revenue rules as an append-only history of single changes (docs/decisions/019): recording one
 * is the only write; the rows are the audit log (who, when, effective when, why).
 */
export const createRulesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const service = {
    /** Validates (RevenueError naming the field) and appends one change recorded at `now`. */
    async record(input: unknown, by: { adminId: number; note: string | null; now: Date }): Promise<StoredRuleChange> {
      const { change, effectiveFrom } = parseRuleChange(input, by.now);
      const [row] = (await knex()(RULE_CHANGES_TABLE)
        .insert({
          kind: change.kind,
          rule_key: ruleKey(change),
          value: writeJson(change),
          effective_from: effectiveFrom,
          recorded_at: by.now,
          recorded_by: by.adminId,
          note: by.note,
        })
        .returning('*')) as Row[];
      return toStored(row as Row);
    },

    /** The whole history, oldest first (small: one row per admin decision). */
    async history(trx?: Knex.Transaction): Promise<StoredRuleChange[]> {
      const rows = (await (trx ?? knex())(RULE_CHANGES_TABLE).orderBy('id')) as Row[];
      return rows.map(toStored);
    },

    async inForceAt(at: Date, trx?: Knex.Transaction): Promise<RevenueRules> {
      return rulesInForceAt(
        (await service.history(trx)).map((s) => s.record),
        at,
      );
    },
  };
  return service;
};

export type RulesService = ReturnType<typeof createRulesService>;
