import { siteConfig } from './config';
import { mediaUrl } from './urls';

/** The product name shown in the header, titles and footer. */
export const SITE_NAME = 'LMS';

/** A cms media URL as the browser should load it (uploads live on the cms's public URL). */
export function cmsMedia(url: string | null | undefined): string | null {
  return mediaUrl(url, siteConfig().publicUrl);
}

/**
 * Cache-Control for HTML that is the same for every visitor: as long as the catalog data cache,
 * so a page is never older than the data behind it allows. 0 (tests, development) means revalidate.
 */
export function publicPageCache(): string {
  const seconds = siteConfig().site.cacheSeconds;
  return seconds > 0 ? `public, max-age=${seconds}, stale-while-revalidate=${seconds * 6}` : 'no-cache';
}
