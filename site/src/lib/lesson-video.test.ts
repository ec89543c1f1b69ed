import { describe, expect, it } from 'vitest';
import { planVideo } from './lesson-video';

const CMS = 'http://cms.test';
const block = (over: Partial<Parameters<typeof planVideo>[0]>) =>
  ({
    __component: 'blocks.video',
    id: 1,
    title: null,
    provider: 'url',
    url: null,
    file: null,
    completionThreshold: 90,
    durationSeconds: null,
    ...over,
  }) as Parameters<typeof planVideo>[0];
const media = (url: string) => ({ url, alternativeText: null, width: null, height: null, mime: 'video/mp4', name: 'v.mp4', size: 100, ext: '.mp4' });

describe('planVideo', () => {
  it('turns YouTube and Vimeo links into click-to-load posters', () => {
    expect(planVideo(block({ provider: 'youtube', url: 'https://youtu.be/dQw4w9WgXcQ' }), CMS)).toMatchObject({
      kind: 'hosted',
      video: { provider: 'youtube' },
    });
    expect(planVideo(block({ provider: 'url', url: 'https://vimeo.com/76979871' }), CMS)).toMatchObject({ kind: 'hosted' });
  });

  it('plays uploads from the cms with metadata preloaded', () => {
    expect(planVideo(block({ provider: 'upload', file: media('/uploads/v.mp4') }), CMS)).toEqual({
      kind: 'file',
      src: 'http://cms.test/uploads/v.mp4',
      preload: 'metadata',
    });
  });

  it('loads nothing from other hosts until play', () => {
    expect(planVideo(block({ provider: 'url', url: 'https://cdn.example.com/v.mp4' }), CMS)).toEqual({
      kind: 'file',
      src: 'https://cdn.example.com/v.mp4',
      preload: 'none',
    });
  });

  it('never puts a provider page or unsafe URL into a <video>', () => {
    expect(planVideo(block({ provider: 'youtube', url: 'https://www.youtube.com/channel/abc' }), CMS)).toEqual({
      kind: 'link',
      href: 'https://www.youtube.com/channel/abc',
    });
    expect(planVideo(block({ provider: 'url', url: 'javascript:alert(1)' }), CMS)).toEqual({ kind: 'missing' });
    expect(planVideo(block({ provider: 'upload' }), CMS)).toEqual({ kind: 'missing' });
  });
});
