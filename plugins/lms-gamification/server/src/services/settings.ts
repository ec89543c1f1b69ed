import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { readJson, writeJson } from '@lms/plugin-lms-core/server';
import {
  DEFAULT_BADGES,
  DEFAULT_LEVELS,
  DEFAULT_POINT_RULES,
  GamificationError,
  type BadgeDefinition,
  type Level,
  type PointRules,
  describeValue,
  isPlainObject,
  parseBadges,
  parseLevels,
  parseRules,
} from '../domain';
import { SETTINGS_TABLE } from '../migrations';
import { uploadedImages } from '../adapters/strapi';

/** A badge's picture: a file of the media library (url read from it, never from the request). */
export interface BadgeImage {
  id: number;
  url: string;
}

export type StoredBadge = BadgeDefinition & { image: BadgeImage | null };

export interface GamificationSettings {
  rules: PointRules;
  badges: StoredBadge[];
  levels: Level[];
}

/** Settings are read on every award; a short per-process cache keeps that off the database. */
const CACHE_MS = 5_000;

/**
 * Point rules, badges and levels, one JSON row each in `lms_gamification_settings`. Missing rows
 * mean the defaults (DEFAULT_POINT_RULES, DEFAULT_BADGES, DEFAULT_LEVELS). Everything is parsed by
 * the domain before it is stored, so what is stored is always valid.
 */
export const createSettingsService = ({ strapi }: { strapi: Core.Strapi }) => {
  let cached: { at: number; value: GamificationSettings } | null = null;

  async function load(db: Knex | Knex.Transaction): Promise<GamificationSettings> {
    const rows = (await db(SETTINGS_TABLE).select('key', 'value')) as Array<{ key: string; value: string }>;
    const byKey = new Map(rows.map((r) => [r.key, readJson<unknown>(r.value)]));
    return {
      rules: byKey.has('rules') ? parseRules(byKey.get('rules')) : structuredClone(DEFAULT_POINT_RULES),
      badges: byKey.has('badges') ? (byKey.get('badges') as StoredBadge[]) : DEFAULT_BADGES.map((b) => ({ ...structuredClone(b), image: null })),
      levels: byKey.has('levels') ? parseLevels(byKey.get('levels')) : DEFAULT_LEVELS.map((l) => ({ ...l })),
    };
  }

  return {
    /** The settings in force (cached up to 5 s per process; a save here clears the cache). */
    async get(trx?: Knex.Transaction): Promise<GamificationSettings> {
      if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
      const value = await load(trx ?? strapi.db.connection);
      cached = { at: Date.now(), value };
      return value;
    },

    /**
     * Validates and stores any of `rules`, `badges`, `levels` (the others stay as they are).
     * Throws a GamificationError naming the field (`rules.quiz-passed.points`, `badges[1].image`).
     */
    async save(input: unknown, by: number | null): Promise<GamificationSettings> {
      if (!isPlainObject(input)) throw new GamificationError('invalid-rules', '', `settings must be an object with rules, badges and/or levels; got ${describeValue(input)}`);
      for (const key of Object.keys(input)) {
        if (!['rules', 'badges', 'levels'].includes(key)) throw new GamificationError('invalid-rules', key, 'unknown setting; allowed: rules, badges, levels');
      }
      const writes: Array<{ key: string; value: unknown }> = [];
      if (input.rules !== undefined) {
        try {
          writes.push({ key: 'rules', value: parseRules(input.rules) });
        } catch (error) {
          throw prefixed(error, 'rules');
        }
      }
      if (input.levels !== undefined) writes.push({ key: 'levels', value: parseLevels(input.levels) });
      if (input.badges !== undefined) writes.push({ key: 'badges', value: await parseStoredBadges(strapi, input.badges) });
      const now = new Date();
      await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        for (const w of writes) {
          await trx(SETTINGS_TABLE)
            .insert({ key: w.key, value: writeJson(w.value), updated_at: now, updated_by: by })
            .onConflict('key')
            .merge(['value', 'updated_at', 'updated_by']);
        }
      });
      cached = null;
      return load(strapi.db.connection);
    },
  };
};

function prefixed(error: unknown, root: string): unknown {
  if (!(error instanceof GamificationError)) return error;
  const field = error.field ? `${root}.${error.field}` : root;
  const problem = error.field && error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message;
  return new GamificationError(error.code, field, problem);
}

/** parseBadges for the criteria, plus each badge's optional `image` (a media-library file id). */
async function parseStoredBadges(strapi: Core.Strapi, input: unknown): Promise<StoredBadge[]> {
  const list = Array.isArray(input) ? input : null;
  const imageIds = (list ?? []).map((raw, i) => {
    const image = isPlainObject(raw) ? raw.image : undefined;
    if (image === undefined || image === null) return null;
    const id = isPlainObject(image) ? image.id : image;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) {
      throw new GamificationError('invalid-badges', `badges[${i}].image`, `must be a media-library file id (or { id }), or null for no image; got ${describeValue(image)}`);
    }
    return id;
  });
  const definitions = parseBadges(list ? list.map((raw) => (isPlainObject(raw) ? { id: raw.id, name: raw.name, description: raw.description, criterion: raw.criterion } : raw)) : input);
  const files = await uploadedImages(strapi, imageIds.filter((id): id is number => id !== null));
  return definitions.map((badge, i) => {
    const id = imageIds[i] ?? null;
    if (id === null) return { ...badge, image: null };
    const file = files.get(id);
    if (!file) throw new GamificationError('invalid-badges', `badges[${i}].image`, `media-library file ${id} does not exist or is not an image; upload the picture first`);
    return { ...badge, image: { id, url: file.url } };
  });
}

export type SettingsService = ReturnType<typeof createSettingsService>;
