/**
 * The few Strapi calls the seed makes, typed once here. The cms has no generated content-type
 * typings (cms/types/generated is not built), so Strapi's own signatures are too loose to help;
 * this file pins down the shapes the seed relies on and keeps the casts in one place.
 */
import fs from 'node:fs';
import type { Core, UID } from '@strapi/strapi';

/** The authored content types the seed writes through the Document Service. */
export type SeedUid =
  | 'api::category.category'
  | 'api::instructor.instructor'
  | 'api::certificate-template.certificate-template'
  | 'api::course.course'
  | 'api::quiz.quiz'
  | 'api::assignment.assignment'
  | 'api::section.section'
  | 'api::lesson.lesson';

export interface DocumentRef {
  id: number;
  documentId: string;
}

export interface AdminUserRef {
  id: number;
  email: string;
}

export interface MediaRef {
  id: number;
  name: string;
}

export interface FileToUpload {
  /** Absolute path of the file on disk (left in place). */
  filepath: string;
  /** Media-library name; the seed finds the file again by it. */
  name: string;
  mimetype: string;
  alternativeText: string;
  caption?: string;
}

type Filters = Record<string, unknown>;

/** The subset of a Document Service instance the seed uses. */
interface DocumentServiceLike {
  findFirst(params: { filters: Filters; status: 'draft' | 'published'; fields: string[] }): Promise<DocumentRef | null>;
  create(params: { data: Record<string, unknown>; status: 'published'; fields: string[] }): Promise<DocumentRef>;
  publish(params: { documentId: string }): Promise<unknown>;
}

interface AdminUserServiceLike {
  findOneByEmail(email: string): Promise<AdminUserRef | null>;
  create(attributes: {
    email: string;
    firstname: string;
    lastname: string;
    password: string;
    isActive: boolean;
    registrationToken: null;
    roles: number[];
  }): Promise<AdminUserRef>;
}

interface AdminRoleServiceLike {
  getSuperAdmin(): Promise<{ id: number } | null>;
  findOne(params: { code: string }): Promise<{ id: number } | null>;
}

/** lms-h5p's packages service: checks and extracts a .h5p already in the media library. */
interface H5pPackagesLike {
  importMediaFile(fileId: number, bytes: Buffer, adminUserId: number | null): Promise<unknown>;
}

interface UploadServiceLike {
  upload(
    input: {
      data: { fileInfo: { name: string; alternativeText: string; caption?: string } };
      files: { filepath: string; originalFilename: string; mimetype: string; size: number };
    },
    opts: { user?: AdminUserRef },
  ): Promise<MediaRef[]>;
}

interface LearnerServiceLike {
  add(values: {
    username: string;
    email: string;
    password: string;
    provider: 'local';
    confirmed: boolean;
    blocked: boolean;
    role: number;
    /** The cms's extension of the user (cms/src/extensions/users-permissions): printed on certificates. */
    fullName?: string;
  }): Promise<{ id: number; email: string }>;
}

