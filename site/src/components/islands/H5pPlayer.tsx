import type { XapiResponse } from '@contracts/h5p';
import { useEffect, useRef, useState } from 'preact/hooks';
import { lessonCompleted } from '../../lib/client/lesson-progress';
import { siteApi } from '../../lib/client/site-api';

interface Props {
  /** The extracted package's folder URL (h5pJsonPath). */
  packageUrl: string;
  title: string;
  frameJs: string;
  frameCss: string;
  lessonDocumentId: string;
  /** The H5P block's id, which the xAPI route checks against the lesson. */
  blockId: number;
}

const VERBS = new Set(['http://adlnet.gov/expapi/verbs/answered', 'http://adlnet.gov/expapi/verbs/completed']);

interface XapiStatement {
  verb?: { id?: string };
  result?: { score?: { scaled?: number } };
  context?: { contextActivities?: { parent?: unknown[] } };
}

interface H5pGlobal {
  externalDispatcher?: { on(event: 'xAPI', listener: (event: { data: { statement: XapiStatement } }) => void): void };
}

/**
 * An H5P activity, played with h5p-standalone from the package the cms extracted, its frame
 * script and styles served by this site. The player (and its 17 KB loader) loads only when the
 * block scrolls into view. Every top-level `answered` or `completed` statement with a score is
 * sent to the site, which forwards it to the cms: the result is stored, and the lesson completes
 * when the activity is all it asks for.
 */
export default function H5pPlayer({ packageUrl, title, frameJs, frameCss, lessonDocumentId, blockId }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const [note, setNote] = useState('Loading the activity…');

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let cancelled = false;

    async function send(statement: XapiStatement) {
      const result = await siteApi<XapiResponse>('POST', '/api/h5p/xapi', { lesson: lessonDocumentId, block: blockId, statement });
      if (cancelled) return;
      if (!result.ok) {
        setNote(result.status === 401 ? 'Log in again to record your result.' : `Your result was not recorded: ${result.message}`);
        return;
      }
      const { recorded, result: stored, lesson } = result.body.data;
      if (!recorded || !stored) return;
      const score = `Your result is recorded: ${stored.latestPercent}%${stored.attempts > 1 ? ` (best ${stored.bestPercent}%)` : ''}.`;
      if (lesson?.completedNow && lesson.course) {
        lessonCompleted({
          lessonDocumentId,
          courseProgress: lesson.course.progress,
          lessonsCompleted: lesson.course.lessonsCompleted,
          lessonsTotal: lesson.course.lessonsTotal,
        });
        setNote(`${score} This lesson is complete.`);
      } else setNote(score);
    }

    (async () => {
      const { H5P: H5PStandalone } = await import('h5p-standalone');
      if (cancelled) return;
      // h5p-standalone treats a URL whose host has no letters after a dot (127.0.0.1, localhost,
      // an intranet name) as a path on this site; the package's URL is already absolute, so it is
      // used as given.
      const base = packageUrl.replace(/\/+$/, '');
      class SelfHostedPlayer extends H5PStandalone {
        override getH5PPaths() {
          return { h5pJsonPath: base, contentJsonPath: `${base}/content`, librariesPath: base };
        }
      }
      await new SelfHostedPlayer(element, { h5pJsonPath: base, frameJs, frameCss, embedType: 'iframe', frame: false, copyright: false, export: false, icon: false });
      if (cancelled) return;
      // The player's iframe is named after the activity (screen readers announce frames by title).
      element.querySelector('iframe')?.setAttribute('title', title);
      setNote('');
      const h5p = (window as unknown as { H5P?: H5pGlobal }).H5P;
      h5p?.externalDispatcher?.on('xAPI', (event) => {
        const statement = event.data.statement;
        const isTopLevel = (statement.context?.contextActivities?.parent?.length ?? 0) === 0;
        if (statement.verb?.id && VERBS.has(statement.verb.id) && isTopLevel && statement.result?.score) void send(statement);
      });
    })().catch((error: unknown) => {
      if (!cancelled) setNote(`The activity could not be loaded (${error instanceof Error ? error.message : String(error)}). Reload the page to try again.`);
    });
    return () => {
      cancelled = true;
    };
  }, [packageUrl, title, lessonDocumentId, blockId]);

  return (
    <>
      <div ref={container} class="h5p-player__frame" data-h5p-block={blockId} />
      <p class="h5p-player__note" role="status">
        {note}
      </p>
    </>
  );
}
