import { useEffect, useState } from 'preact/hooks';
import { siteApi } from '../../lib/client/site-api';

interface Props {
  /** The course's slug (or documentId) as the return URL named it. */
  course: string;
  courseTitle: string;
  coursePath: string;
}

interface EnrollmentState {
  data: { status: string | null; active: boolean; next: string };
}

const POLL_EVERY_MS = 2000;
const GIVE_UP_AFTER_MS = 30_000;

type Phase = 'waiting' | 'slow' | 'opening' | 'error';

/**
 * After Stripe Checkout: asks the site every 2 s whether the payment webhook has opened the
 * course, then goes to its first lesson. After 30 s it stops and offers to try again.
 */
export default function CheckoutWait({ course, courseTitle, coursePath }: Props) {
  const [phase, setPhase] = useState<Phase>('waiting');
  const [attempt, setAttempt] = useState(0);
  const [error, setError] = useState('');

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = Date.now() + GIVE_UP_AFTER_MS;
    const url = `/api/courses/${encodeURIComponent(course)}/enrollment`;

    async function poll() {
      const result = await siteApi<EnrollmentState>('GET', url);
      if (stopped) return;
      if (result.ok && result.body.data.active) {
        setPhase('opening');
        window.location.assign(result.body.data.next);
        return;
      }
      if (!result.ok && (result.status === 401 || result.status === 404)) {
        setError(result.message);
        setPhase('error');
        return;
      }
      if (Date.now() >= deadline) {
        setPhase('slow');
        return;
      }
      timer = setTimeout(poll, POLL_EVERY_MS);
    }
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [course, attempt]);

  return (
    <div class="checkout-wait">
      <p class="checkout-wait__status" role="status">
        {phase === 'waiting' && `Confirming your payment for ${courseTitle}…`}
        {phase === 'opening' && `Payment confirmed. Opening ${courseTitle}…`}
        {phase === 'slow' && 'This is taking longer than usual.'}
        {phase === 'error' && error}
      </p>
      {phase === 'waiting' && <span class="checkout-wait__spinner" aria-hidden="true" />}
      {phase === 'slow' && (
        <div class="checkout-wait__slow">
          <p>
            Your payment may still be on its way from the payment provider. If you paid, the course opens as soon as it arrives; you
            will not be charged twice.
          </p>
          <div class="checkout-wait__actions">
            <button
              type="button"
              class="button"
              onClick={() => {
                setPhase('waiting');
                setAttempt((n) => n + 1);
              }}
            >
              Check again
            </button>
            <a class="button button--secondary" href={coursePath}>
              Back to the course
            </a>
          </div>
        </div>
      )}
    </div>
  );
}