/** knex's connection pool (tarn), the same for PostgreSQL and SQLite. */
interface PoolLike {
  numUsed(): number;
  numPendingAcquires(): number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createSeedAdapter(strapi: Core.Strapi) {
  const documents = (uid: SeedUid) => strapi.documents(uid as UID.ContentType) as unknown as DocumentServiceLike;
  const adminUsers = () => strapi.service('admin::user') as unknown as AdminUserServiceLike;
  const adminRoles = () => strapi.service('admin::role') as unknown as AdminRoleServiceLike;

  return {
    /** The draft version of the first document matching `filters` (every document has one). */
    async findDocument(uid: SeedUid, filters: Filters): Promise<DocumentRef | null> {
      return documents(uid).findFirst({ filters, status: 'draft', fields: ['documentId'] });
    },

    async isPublished(uid: SeedUid, documentId: string): Promise<boolean> {
      const published = await documents(uid).findFirst({ filters: { documentId }, status: 'published', fields: ['documentId'] });
      return published !== null;
    },

    /**
     * Creates the draft and publishes it in one call, owned by `ownerId`. The Document Service
     * takes the creator fields from `data`, as the content-manager does when an admin saves
     * (it merges `createdBy`/`updatedBy` = the signed-in user into the body); publishing copies
     * them from the draft to the published row.
     */
    async createPublished(uid: SeedUid, data: Record<string, unknown>, ownerId: number): Promise<DocumentRef> {
      return documents(uid).create({
        data: { ...data, createdBy: ownerId, updatedBy: ownerId },
        status: 'published',
        fields: ['documentId'],
      });
    },

    async publish(uid: SeedUid, documentId: string): Promise<void> {
      await documents(uid).publish({ documentId });
    },

    /**
     * Waits until no query has been running or queued for `quietMs` (at most `timeoutMs`).
     * The Document Service emits entry.create/entry.publish after commit without awaiting them
     * (each reloads the entry first), so those queries are still running when create() resolves;
     * a caller that destroys Strapi right away gets an unhandled "aborted" from the pool.
     */
    async settle({ quietMs = 150, timeoutMs = 15_000 } = {}): Promise<void> {
      const pool = (strapi.db.connection.client as { pool?: PoolLike }).pool;
      if (!pool) return;
      const deadline = Date.now() + timeoutMs;
      let quietSince = Date.now();
      while (Date.now() < deadline) {
        if (pool.numUsed() > 0 || pool.numPendingAcquires() > 0) quietSince = Date.now();
        else if (Date.now() - quietSince >= quietMs) return;
        await sleep(20);
      }
    },

    async superAdminRoleId(): Promise<number> {
      const role = await adminRoles().getSuperAdmin();
      if (!role) throw new Error('the Super Admin role does not exist; was the admin plugin bootstrapped?');
      return role.id;
    },

    async adminRoleIdByCode(code: string): Promise<number> {
      const role = await adminRoles().findOne({ code });
      if (!role) throw new Error(`admin role "${code}" does not exist; the cms bootstrap creates it (cms/src/bootstrap/instructor-role.ts)`);
      return role.id;
    },

    async findAdminUser(email: string): Promise<AdminUserRef | null> {
      return adminUsers().findOneByEmail(email);
    },

    /** An active admin user who can sign in at once (no registration link); the service hashes the password. */
    async createAdminUser(input: { email: string; firstname: string; lastname: string; password: string; roleId: number }): Promise<AdminUserRef> {
      const { roleId, ...user } = input;
      return adminUsers().create({ ...user, isActive: true, registrationToken: null, roles: [roleId] });
    },

    async authenticatedRoleId(): Promise<number> {
      const role = (await strapi.db
        .query('plugin::users-permissions.role')
        .findOne({ where: { type: 'authenticated' }, select: ['id'] })) as { id: number } | null;
      if (!role) throw new Error('the users-permissions Authenticated role does not exist');
      return role.id;
    },

    async findLearner(email: string): Promise<{ id: number } | null> {
      return (await strapi.db
        .query('plugin::users-permissions.user')
        .findOne({ where: { email: email.toLowerCase() }, select: ['id'] })) as { id: number } | null;
    },

    /** Through users-permissions' own service, which (via the Document Service) hashes the password. */
    async createLearner(input: { username: string; email: string; password: string; roleId: number; fullName?: string }): Promise<{ id: number }> {
      const service = strapi.plugin('users-permissions').service('user') as unknown as LearnerServiceLike;
      return service.add({
        username: input.username,
        email: input.email.toLowerCase(),
        password: input.password,
        provider: 'local',
        confirmed: true,
        blocked: false,
        role: input.roleId,
        ...(input.fullName ? { fullName: input.fullName } : {}),
      });
    },

    async findMedia(name: string): Promise<MediaRef | null> {
      return (await strapi.db
        .query('plugin::upload.file')
        .findOne({ where: { name }, select: ['id', 'name'], orderBy: { id: 'asc' } })) as MediaRef | null;
    },

    /** Uploads through the upload plugin (provider, thumbnails and formats as for an admin upload); `owner` becomes createdBy. */
    async uploadMedia(file: FileToUpload, size: number, owner: AdminUserRef): Promise<MediaRef> {
      const service = strapi.plugin('upload').service('upload') as unknown as UploadServiceLike;
      const [uploaded] = await service.upload(
        {
          data: { fileInfo: { name: file.name, alternativeText: file.alternativeText, caption: file.caption } },
          files: { filepath: file.filepath, originalFilename: file.name, mimetype: file.mimetype, size },
        },
        { user: owner },
      );
      if (!uploaded) throw new Error(`uploading ${file.name} returned no file`);
      // An H5P package is checked and extracted by lms-h5p, so the lesson's H5P block can play it.
      const h5p = file.name.toLowerCase().endsWith('.h5p') ? strapi.plugin('lms-h5p')?.service('packages') : undefined;
      if (h5p) await (h5p as unknown as H5pPackagesLike).importMediaFile(uploaded.id, fs.readFileSync(file.filepath), owner.id);
      return uploaded;
    },
  };
}

export type SeedAdapter = ReturnType<typeof createSeedAdapter>;
