/**
 * Reminder batches of the long-lived workflows (audits, the QAPP cycle). Before
 * PERSIST_BEFORE_NOTICES_PATCH a batch held the loop until the relay took it; since, it goes out
 * alongside the loop, so a return, milestone or minutes is written (and answered) while the relay is
 * down. The loop must not end, continue-as-new or cross a boundary while `sending` is above 0, and
 * rethrows `failure` (a batch that failed for good) at its next turn.
 */
import { patched } from '@temporalio/workflow';
import type { Notice } from '../domain/notices';
import { PERSIST_BEFORE_NOTICES_PATCH } from './patches';

export function noticeBatches(send: (notices: Notice[]) => Promise<unknown>, settled: () => void) {
  let sending = 0;
  let failure: unknown;
  return {
    get sending() {
      return sending;
    },
    get failure() {
      return failure;
    },
    async dispatch(notices: Notice[]): Promise<void> {
      if (!patched(PERSIST_BEFORE_NOTICES_PATCH)) {
        await send(notices);
        return;
      }
      sending += 1;
      send(notices)
        .catch((err: unknown) => {
          failure ??= err;
        })
        .finally(() => {
          sending -= 1;
          settled();
        });
    },
  };
}
