/**
 * persistCase (activities/persist-case.ts, plain SQL) on SQLite and PostgreSQL: what a snapshot
 * leaves in the read model, row by row. The start's `starting` row is taken over, changed rows are
 * rewritten and unchanged ones are not, an older revision arriving late changes nothing but its
 * queued emails, an email already claimed is left alone, and a case started outside the API gets
 * its row with its parent's pseudonym.
 */
import { createActivities } from '../../activities';
import type { Mailer } from '../../activities/mailer';
import type { CaseSnapshot, DeadlineView } from '../../domain/contracts';
import type { Database } from '../../prisma/client';
import { writeStartingRow } from '../../worker/case-start';
import { freshDatabase, type Provider } from '../support/database';
import { postgresAvailability } from '../support/postgres';

const REF = 'PC-2026-01';
const view = (key: string, ruleId: string, due: string, extra: Partial<DeadlineView> = {}): DeadlineView =>
  ({ key, ruleId, title: `${key} title`, kind: 'deadline', due, statutoryDue: due, paused: false, sentence: `${key} sentence`, explanation: { start: { event: 'awareness', date: '2026-11-02' }, calendarVersion: 'cal-1' }, status: 'on-track', workingDaysRemaining: 1, statutoryDuePassed: false, verdict: 'v', ...extra }) as DeadlineView;
const snapshot = (revision: number, extra: Partial<CaseSnapshot> = {}): CaseSnapshot => ({
  reference: REF,
  process: 'rapid-review',
  workflowId: `rapid-review:${REF}`,
  stage: 'notification-due',
  state: 'open',
  awareOn: '2026-11-02',
  ruleSetId: 'standard',
  calendarVersion: 'cal-1',
  revision,
  deadlines: [view('notification', 'T1', '2026-11-09'), view('rapid-review', 'T4', '2026-11-23')],
  timeline: [{ key: 'aware', occurredOn: '2026-11-02', kind: 'awareness', summary: 'The partnership became aware' }],
  ...extra,
});

