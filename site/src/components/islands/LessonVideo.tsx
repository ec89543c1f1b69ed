import type { VideoProgressResponse } from '@contracts/enrollment';
import { useEffect, useRef, useState } from 'preact/hooks';
import { lessonCompleted } from '../../lib/client/lesson-progress';
import { siteApi } from '../../lib/client/site-api';
import { WatchTracker } from '../../lib/watch-tracker';

interface Props {
  src: string;
  preload: 'metadata' | 'none';
  title: string;
  lessonDocumentId: string;
  /** The video block's id, which the progress route checks against the lesson. */
  blockId: number;
  /** The lesson is complete already (reports still count time spent). */
  done: boolean;
}

/** How often (seconds of playback) the player reports while the video plays. */
const REPORT_EVERY_SECONDS = 10;

/**
 * An uploaded lesson video. The server renders a plain <video> that plays without JavaScript;
 * once hydrated it reports progress to the site (every ~10 s of playback, on pause, at the end
 * and when the page is hidden), and the lesson completes when the video block's threshold is
 * reached.
 */
export default function LessonVideo({ src, preload, title, lessonDocumentId, blockId, done }: Props) {
  const video = useRef<HTMLVideoElement>(null);
  const [note, setNote] = useState('');

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    const url = `/api/lessons/${encodeURIComponent(lessonDocumentId)}/progress`;
    const tracker = new WatchTracker(REPORT_EVERY_SECONDS);
    let sending = false;
    let completed = done;
    let refused = false;

    async function send(keepalive = false) {
      if (refused || (sending && !keepalive)) return;
      const report = tracker.take();
      if (!report) return;
      sending = true;
      const result = await siteApi<VideoProgressResponse>('POST', url, { blockId, ...report }, { keepalive });
      sending = false;
      if (!result.ok) {
        // Signed out or no access: stop reporting; anything else is retried with the next report.
        if (result.status === 401 || result.status === 403 || result.status === 404) refused = true;
        else tracker.giveBack(report);
        return;
      }
      const { course, completedNow } = result.body.data;
      if (completedNow && !completed) {
        completed = true;
        lessonCompleted({
          lessonDocumentId,
          courseProgress: course.progress,
          lessonsCompleted: course.lessonsCompleted,
          lessonsTotal: course.lessonsTotal,
        });
        setNote('You have watched enough of the video: this lesson is complete.');
      }
    }

    const sample = () => tracker.sample(element.currentTime, element.duration);
    const onTime = () => {
      sample();
      if (tracker.due) void send();
    };
    const onSeek = () => tracker.seeked(element.currentTime);
    const onStop = () => {
      sample();
      void send();
    };
    const onHidden = () => {
      if (document.visibilityState !== 'hidden') return;
      sample();
      void send(true);
    };
    element.addEventListener('timeupdate', onTime);
    element.addEventListener('seeking', onSeek);
    element.addEventListener('seeked', onSeek);
    element.addEventListener('pause', onStop);
    element.addEventListener('ended', onStop);
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      element.removeEventListener('timeupdate', onTime);
      element.removeEventListener('seeking', onSeek);
      element.removeEventListener('seeked', onSeek);
      element.removeEventListener('pause', onStop);
      element.removeEventListener('ended', onStop);
      document.removeEventListener('visibilitychange', onHidden);
    };
  }, [lessonDocumentId, blockId, done]);

  return (
    <>
      <video ref={video} controls preload={preload} src={src} title={title} data-lesson-video={blockId}>
        <a href={src}>Download the video</a>
      </video>
      <p class="lesson-video__note" role="status">
        {note}
      </p>
    </>
  );
}
