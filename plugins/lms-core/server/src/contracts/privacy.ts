/**
 * Request and response shapes of the data-rights routes (decision 036), shared by the server
 * controllers, the admin page and the site (type-only imports). Instants are ISO 8601 in UTC.
 */

/** One export archive of the signed-in learner. */
export interface PrivacyExport {
  id: number;
  /** `expired`: the archive was removed after its retention; ask for a new one. */
  status: 'pending' | 'ready' | 'failed' | 'expired';
  requestedAt: string;
  readyAt: string | null;
  expiresAt: string | null;
  sizeBytes: number | null;
  /** Absolute signed link while the archive is ready (no login needed while it lives); null otherwise. */
  downloadUrl: string | null;
  downloadExpiresAt: string | null;
}

/** POST /api/lms-core/privacy/me/export → 202; 429 within the cooldown. */
export interface RequestExportResponse {
  data: PrivacyExport;
}

/** GET /api/lms-core/privacy/me/exports: the newest ten. */
export interface MyExportsResponse {
  data: PrivacyExport[];
}

/** POST /api/lms-core/privacy/me/erasure: the learner's current password and an explicit confirmation. */
export interface RequestErasureRequest {
  password: string;
  confirm: true;
}

export interface ErasureRequest {
  id: number;
  /** Null once completed: the anonymous reference is what remains. */
  userId: number | null;
  email: string | null;
  username: string | null;
  /** `erased:<16 hex>`: where records must survive (payments), this names the person no more. */
  reference: string;
  status: 'requested' | 'completed' | 'cancelled';
  requestedAt: string;
  completedAt: string | null;
  completedBy: number | null;
  /** Providers that ran, once completed. */
  providers: string[];
}

/** POST /me/erasure → 201; GET /me/erasure → the latest request or null. */
export interface ErasureResponse {
  data: ErasureRequest | null;
}

/** GET /lms-core/privacy/erasures (admin, plugin::lms-core.privacy.read). */
export interface ListErasuresResponse {
  data: ErasureRequest[];
  meta: { pagination: { page: number; pageSize: number; pageCount: number; total: number } };
}

/** POST /lms-core/privacy/erasures/:id/complete (admin, plugin::lms-core.privacy.erase). */
export interface CompleteErasureResponse {
  data: ErasureRequest;
}
