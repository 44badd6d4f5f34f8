/**
 * Waits until a case's read model has not changed for a second and every email is sent: its workflow
 * is asleep. A workaround: a rapid review's outcome recorded while the workflow is still writing an
 * earlier change can complete it without starting its practice review (seen here; reported).
 */
import { eventually, type RunningApi } from './api';

export async function caseIdle(api: RunningApi, reference: string): Promise<void> {
  let last = '';
  let sameSince = Date.now();
  await eventually(async () => {
    const c = (await api.request('GET', `/api/cases/${reference}`)).body as { timeline: unknown[]; emails: { delivery: string }[] };
    const now = JSON.stringify([c.timeline.length, c.emails.map((e) => e.delivery)]);
    if (now !== last || c.emails.some((e) => e.delivery !== 'sent' && e.delivery !== 'failed')) {
      last = now;
      sameSince = Date.now();
      return undefined;
    }
    return Date.now() - sameSince > 1000 ? true : undefined;
  }, `${reference} idle`);
}
