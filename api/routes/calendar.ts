/** The working-day calendar, so a chair can check a date before committing to it. */
import { Router } from 'express';
import { addWorkingDays } from '../../domain/calendar';
import { formatLongDate } from '../../domain/dates';
import { WorkingDaysQuery } from '../../domain/schemas';
import type { AppDependencies } from '../app';
import { parse } from '../problem';

export function calendarRoutes(deps: AppDependencies): Router {
  const router = Router();
  router.get('/calendar/working-days', (req, res) => {
    const { from, add } = parse(WorkingDaysQuery, req.query, 'query');
    const calendar = deps.calendar();
    const { date, skipped } = addWorkingDays(calendar, from, add);
    const holidays = skipped.filter((s) => s.reason === 'bank holiday').map((s) => s.name);
    res.json({
      from,
      add,
      date,
      calendarVersion: calendar.version,
      skipped,
      explanation: `${formatLongDate(date)}: ${Math.abs(add)} working day${Math.abs(add) === 1 ? '' : 's'} ${add < 0 ? 'before' : 'after'} ${formatLongDate(from)}${holidays.length > 0 ? `, skipping ${holidays.join(', ')}` : ''}`,
    });
  });
  return router;
}
