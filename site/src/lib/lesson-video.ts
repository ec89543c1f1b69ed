import type { LessonBlock } from '@contracts/catalog';
import { mediaUrl, sanitizeLink } from './urls';
import { parseHostedVideo, type HostedVideo } from './video';

type VideoBlock = Extract<LessonBlock, { __component: 'blocks.video' }>;

/** How the lesson reader shows a video block. */
export type VideoPlan =
  | { kind: 'hosted'; video: HostedVideo }
  /** A file the <video> element plays; `preload` is "none" for files on other hosts. */
  | { kind: 'file'; src: string; preload: 'metadata' | 'none' }
  /** A provider link we cannot embed: offered as a plain link. */
  | { kind: 'link'; href: string }
  | { kind: 'missing' };

/**
 * Decides how to show a video without loading anything from a third party on page view:
 * YouTube/Vimeo get a click-to-load poster, files on the cms get <video preload="metadata">,
 * and files elsewhere get <video preload="none"> so the browser waits for the play button.
 */
export function planVideo(block: VideoBlock, publicCmsUrl: string): VideoPlan {
  const hosted = parseHostedVideo(block.url);
  if (hosted && block.provider !== 'upload') return { kind: 'hosted', video: hosted };

  const fileSrc = mediaUrl(block.file?.url, publicCmsUrl);
  if (fileSrc) return { kind: 'file', src: fileSrc, preload: sameOrigin(fileSrc, publicCmsUrl) ? 'metadata' : 'none' };

  const link = sanitizeLink(block.url);
  if (!link || !/^https?:/i.test(link.href)) return { kind: 'missing' };
  if (block.provider === 'youtube' || block.provider === 'vimeo') return { kind: 'link', href: link.href };
  return { kind: 'file', src: link.href, preload: sameOrigin(link.href, publicCmsUrl) ? 'metadata' : 'none' };
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
