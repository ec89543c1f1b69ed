/**
 * File extensions a package may contain: H5P core's default allow-lists (h5p.classes.php,
 * `$defaultContentWhitelist` and `$defaultLibraryWhitelistExtras`), without `swf` (Flash: no
 * browser plays it, and it is script). Content files use the content list; files inside a
 * library folder may also be JavaScript and CSS.
 */
export const CONTENT_EXTENSIONS: ReadonlySet<string> = new Set(
  (
    'json png jpg jpeg gif bmp tif tiff svg eot ttf woff woff2 otf webm mp4 ogg mp3 m4a wav txt pdf rtf ' +
    'doc docx xls xlsx ppt pptx odt ods odp xml csv diff patch md textile vtt webvtt gltf glb'
  ).split(' '),
);

export const LIBRARY_EXTRA_EXTENSIONS: ReadonlySet<string> = new Set(['js', 'css']);

/** Lower-case extension without the dot ('' when the name has none). */
export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** Whether a file at `path` may be in a package (`inLibrary`: under a library folder). */
export function isAllowedExtension(path: string, inLibrary: boolean): boolean {
  const ext = extensionOf(path);
  return CONTENT_EXTENSIONS.has(ext) || (inLibrary && LIBRARY_EXTRA_EXTENSIONS.has(ext));
}

/** Content type to store an extracted file with (the player fetches JSON, scripts, styles, media). */
const MIME: Record<string, string> = {
  json: 'application/json',
  js: 'text/javascript',
  css: 'text/css',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  svg: 'image/svg+xml',
  eot: 'application/vnd.ms-fontobject',
  ttf: 'font/ttf',
  woff: 'font/woff',
  woff2: 'font/woff2',
  otf: 'font/otf',
  webm: 'video/webm',
  mp4: 'video/mp4',
  ogg: 'audio/ogg',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  wav: 'audio/wav',
  txt: 'text/plain',
  md: 'text/markdown',
  pdf: 'application/pdf',
  xml: 'application/xml',
  csv: 'text/csv',
  vtt: 'text/vtt',
  webvtt: 'text/vtt',
  gltf: 'model/gltf+json',
  glb: 'model/gltf-binary',
};

export function mimeOf(path: string): string {
  return MIME[extensionOf(path)] ?? 'application/octet-stream';
}
