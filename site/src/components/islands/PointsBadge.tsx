import type { BadgeView, MeResponse } from '@contracts/gamification';
import { createPortal } from 'preact/compat';
import { useEffect, useState } from 'preact/hooks';
import { onLessonCompleted } from '../../lib/client/lesson-progress';
import { siteApi } from '../../lib/client/site-api';

type Me = MeResponse['data'];

/** Awards land a moment after the lesson is marked complete (through the queue): ask again a few times. */
const AFTER_COMPLETION_MS = [1_500, 4_000, 9_000];

/**
 * The header's points and level, and a toast for each badge the learner has not been shown yet
 * (then marked seen). Hydrated when the browser is idle; asks again after a lesson is completed
 * on the page and when the tab comes back into view.
 */
export default function PointsBadge() {
  const [me, setMe] = useState<Me | null>(null);
  const [toasts, setToasts] = useState<BadgeView[]>([]);
  // The header is sticky with a backdrop filter, which makes it the box `position: fixed` is
  // relative to: the toast is rendered into <body> instead (once hydrated; nothing on the server).
  const [portal, setPortal] = useState<HTMLElement | null>(null);
  useEffect(() => setPortal(document.body), []);

  useEffect(() => {
    let stopped = false;
    const announced = new Set<string>();
    const load = async () => {
      const result = await siteApi<MeResponse>('GET', '/api/gamification/me');
      if (stopped || !result.ok) return;
      setMe(result.body.data);
      const fresh = result.body.data.newBadges.filter((b) => !announced.has(b.id));
      if (fresh.length === 0) return;
      for (const b of fresh) announced.add(b.id);
      setToasts((list) => [...list, ...fresh]);
      void siteApi('POST', '/api/gamification/badges-seen', { badgeIds: fresh.map((b) => b.id) });
    };
    void load();
    const timers: number[] = [];
    const off = onLessonCompleted(() => {
      for (const ms of AFTER_COMPLETION_MS) timers.push(window.setTimeout(() => void load(), ms));
    });
    const onVisible = () => {
      if (document.visibilityState === 'visible') void load();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      off();
      for (const t of timers) window.clearTimeout(t);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);

  useEffect(() => {
    if (toasts.length === 0) return;
    const timer = window.setTimeout(() => setToasts((list) => list.slice(1)), 8_000);
    return () => window.clearTimeout(timer);
  }, [toasts]);

  return (
    <>
      {me ? (
        <a class="points-badge" href="/leaderboard" title={me.level.next ? `${me.level.pointsToNext} points to ${me.level.next.name}` : 'Top level'}>
          <span class="points-badge__points" data-testid="header-points">
            <span aria-hidden="true">★ </span>
            {me.points.toLocaleString('en')}
            <span class="visually-hidden"> points</span>
          </span>
          <span class="points-badge__level" data-testid="header-level">
            Level {me.level.number} · {me.level.name}
          </span>
        </a>
      ) : null}
      {portal && toasts.length > 0
        ? createPortal(
            <div class="badge-toasts">
              {toasts.slice(0, 1).map((b) => (
                <div class="badge-toast" key={b.id} role="status" data-testid="badge-toast">
                  {b.imageUrl ? <img src={b.imageUrl} alt="" width={40} height={40} /> : <span class="badge-toast__icon" aria-hidden="true">★</span>}
                  <div>
                    <p class="badge-toast__title">Badge earned: {b.name}</p>
                    <p class="badge-toast__text">{b.description}</p>
                  </div>
                  <button type="button" class="badge-toast__close" aria-label="Dismiss" onClick={() => setToasts((list) => list.slice(1))}>
                    ×
                  </button>
                </div>
              ))}
            </div>,
            portal,
          )
        : null}
    </>
  );
}
