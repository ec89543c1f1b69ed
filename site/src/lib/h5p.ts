import type { PlayerResponse, XapiRequestBody, XapiResponse } from '@contracts/h5p';
import { createCmsHttp, type CmsHttpOptions } from './cms-http';
import { siteConfig } from './config';
import { cmsMedia } from './site';

const H5P = '/api/lms-h5p';
const DOCUMENT_ID = /^[A-Za-z0-9]{1,64}$/;

/** Where the H5P player's own frame script and styles are served from (copied at build time). */
export const H5P_PLAYER_ASSETS = { frameJs: '/h5p-player/frame.bundle.js', frameCss: '/h5p-player/styles/h5p.css' } as const;

/** The cms calls of the H5P player: where a block's package is, and a learner's xAPI statement. */
export function createH5pClient(options: CmsHttpOptions) {
  const request = createCmsHttp(options);
  return {
    player(lessonDocumentId: string, blockId: number) {
      if (!DOCUMENT_ID.test(lessonDocumentId) || !Number.isSafeInteger(blockId) || blockId < 1) throw new Error('h5p player: bad lesson or block id');
      return request<PlayerResponse>('GET', `${H5P}/lessons/${lessonDocumentId}/blocks/${blockId}/player`);
    },
    recordStatement(token: string, body: XapiRequestBody) {
      return request<XapiResponse>('POST', `${H5P}/xapi`, { token, body });
    },
  };
}

let client: ReturnType<typeof createH5pClient> | undefined;

export function h5p(): ReturnType<typeof createH5pClient> {
  client ??= createH5pClient({ baseUrl: siteConfig().cmsUrl, internalSecret: siteConfig().internalSecret });
  return client;
}

/** The absolute URL of a block's extracted package (h5pJsonPath), or null when there is none to play. */
export async function h5pPackageUrl(lessonDocumentId: string, blockId: number): Promise<{ url: string; title: string } | null> {
  const outcome = await h5p().player(lessonDocumentId, blockId);
  if (!outcome.ok || !outcome.body.data.package) return null;
  const url = cmsMedia(outcome.body.data.package.baseUrl);
  return url ? { url: url.replace(/\/?$/, '/'), title: outcome.body.data.package.title } : null;
}
