/**
 * Why a package or a statement was refused. `code` is stable (tests and the admin page read it),
 * `message` names the problem in words an instructor can act on, `entry` the archive path at fault.
 */
export type H5pErrorCode =
  | 'empty-file'
  | 'package-too-large'
  | 'not-a-zip'
  | 'too-many-entries'
  | 'entry-too-large'
  | 'uncompressed-too-large'
  | 'size-mismatch'
  | 'unsafe-path'
  | 'symlink'
  | 'encrypted'
  | 'forbidden-extension'
  | 'missing-h5p-json'
  | 'bad-json'
  | 'bad-h5p-json'
  | 'missing-content'
  | 'missing-library'
  | 'bad-library';

export class H5pPackageError extends Error {
  override readonly name = 'H5pPackageError';
  constructor(
    readonly code: H5pErrorCode,
    message: string,
    readonly entry?: string,
  ) {
    super(message);
  }
}
