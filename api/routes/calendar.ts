/** The working-day calendar, so a chair can check a date before committing to it. */
import { Router } from 'express';
import { addWorkingDays } from '../../domain/calendar';
import { formatLongDate } from '../../domain/dates';
import { previewDeadlines } from '../../domain/deadline-preview';
import { withRapidReviewClockStart } from '../../domain/rules';
import { CalendarChangeBody, DeadlinePreviewQuery, WorkingDaysQuery } from '../../domain/schemas';
import { calendarChanged } from '../../workflows/definitions';
import type { AppDependencies } from '../app';
import { actorOf } from '../auth/principal';
import { parse, Problem } from '../problem';
import { londonToday } from '../today';

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
  router.get('/calendar/deadlines', (req, res) => {
    const { process, rapidReviewClockStart, ...events } = parse(DeadlinePreviewQuery, req.query, 'query');
    const firstEvent = Object.values(events).filter((d): d is string => typeof d === 'string').sort()[0] ?? londonToday(deps)();
    const base = deps.ruleSet(firstEvent);
    const ruleSet = rapidReviewClockStart ? withRapidReviewClockStart(base, rapidReviewClockStart) : base;
    const calendar = deps.calendar();
    const preview = previewDeadlines({ process, events, ruleSet, calendar });
    res.json({ process, ruleSetId: ruleSet.id, calendarVersion: calendar.version, ...preview });
  });

  router.post('/calendar/changes', async (req, res) => {
    const body = parse(CalendarChangeBody, req.body, 'body');
    if (!deps.calendarStore) throw new Problem(501, 'Not Implemented', 'this deployment has no calendar store');
    const actor = actorOf(res.locals);
    const { previous, next } = await deps.calendarStore.change({ add: body.add, remove: body.remove, reason: body.reason, changedBy: actor });
    const open = await deps.db.case.findMany({ where: { state: 'open' }, select: { reference: true, workflowId: true } });
    const told: string[] = [];
    const failed: { reference: string; reason: string }[] = [];
    if (next.version !== previous.version) {
      for (const c of open) {
        try {
          await deps.temporal.workflow.getHandle(c.workflowId).signal(calendarChanged, next);
          told.push(c.reference);
        } catch (err) {
          failed.push({ reference: c.reference, reason: (err as Error).message });
        }
      }
    }
    res.status(next.version === previous.version ? 200 : 201).json({ previousVersion: previous.version, version: next.version, reason: body.reason, casesRecomputed: told, casesNotReached: failed });
  });

  return router;
}
