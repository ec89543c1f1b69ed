import { useEffect, useRef, useState } from 'preact/hooks';
import type { MarkReadResponse, MyNotificationsResponse, NotificationView } from '../../lib/notifications';
import { siteApi } from '../../lib/client/site-api';

const LIST = '/api/notifications?limit=8';
const READ = '/api/notifications/read';

function ago(iso: string, now = Date.now()): string {
  const minutes = Math.round((now - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short' });
}

/**
 * The header's bell: a link to /notifications that works without JavaScript; once the browser is
 * idle it loads the unread count, and a click opens the newest notifications with "Mark all as
 * read". The data comes from the site's own endpoint (the session token never reaches the page).
 */
export default function NotificationBell() {
  const [items, setItems] = useState<NotificationView[] | null>(null);
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState('');
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLAnchorElement>(null);

  async function load() {
    const result = await siteApi<MyNotificationsResponse>('GET', LIST);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setError('');
    setItems(result.body.data);
    setUnread(result.body.meta.unread);
  }

  useEffect(() => {
    void load();
  }, []);

  // Close on Escape and on a click outside.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('click', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('click', onClick);
    };
  }, [open]);

  function toggle(event: Event) {
    event.preventDefault();
    const next = !open;
    setOpen(next);
    if (next) void load();
  }

  async function markRead(body: { ids: number[] } | { all: true }, keepalive = false) {
    const result = await siteApi<MarkReadResponse>('POST', READ, body, { keepalive });
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setUnread(result.body.meta.unread);
    const now = new Date().toISOString();
    setItems((list) => list?.map((n) => ('all' in body || body.ids.includes(n.id) ? { ...n, readAt: n.readAt ?? now } : n)) ?? null);
  }

  const label = unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';

  return (
    <div class="bell" ref={root}>
      <a ref={button} class="bell__button" href="/notifications" aria-label={label} aria-expanded={open} aria-haspopup="true" onClick={toggle}>
        <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M12 3a6 6 0 0 0-6 6v3.5L4.5 15v1.5h15V15L18 12.5V9a6 6 0 0 0-6-6Zm0 18a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 21Z" fill="currentColor" />
        </svg>
        {unread > 0 && (
          <span class="bell__count" data-testid="bell-count">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </a>
      {open && (
        <div class="bell__panel" role="region" aria-label="Notifications">
          <div class="bell__head">
            <strong>Notifications</strong>
            {unread > 0 && (
              <button type="button" class="bell__action" onClick={() => void markRead({ all: true })}>
                Mark all as read
              </button>
            )}
          </div>
          {error && <p class="bell__error" role="alert">{error}</p>}
          {items === null && !error && <p class="bell__empty">Loading…</p>}
          {items?.length === 0 && <p class="bell__empty">Nothing yet. We will tell you here when something happens in your courses.</p>}
          {items && items.length > 0 && (
            <ul class="bell__list">
              {items.map((n) => (
                <li key={n.id} class={n.readAt ? 'bell__item' : 'bell__item bell__item--unread'}>
                  <a
                    href={n.link ?? '/notifications'}
                    onClick={() => {
                      if (!n.readAt) void markRead({ ids: [n.id] }, true);
                    }}
                  >
                    <span class="bell__title">
                      {!n.readAt && <span class="visually-hidden">Unread: </span>}
                      {n.title}
                    </span>
                    <span class="bell__body">{n.body}</span>
                    <span class="bell__time">{ago(n.createdAt)}</span>
                  </a>
                </li>
              ))}
            </ul>
          )}
          <a class="bell__all" href="/notifications">
            All notifications and email settings
          </a>
        </div>
      )}
    </div>
  );
}
