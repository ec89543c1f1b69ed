/** A video hosted by a third party, played only after the visitor asks for it. */
export interface HostedVideo {
  provider: 'youtube' | 'vimeo';
  id: string;
  /** The page on the provider's site (works without JavaScript). */
  watchUrl: string;
  /** The player to load in an iframe once the visitor clicks. */
  embedUrl: string;
}

const YOUTUBE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'youtube-nocookie.com', 'www.youtube-nocookie.com']);

/** Recognises YouTube and Vimeo links; null for anything else. */
export function parseHostedVideo(raw: string | null | undefined): HostedVideo | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.toLowerCase();

  let youtubeId: string | null = null;
  if (host === 'youtu.be') youtubeId = url.pathname.slice(1).split('/')[0] ?? null;
  else if (YOUTUBE_HOSTS.has(host)) {
    if (url.pathname === '/watch') youtubeId = url.searchParams.get('v');
    else youtubeId = /^\/(?:embed|shorts|live|v)\/([^/]+)/.exec(url.pathname)?.[1] ?? null;
  }
  if (youtubeId && /^[A-Za-z0-9_-]{6,20}$/.test(youtubeId)) {
    return {
      provider: 'youtube',
      id: youtubeId,
      watchUrl: `https://www.youtube.com/watch?v=${youtubeId}`,
      // The no-cookie host sets no tracking cookies until the video plays.
      embedUrl: `https://www.youtube-nocookie.com/embed/${youtubeId}?autoplay=1&rel=0`,
    };
  }

  if (host === 'vimeo.com' || host === 'www.vimeo.com' || host === 'player.vimeo.com') {
    const vimeoId = /\/(?:video\/)?(\d{3,12})(?:\/|$)/.exec(url.pathname)?.[1];
    if (vimeoId) {
      return {
        provider: 'vimeo',
        id: vimeoId,
        watchUrl: `https://vimeo.com/${vimeoId}`,
        embedUrl: `https://player.vimeo.com/video/${vimeoId}?autoplay=1&dnt=1`,
      };
    }
  }
  return null;
}
