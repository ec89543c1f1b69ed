import type { BadgeView, MeResponse } from '@contracts/gamification';
import { useEffect, useState } from 'preact/hooks';
import { onLessonCompleted } from '../../lib/client/lesson-progress';
import { siteApi } from '../../lib/client/site-api';

/** Awards land a moment after the lesson is marked complete (through the queue): ask again a few times. */
const AFTER_COMPLETION_MS = [1_500, 4_000, 9_000];

/** The header's server-rendered points and level (PointsHeader.astro), brought up to date in place. */
function syncHeader(me: MeResponse['data']): void {
  for (const el of document.querySelectorAll<HTMLElement>('[data-gam-points]')) el.textContent = me.points.toLocaleString('en');
  for (const el of document.querySelectorAll<HTMLElement>('[data-gam-level]')) el.textContent = `Level ${me.level.number} · ${me.level.name}`;
}

/**
 * The lesson player's badge toast: after a lesson is completed on the page it asks for the
 * learner's points a few times (the award arrives through the queue), updates the header and
 * shows each badge the learner has not been shown yet, then marks it seen. Also on hydration, so
 * a badge earned elsewhere (a quiz graded later) is announced on the next lesson.
 */
export default function BadgeToast() {
  const [toasts, setToasts] = useState<BadgeView[]>([]);

  useEffect(() => {
    let stopped = false;
    const announced = new Set<string>();
    const load = async () => {
      const result = await siteApi<MeResponse>('GET', '/api/gamification/me');
      if (stopped || !result.ok) return;
      syncHeader(result.body.data);
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
    return () => {
      stopped = true;
      off();
      for (const t of timers) window.clearTimeout(t);
    };
  }, []);

  useEffect(() => {
    if (toasts.length === 0) return;
    const timer = window.setTimeout(() => setToasts((list) => list.slice(1)), 8_000);
    return () => window.clearTimeout(timer);
  }, [toasts]);

  const b = toasts[0];
  if (!b) return null;
  return (
    <div class="badge-toasts">
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
    </div>
  );
}