describe.each<Provider>(['sqlite', 'postgresql'])('persistCase on %s', (provider) => {
  let db: Database;
  let persist: (s: CaseSnapshot) => Promise<void>;
  let skipped = false;

  beforeAll(async () => {
    if (provider === 'postgresql' && !(await postgresAvailability()).available) {
      skipped = true;
      return console.warn('skipped on PostgreSQL (not reachable): persistCase');
    }
    db = (await freshDatabase(provider, 'persist_case')).db;
    const activities = createActivities({ db, mailer: { send: () => Promise.reject(new Error('no mail here')) } as unknown as Mailer, mail: { from: 'engine@lscp.test', domain: 'lscp.test', recipients: { executive: ['exec@lscp.test'] } } });
    persist = (s) => activities.persistCase(s);
  });
  afterAll(async () => {
    if (!skipped) await db.$disconnect();
  });
  const deadlines = () => db.deadline.findMany({ where: { caseReference: REF }, orderBy: { key: 'asc' } });
  const timeline = () => db.timelineEvent.findMany({ where: { caseReference: REF }, orderBy: { idempotencyKey: 'asc' } });

  test('takes over the starting row: stage, revision and list columns written, startWith cleared, the pseudonym kept; deadlines, timeline and queued emails recorded', async () => {
    if (skipped) return;
    await writeStartingRow(db, { reference: REF, process: 'rapid-review', workflowId: `rapid-review:${REF}`, awareOn: '2026-11-02', childPseudonym: 'Child P', ruleSetId: 'standard', calendarVersion: 'cal-1', startWith: '{"kept":true}' });
    await persist(snapshot(1, { queuedEmails: [{ key: `${REF}:notice:1`, kind: 'notification', subject: 'Notify the Panel', to: ['executive'] }] }));
    const row = await db.case.findUniqueOrThrow({ where: { reference: REF } });
    expect(row).toMatchObject({ stage: 'notification-due', state: 'open', revision: 1, startWith: null, childPseudonym: 'Child P', nextDue: '2026-11-09', governingDue: '2026-11-09', paused: false, finishedLate: false, commissionedOn: null });
    expect(row.updatedAt.getTime()).toBeGreaterThanOrEqual(row.createdAt.getTime());
    expect((await deadlines()).map((d) => [d.key, d.ruleId, d.title, d.kind, d.due, d.paused, d.metOn, d.sentence, d.calendarVersion, JSON.parse(d.explanation).start.event])).toEqual([
      ['notification', 'T1', 'notification title', 'deadline', '2026-11-09', false, null, 'notification sentence', 'cal-1', 'awareness'],
      ['rapid-review', 'T4', 'rapid-review title', 'deadline', '2026-11-23', false, null, 'rapid-review sentence', 'cal-1', 'awareness'],
    ]);
    expect((await timeline()).map((e) => [e.idempotencyKey, e.occurredOn, e.kind, e.summary, e.actor])).toEqual([[`${REF}:aware`, '2026-11-02', 'awareness', 'The partnership became aware', null]]);
    const email = await db.emailMessage.findUniqueOrThrow({ where: { idempotencyKey: `${REF}:notice:1` } });
    expect(email).toMatchObject({ caseReference: REF, kind: 'notification', subject: 'Notify the Panel', recipients: 'exec@lscp.test', status: 'pending', attempts: 0 });
    expect(email.messageId).toMatch(/^<[0-9a-f]{40}@lscp\.test>$/);
  });

  test('a later snapshot rewrites only what changed: a met and an unpaused deadline, a corrected entry, a new entry', async () => {
    if (skipped) return;
    await persist(snapshot(2, { deadlines: [view('notification', 'T1', '2026-11-09', { paused: true }), view('rapid-review', 'T4', '2026-11-23')] }));
    expect((await deadlines()).map((d) => d.paused)).toEqual([true, false]);
    const before = await deadlines();
    await persist(
      snapshot(3, {
        stage: 'rapid-review-due',
        deadlines: [view('notification', 'T1', '2026-11-09', { metOn: '2026-11-05' }), view('rapid-review', 'T4', '2026-11-23')],
        timeline: [
          { key: 'aware', occurredOn: '2026-11-02', kind: 'awareness', summary: 'The partnership became aware (corrected)' },
          { key: 'notified', occurredOn: '2026-11-05', kind: 'milestone', summary: 'Panel notified', actor: 'chair@lscp.test' },
        ],
      }),
    );
    const after = await deadlines();
    expect(after.map((d) => [d.key, d.metOn, d.paused])).toEqual([['notification', '2026-11-05', false], ['rapid-review', null, false]]);
    expect(after.map((d) => d.id)).toEqual(before.map((d) => d.id));
    expect((await timeline()).map((e) => [e.idempotencyKey, e.summary, e.actor])).toEqual([
      [`${REF}:aware`, 'The partnership became aware (corrected)', null],
      [`${REF}:notified`, 'Panel notified', 'chair@lscp.test'],
    ]);
    expect(await db.case.findUniqueOrThrow({ where: { reference: REF } })).toMatchObject({ stage: 'rapid-review-due', revision: 3, nextDue: '2026-11-23', governingDue: '2026-11-23' });
  });

  test('an older revision arriving late changes nothing but records its queued emails; a claimed email is left alone', async () => {
    if (skipped) return;
    await db.emailMessage.update({ where: { idempotencyKey: `${REF}:notice:1` }, data: { status: 'sending', attempts: 1 } });
    await persist(
      snapshot(2, {
        stage: 'notification-due',
        deadlines: [view('notification', 'T1', '2026-12-01')],
        timeline: [{ key: 'late', occurredOn: '2026-11-03', kind: 'note', summary: 'late' }],
        queuedEmails: [
          { key: `${REF}:notice:1`, kind: 'notification', subject: 'Notify the Panel', to: ['executive'] },
          { key: `${REF}:notice:2`, kind: 'reminder', subject: 'Rapid review due', to: ['executive'] },
        ],
      }),
    );
    expect(await db.case.findUniqueOrThrow({ where: { reference: REF } })).toMatchObject({ stage: 'rapid-review-due', revision: 3 });
    expect((await deadlines()).map((d) => [d.key, d.due])).toEqual([['notification', '2026-11-09'], ['rapid-review', '2026-11-23']]);
    expect((await timeline()).map((e) => e.idempotencyKey)).toEqual([`${REF}:aware`, `${REF}:notified`]);
    expect((await db.emailMessage.findMany({ where: { caseReference: REF }, orderBy: { idempotencyKey: 'asc' } })).map((e) => [e.idempotencyKey, e.status, e.attempts])).toEqual([
      [`${REF}:notice:1`, 'sending', 1],
      [`${REF}:notice:2`, 'pending', 0],
    ]);
  });

  test("a case started outside the API gets its row, with its parent's pseudonym; a snapshot from before deadlines had kinds is recorded as a deadline", async () => {
    if (skipped) return;
    const child = 'PC-2026-02';
    const withoutKind = { ...view('completion', 'T7', '2027-05-10') } as Partial<DeadlineView>;
    delete withoutKind.kind;
    await persist({ ...snapshot(1), reference: child, process: 'practice-review', workflowId: `practice-review:${child}`, stage: 'terms-of-reference', parentReference: REF, paused: true, deadlines: [withoutKind as DeadlineView], timeline: [] });
    expect(await db.case.findUniqueOrThrow({ where: { reference: child } })).toMatchObject({ process: 'practice-review', childPseudonym: 'Child P', parentReference: REF, paused: true, revision: 1, stage: 'terms-of-reference' });
    expect((await db.deadline.findMany({ where: { caseReference: child } })).map((d) => [d.key, d.kind])).toEqual([['completion', 'deadline']]);
    await persist({ ...snapshot(1), reference: 'PC-2026-03', workflowId: 'rapid-review:PC-2026-03', timeline: [] });
    expect(await db.case.findUniqueOrThrow({ where: { reference: 'PC-2026-03' } })).toMatchObject({ childPseudonym: '', parentReference: null });
  });
});
