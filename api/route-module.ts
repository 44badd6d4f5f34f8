/** What every route module starts from: its own router, the app's dependencies, and today in London by the app's clock. */
import { Router } from 'express';
import type { IsoDate } from '../domain/dates';
import { londonToday } from './today';

export function routeModule<D extends { clock?: () => number }>(deps: D): D & { router: Router; today: () => IsoDate } {
  return { ...deps, router: Router(), today: londonToday(deps) };
}
