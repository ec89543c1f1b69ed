import { z } from 'zod';

/** Strapi documentIds are short lower-case alphanumeric strings (cuid2). */
export const documentId = (what: string) =>
  z
    .string({ required_error: `expected the documentId of a ${what}`, invalid_type_error: `expected the documentId of a ${what}` })
    .trim()
    .regex(/^[a-z0-9]{1,64}$/i, `expected the documentId of a ${what} (letters and digits)`);

export const positiveId = (what: string) =>
  z.coerce
    .number({ invalid_type_error: `expected the numeric id of ${what}` })
    .int(`expected the numeric id of ${what}`)
    .positive(`expected the numeric id of ${what}`);

export const reason = z
  .string({ required_error: 'say why (it is kept with the enrollment)', invalid_type_error: 'expected text' })
  .trim()
  .min(3, 'say why in a few words (it is kept with the enrollment)')
  .max(2000, 'keep it under 2000 characters');
