import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Core } from '@strapi/strapi';
import { forbidden, invalidInput, notFound } from '@lms/plugin-lms-core/server';
import { editableCourses, lessonsOf, uploadOf, type LessonWithH5p, type MediaFile, type ProviderFile } from '../adapters/strapi';
import { checkPackage, DEFAULT_LIMITS, extensionOf, H5pPackageError, libraryName, mimeOf, type CheckedPackage, type PackageLimits } from '../domain';
import { PACKAGES_TABLE } from '../migrations';

export interface StoredPackage {
  id: number;
  fileId: number;
  folder: string;
  baseUrl: string;
  sha256: string;
  title: string;
  mainLibrary: string;
  libraries: string[];
  fileCount: number;
  uncompressedBytes: number;
  createdAt: Date;
}

type Row = Record<string, unknown>;

function toStored(row: Row): StoredPackage {
  return {
    id: Number(row.id),
    fileId: Number(row.file_id),
    folder: String(row.folder),
    baseUrl: String(row.base_url),
    sha256: String(row.sha256),
    title: String(row.title),
    mainLibrary: String(row.main_library),
    libraries: JSON.parse(String(row.libraries)) as string[],
    fileCount: Number(row.file_count),
    uncompressedBytes: Number(row.uncompressed_bytes),
    createdAt: new Date(row.created_at as string),
  };
}

export interface AdminUserLike {
  id: number;
  roles?: Array<{ code?: string }>;
}

export interface IncomingUpload {
  filepath: string;
  name: string;
  size: number;
  mimetype: string;
}

/** How many extracted files are written to the provider at once. */
const PARALLEL_WRITES = 8;

/**
 * H5P packages: check an uploaded `.h5p`, put it in the media library, extract its files to the
 * upload provider (local or S3) under h5p/<file hash>/, record it, and optionally point a draft
 * lesson's H5P block at it. A refused package leaves nothing behind: no media file, no extracted
 * file, no row.
 */
