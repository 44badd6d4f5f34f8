/** Today in London by the app's clock (tests on the time-skipping server pass the server's clock). */
import type { IsoDate } from '../domain/dates';
import { utcToLondonDate } from '../domain/london-time';

export function londonToday(deps: { clock?: () => number }): () => IsoDate {
  return () => utcToLondonDate((deps.clock ?? Date.now)());
}
