import { sendJson } from './api';

/** The admin's content-manager API, where authors create and publish documents. */
export const CONTENT_MANAGER = '/content-manager/collection-types';

/** Creates a document through the admin's content-manager (as an author would) and publishes it. */
export async function publishDoc(admin: Record<string, string>, uid: string, data: Record<string, unknown>): Promise<string> {
  const created = await sendJson<{ data: { documentId: string } }>('POST', `${CONTENT_MANAGER}/${uid}`, data, admin);
  if (created.status !== 201) throw new Error(`create ${uid}: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.data.documentId;
  const published = await sendJson('POST', `${CONTENT_MANAGER}/${uid}/${id}/actions/publish`, {}, admin);
  if (published.status !== 200) throw new Error(`publish ${uid} ${id}: ${published.status} ${JSON.stringify(published.body)}`);
  return id;
}

/** A relation to one document, in the content-manager's input shape. */
export const connect = (documentId: string) => ({ connect: [{ documentId }] });

/** A lesson's rich-text block of one paragraph. */
export const richText = (text: string) => ({ __component: 'blocks.rich-text', body: [{ type: 'paragraph', children: [{ type: 'text', text }] }] });
