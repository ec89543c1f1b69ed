import { describe, expect, it } from 'vitest';
import { parseHostedVideo } from './video';

describe('parseHostedVideo', () => {
  it('reads the YouTube URL shapes', () => {
    for (const url of [
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10',
      'https://youtu.be/dQw4w9WgXcQ',
      'https://www.youtube.com/embed/dQw4w9WgXcQ',
      'https://m.youtube.com/shorts/dQw4w9WgXcQ',
    ]) {
      expect(parseHostedVideo(url), url).toMatchObject({
        provider: 'youtube',
        id: 'dQw4w9WgXcQ',
        watchUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
        embedUrl: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0',
      });
    }
  });

  it('reads Vimeo URLs', () => {
    expect(parseHostedVideo('https://vimeo.com/76979871')).toMatchObject({ provider: 'vimeo', id: '76979871' });
    expect(parseHostedVideo('https://player.vimeo.com/video/76979871?h=x')).toMatchObject({ id: '76979871' });
  });

  it('refuses everything else', () => {
    for (const url of ['https://example.com/v.mp4', 'javascript:alert(1)', 'not a url', 'https://youtube.com/watch?v="><x', null]) {
      expect(parseHostedVideo(url), String(url)).toBeNull();
    }
  });
});
