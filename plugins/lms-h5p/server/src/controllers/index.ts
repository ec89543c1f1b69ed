import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { invalidInput, parseInput, unauthorized, withVisibleErrors } from '@lms/plugin-lms-core/server';
import type { LessonsResponse, MyResultsResponse, PackageView, PlayerResponse, ResultView, UploadPackageResponse, XapiResponse } from '../contracts';
import { xapiRequestSchema } from '../domain';
import type { StoredPackage, StoredResult } from '../services';
import type { AdminUserLike } from '../services/packages';
import { getService } from '../utils';

export interface Ctx {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  request: { body?: unknown; files?: Record<string, unknown> };
  state: { user?: { id: number; roles?: Array<{ code?: string }> } };
  status: number;
  body: unknown;
}

/** A file as koa-body (formidable) leaves it in `ctx.request.files`. */
interface UploadedFile {
  filepath: string;
  originalFilename?: string | null;
  mimetype?: string | null;
  size: number;
}

const documentId = z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'expected a documentId');
const id = z.coerce.number({ invalid_type_error: 'expected a number' }).int('expected a whole number').positive('expected an id');
const attachFields = z
  .object({ lesson: documentId.optional(), block: id.optional() })
  .refine((v) => (v.lesson === undefined) === (v.block === undefined), { message: 'give both lesson and block (to attach the package to that H5P block), or neither' });
const attachBody = z.object({ lesson: documentId, block: id, fileId: id }).strict();
const playerParams = z.object({ lesson: documentId, block: id });
const resultsQuery = z.object({ course: documentId }).strict();

const percent = (bp: number) => bp / 100;

export function packageView(p: StoredPackage): PackageView {
  return {
    fileId: p.fileId,
    title: p.title,
    mainLibrary: p.mainLibrary,
    libraries: p.libraries,
    fileCount: p.fileCount,
    uncompressedBytes: p.uncompressedBytes,
    baseUrl: p.baseUrl,
    createdAt: p.createdAt.toISOString(),
  };
}

function resultView(r: StoredResult): ResultView {
  return {
    lesson: r.lessonDocumentId,
    packageFileId: r.fileId,
    block: r.blockId,
    attempts: r.attempts,
    latestPercent: percent(r.latestBp),
    bestPercent: percent(r.bestBp),
    passed: r.passed,
    lastAt: r.lastAt.toISOString(),
  };
}

function adminUser(ctx: Ctx): AdminUserLike {
  const user = ctx.state.user;
  if (!user) throw unauthorized('sign in to the admin panel first');
  return user;
}

function learnerId(ctx: Ctx): number {
  const user = ctx.state.user;
  if (!user) throw unauthorized();
  return user.id;
}

function singleFile(ctx: Ctx): UploadedFile {
  const files = Object.entries(ctx.request.files ?? {});
  const value = ctx.request.files?.file;
  if (files.length === 0 || value === undefined) throw invalidInput('file', 'attach the .h5p file as the multipart field "file"', { code: 'no-file' });
  if (Array.isArray(value) || files.length > 1) throw invalidInput('file', 'send one .h5p file at a time', { code: 'several-files' });
  return value as UploadedFile;
}

const createAdminController = ({ strapi }: { strapi: Core.Strapi }) =>
  withVisibleErrors({
    async lessons(ctx: Ctx) {
      const lessons = await getService(strapi, 'packages').lessonsFor(adminUser(ctx));
      ctx.body = {
        data: lessons.map((l) => ({
          documentId: l.documentId,
          title: l.title,
          courseDocumentId: l.courseDocumentId,
          courseTitle: l.courseTitle,
          blocks: l.blocks.map((b) => ({ id: b.id, title: b.title, graded: b.graded, packageFileId: b.packageFileId, packageName: b.packageName, package: b.package ? packageView(b.package) : null })),
        })),
      } satisfies LessonsResponse;
    },

    async upload(ctx: Ctx) {
      const user = adminUser(ctx);
      const file = singleFile(ctx);
      const fields = parseInput(attachFields, ctx.request.body ?? {}, 'body');
      const attach = fields.lesson !== undefined && fields.block !== undefined ? { lesson: fields.lesson, block: fields.block } : null;
      const stored = await getService(strapi, 'packages').uploadPackage(
        user,
        { filepath: file.filepath, name: file.originalFilename ?? 'package.h5p', size: file.size, mimetype: file.mimetype ?? 'application/zip' },
        attach,
      );
      ctx.status = 201;
      ctx.body = { data: { package: packageView(stored.package), attachedTo: stored.attachedTo } } satisfies UploadPackageResponse;
    },

    async attach(ctx: Ctx) {
      const body = parseInput(attachBody, ctx.request.body ?? {}, 'body');
      const done = await getService(strapi, 'packages').attachPackage(adminUser(ctx), body.lesson, body.block, body.fileId);
      ctx.body = { data: { package: packageView(done.package), attachedTo: done.attachedTo } } satisfies UploadPackageResponse;
    },
  });

const createLearnerController = ({ strapi }: { strapi: Core.Strapi }) =>
  withVisibleErrors({
    async player(ctx: Ctx) {
      const params = parseInput(playerParams, ctx.params, 'params');
      const found = await getService(strapi, 'packages').playerFor(params.lesson, params.block);
      ctx.body = {
        data: {
          lesson: found.lesson.documentId,
          block: found.block.id,
          title: found.block.title,
          graded: found.block.graded,
          package: found.package ? { title: found.package.title, mainLibrary: found.package.mainLibrary, baseUrl: found.package.baseUrl } : null,
        },
      } satisfies PlayerResponse;
    },

    async recordStatement(ctx: Ctx) {
      const user = learnerId(ctx);
      const request = parseInput(xapiRequestSchema, ctx.request.body ?? {}, 'body');
      const outcome = await getService(strapi, 'results').recordStatement(user, request);
      ctx.status = outcome.recorded ? 200 : 202;
      ctx.body = { data: { recorded: outcome.recorded, reason: outcome.reason, result: outcome.result ? resultView(outcome.result) : null, lesson: outcome.lesson } } satisfies XapiResponse;
    },

    async myResults(ctx: Ctx) {
      const user = learnerId(ctx);
      const { course } = parseInput(resultsQuery, ctx.query, 'query');
      const results = await getService(strapi, 'results').resultsOf(course, [user]);
      ctx.body = { data: results.map(resultView) } satisfies MyResultsResponse;
    },
  });

export const controllers = {
  admin: createAdminController,
  learner: createLearnerController,
};