export const createPackagesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const db = () => strapi.db.connection;
  const limits = (): PackageLimits => ({ ...DEFAULT_LIMITS, ...(strapi.config.get('plugin::lms-h5p.limits', {}) as Partial<PackageLimits>) });

  /** The draft lesson and its H5P block, after checking the admin user may change it. */
  async function editableBlock(user: AdminUserLike, lessonDocumentId: string, blockId: number): Promise<LessonWithH5p> {
    const lesson = await lessonsOf(strapi).draftLesson(lessonDocumentId);
    if (!lesson) throw notFound('lesson', lessonDocumentId);
    const scope = await editableCourses(strapi, user);
    if (scope !== 'all' && !(lesson.courseDocumentId && scope.has(lesson.courseDocumentId))) {
      throw forbidden(`lesson "${lesson.title}" is not in one of your courses; only its course's instructors and admins can change its H5P activity`, { code: 'not-your-course' });
    }
    if (!lesson.blocks.some((b) => b.id === blockId)) {
      const ids = lesson.blocks.map((b) => b.id);
      throw invalidInput('block', `lesson "${lesson.title}" (draft) has no H5P block ${blockId}; ${ids.length ? `its H5P blocks are ${ids.join(', ')}` : 'add an "H5P activity" block to it first'}`);
    }
    return lesson;
  }

  async function extract(pkg: CheckedPackage, media: MediaFile): Promise<{ folder: string; baseUrl: string }> {
    const folder = `h5p/${media.hash}`;
    const upload = uploadOf(strapi);
    const written: ProviderFile[] = [];
    let baseUrl: string | null = null;
    try {
      for (let i = 0; i < pkg.files.length; i += PARALLEL_WRITES) {
        await Promise.all(
          pkg.files.slice(i, i + PARALLEL_WRITES).map(async (f) => {
            const ext = extensionOf(f.path);
            const file: ProviderFile = {
              name: f.path.slice(f.path.lastIndexOf('/') + 1),
              hash: `${folder}/${f.path.slice(0, f.path.length - ext.length - 1)}`,
              ext: `.${ext}`,
              mime: mimeOf(f.path),
              size: Math.round((f.data.length / 1024) * 100) / 100,
              sizeInBytes: f.data.length,
              buffer: f.data,
            };
            await upload.put(file);
            written.push(file);
            if (f.path === 'h5p.json') baseUrl = (file.url ?? '').replace(/h5p\.json$/, '');
          }),
        );
      }
      if (!baseUrl) throw new Error('the upload provider returned no URL for h5p.json');
      return { folder, baseUrl };
    } catch (error) {
      await Promise.all(written.map((f) => upload.remove(f).catch(() => undefined)));
      throw error;
    }
  }

  async function insertPackage(pkg: CheckedPackage, bytes: Buffer, media: MediaFile, extracted: { folder: string; baseUrl: string }, createdBy: number | null): Promise<Row> {
    const [row] = (await db()(PACKAGES_TABLE)
      .insert({
        file_id: media.id,
        folder: extracted.folder,
        base_url: extracted.baseUrl,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        title: pkg.title,
        main_library: libraryName(pkg.mainLibrary),
        libraries: JSON.stringify(pkg.libraries),
        file_count: pkg.files.length,
        uncompressed_bytes: pkg.uncompressedBytes,
        created_by: createdBy,
        created_at: new Date(),
      })
      .returning('*')) as Row[];
    return row as Row;
  }

  async function removeExtracted(pkg: CheckedPackage, folder: string) {
    const upload = uploadOf(strapi);
    await Promise.all(
      pkg.files.map((f) => {
        const ext = extensionOf(f.path);
        return upload
          .remove({ name: '', hash: `${folder}/${f.path.slice(0, f.path.length - ext.length - 1)}`, ext: `.${ext}`, mime: '', size: 0, sizeInBytes: 0, buffer: Buffer.alloc(0) })
          .catch(() => undefined);
      }),
    );
  }

  return {
    /**
     * Checks and stores an uploaded package; with `attach`, points that draft block at it.
     * 400 (`details.code` from the validator, `details.entry` the archive path) for a bad package.
     */
    async uploadPackage(user: AdminUserLike, upload: IncomingUpload, attach: { lesson: string; block: number } | null) {
      const lesson = attach ? await editableBlock(user, attach.lesson, attach.block) : null;
      if (!/\.h5p$/i.test(upload.name)) throw invalidInput('file', `"${upload.name}" is not an .h5p file; export the activity from an H5P editor as .h5p`, { code: 'not-h5p' });
      const bytes = await readFile(upload.filepath);
      let pkg: CheckedPackage;
      try {
        pkg = await checkPackage(bytes, limits());
      } catch (error) {
        if (error instanceof H5pPackageError) {
          throw invalidInput('file', `"${upload.name}" is not a usable H5P package: ${error.message}`, { code: error.code, ...(error.entry ? { entry: error.entry } : {}) });
        }
        throw error;
      }

      const media = await uploadOf(strapi).addToMediaLibrary({ ...upload, mimetype: 'application/zip' }, user.id);
      let extracted: { folder: string; baseUrl: string } | null = null;
      try {
        extracted = await extract(pkg, media);
        const row = await insertPackage(pkg, bytes, media, extracted, user.id);
        if (attach) await lessonsOf(strapi).setBlockPackage(attach.block, media.id);
        return { package: toStored(row), media, attachedTo: lesson && attach ? { lesson: lesson.documentId, lessonTitle: lesson.title, block: attach.block } : null };
      } catch (error) {
        if (extracted) {
          await db()(PACKAGES_TABLE).where({ file_id: media.id }).delete().catch(() => undefined);
          await removeExtracted(pkg, extracted.folder);
        }
        await uploadOf(strapi).removeFromMediaLibrary(media).catch(() => undefined);
        throw error;
      }
    },

    /**
     * Checks and extracts a `.h5p` that is already a media-library file (the demo seed uploads its
     * package through the upload plugin): same checks and layout as an upload, no new media file.
     * Answers the existing package when that file was extracted before.
     */
    async importMediaFile(fileId: number, bytes: Buffer, adminUserId: number | null): Promise<StoredPackage> {
      const existing = await this.findByFile(fileId);
      if (existing) return existing;
      const media = await uploadOf(strapi).findMedia(fileId);
      if (!media) throw notFound('media file', fileId);
      const pkg = await checkPackage(bytes, limits());
      const extracted = await extract(pkg, media);
      try {
        const row = await insertPackage(pkg, bytes, media, extracted, adminUserId);
        return toStored(row);
      } catch (error) {
        await removeExtracted(pkg, extracted.folder);
        throw error;
      }
    },

    /** Points a draft lesson's H5P block at a package uploaded before. */
    async attachPackage(user: AdminUserLike, lessonDocumentId: string, blockId: number, fileId: number) {
      const lesson = await editableBlock(user, lessonDocumentId, blockId);
      const pkg = await this.findByFile(fileId);
      if (!pkg) throw invalidInput('package', `media file ${fileId} is not an uploaded H5P package; upload the .h5p here first`, { code: 'not-a-package' });
      await lessonsOf(strapi).setBlockPackage(blockId, fileId);
      return { package: pkg, attachedTo: { lesson: lesson.documentId, lessonTitle: lesson.title, block: blockId } };
    },

    async findByFile(fileId: number): Promise<StoredPackage | null> {
      const row = (await db()(PACKAGES_TABLE).where({ file_id: fileId }).first()) as Row | undefined;
      return row ? toStored(row) : null;
    },

    async findByFiles(fileIds: readonly number[]): Promise<Map<number, StoredPackage>> {
      if (fileIds.length === 0) return new Map();
      const rows = (await db()(PACKAGES_TABLE).whereIn('file_id', [...new Set(fileIds)])) as Row[];
      return new Map(rows.map((r) => [Number(r.file_id), toStored(r)]));
    },

    /** Draft lessons with H5P blocks the admin user may change, each block with its package. */
    async lessonsFor(user: AdminUserLike) {
      const lessons = await lessonsOf(strapi).draftLessonsWithH5p(await editableCourses(strapi, user));
      const packages = await this.findByFiles(lessons.flatMap((l) => l.blocks.map((b) => b.packageFileId).filter((id): id is number => id !== null)));
      return lessons.map((l) => ({ ...l, blocks: l.blocks.map((b) => ({ ...b, package: b.packageFileId === null ? null : (packages.get(b.packageFileId) ?? null) })) }));
    },

    /**
     * What the site's player needs for a published lesson's H5P block: where the extracted
     * package is. null when the block has no package or it was never extracted here.
     */
    async playerFor(lessonDocumentId: string, blockId: number) {
      const lesson = await lessonsOf(strapi).publishedLesson(lessonDocumentId);
      if (!lesson) throw notFound('lesson', lessonDocumentId, 'it does not exist or is not published');
      const block = lesson.blocks.find((b) => b.id === blockId);
      if (!block) throw notFound('H5P block', blockId, `lesson "${lesson.title}" has no such H5P block`);
      const pkg = block.packageFileId === null ? null : await this.findByFile(block.packageFileId);
      return { lesson, block, package: pkg };
    },
  };
};

export type PackagesService = ReturnType<typeof createPackagesService>;
