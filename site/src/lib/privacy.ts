import type { ErasureResponse, MyExportsResponse, RequestExportResponse } from '../../../plugins/lms-core/server/src/contracts/privacy';
import { createCmsHttp, type CmsHttpOptions } from './cms-http';
import { siteConfig } from './config';

const PRIVACY = '/api/lms-core/privacy';

export type { ErasureRequest, ErasureResponse, MyExportsResponse, PrivacyExport, RequestExportResponse } from '../../../plugins/lms-core/server/src/contracts/privacy';

/** The site server's calls to the learner's data-rights routes (decision 036), with the session's token. */
export function createPrivacyClient(options: CmsHttpOptions) {
  const request = createCmsHttp(options);
  return {
    exports(token: string) {
      return request<MyExportsResponse>('GET', `${PRIVACY}/me/exports`, { token });
    },
    requestExport(token: string) {
      return request<RequestExportResponse>('POST', `${PRIVACY}/me/export`, { token, body: {} });
    },
    erasure(token: string) {
      return request<ErasureResponse>('GET', `${PRIVACY}/me/erasure`, { token });
    },
    requestErasure(token: string, password: string) {
      return request<ErasureResponse>('POST', `${PRIVACY}/me/erasure`, { token, body: { password, confirm: true } });
    },
  };
}

export type PrivacyClient = ReturnType<typeof createPrivacyClient>;

let client: PrivacyClient | undefined;
export function privacy(): PrivacyClient {
  client ??= createPrivacyClient({ baseUrl: siteConfig().cmsUrl, internalSecret: siteConfig().internalSecret });
  return client;
}
