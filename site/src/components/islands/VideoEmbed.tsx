import { useEffect, useRef, useState } from 'preact/hooks';

interface Props {
  provider: 'youtube' | 'vimeo';
  title: string;
  watchUrl: string;
  embedUrl: string;
}

const PROVIDER_NAMES = { youtube: 'YouTube', vimeo: 'Vimeo' } as const;

/**
 * A YouTube or Vimeo video that loads nothing from the provider until the visitor asks: the
 * server renders a link to the video's page (which works without JavaScript), and once hydrated
 * a click swaps in the provider's player instead.
 */
export default function VideoEmbed({ provider, title, watchUrl, embedUrl }: Props) {
  const [playing, setPlaying] = useState(false);
  const frame = useRef<HTMLIFrameElement>(null);
  const name = PROVIDER_NAMES[provider];

  // The link a keyboard user activated is gone; keep their focus on what replaced it.
  useEffect(() => {
    if (playing) frame.current?.focus();
  }, [playing]);

  if (playing) {
    return (
      <div class="video-embed">
        <iframe
          ref={frame}
          src={embedUrl}
          title={title}
          allow="autoplay; encrypted-media; picture-in-picture; fullscreen"
          allowFullScreen
          referrerpolicy="strict-origin-when-cross-origin"
        />
      </div>
    );
  }

  return (
    <a
      class="video-embed video-embed--poster"
      href={watchUrl}
      rel="noopener noreferrer"
      onClick={(event) => {
        // Keep the usual behaviour for new-tab clicks.
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        setPlaying(true);
      }}
    >
      <span class="video-embed__play" aria-hidden="true">
        <svg width="28" height="28" viewBox="0 0 24 24" fill="currentColor">
          <path d="M8 5.5v13l10.5-6.5z" />
        </svg>
      </span>
      <span class="video-embed__label">
        Play “{title}”
        <span class="video-embed__note">Loads the {name} player</span>
      </span>
    </a>
  );
}
