/** The retention purge blanks protected fields of closed cases past retention and keeps the statutory record. */
import { parseRetention, PURGED_PSEUDONYM, retentionCutoff } from '../../domain/retention';
import { purgeExpired } from '../../scripts/purge';
import { freshDatabase } from '../support/database';

test('retention settings parse per case type and refuse nonsense', () => {
  expect(parseRetention('rapid-review=15, practice-review=25')).toEqual({ 'rapid-review': 15, 'practice-review': 25 });
  expect(() => parseRetention('rapid-review=0')).toThrow(/at least 1 year/);
  expect(() => parseRetention('rapid-review')).toThrow(/process=years/);
  expect(retentionCutoff('2026-11-25', 15)).toBe('2011-11-25');
});

test('only closed cases older than their type’s retention are purged, and only their protected fields', async () => {
  const { db } = await freshDatabase('sqlite', 'purge');
  try {
    const make = async (reference: string, process: string, state: string, updatedAt: string) => {
      await db.case.create({ data: { reference, process, workflowId: `${process}:${reference}`, stage: state === 'closed' ? 'closed' : 'open', state, awareOn: '2009-03-02', childPseudonym: `Child of ${reference}`, ruleSetId: 'standard', calendarVersion: 'v1', updatedAt: new Date(updatedAt) } });
      await db.timelineEvent.create({ data: { idempotencyKey: `${reference}:milestone:outcome-decided`, caseReference: reference, occurredOn: '2009-04-01', kind: 'outcome-decided', summary: 'Outcome decided: no further review', actor: 'chair@lscp.test', note: 'Named the school and the social worker' } });
      await db.deadline.create({ data: { caseReference: reference, key: 'rapid-review', ruleId: 'rapid-review', title: 'Rapid review', due: '2009-03-23', statutoryDue: '2009-03-23', paused: false, metOn: '2009-03-20', sentence: 'due Mon 23 Mar 2009', explanation: '{}', calendarVersion: 'v1' } });
    };
    await make('OLD-2009-01', 'rapid-review', 'closed', '2010-01-10T12:00:00Z');
    await make('OLDP-2009-02', 'practice-review', 'closed', '2010-01-10T12:00:00Z');
    await make('OPEN-2009-03', 'rapid-review', 'open', '2010-01-10T12:00:00Z');
    await make('NEW-2020-04', 'rapid-review', 'closed', '2021-01-10T12:00:00Z');
    const policy = { 'rapid-review': 15, 'practice-review': 25 };
    const now = Date.parse('2026-11-25T10:00:00Z');

    const dry = await purgeExpired(db, policy, now, { apply: false });
    expect(dry).toEqual([
      { process: 'rapid-review', cutoff: '2011-11-25', references: ['OLD-2009-01'] },
      { process: 'practice-review', cutoff: '2001-11-25', references: [] },
    ]);
    expect((await db.case.findUnique({ where: { reference: 'OLD-2009-01' } }))!.childPseudonym).toBe('Child of OLD-2009-01');

    await purgeExpired(db, policy, now, { apply: true });
    const purged = await db.case.findUnique({ where: { reference: 'OLD-2009-01' }, include: { events: true, deadlines: true } });
    expect(purged!.childPseudonym).toBe(PURGED_PSEUDONYM);
    expect(purged!.events.map((e) => [e.occurredOn, e.kind, e.summary, e.actor, e.note])).toEqual([['2009-04-01', 'outcome-decided', 'Outcome decided: no further review', 'chair@lscp.test', null]]);
    expect(purged!.deadlines.map((d) => [d.key, d.due, d.metOn])).toEqual([['rapid-review', '2009-03-23', '2009-03-20']]);
    expect([purged!.awareOn, purged!.state]).toEqual(['2009-03-02', 'closed']);
    for (const kept of ['OLDP-2009-02', 'OPEN-2009-03', 'NEW-2020-04']) {
      const c = await db.case.findUnique({ where: { reference: kept }, include: { events: true } });
      expect([c!.childPseudonym, c!.events[0]!.note]).toEqual([`Child of ${kept}`, 'Named the school and the social worker']);
    }
    expect((await db.auditEntry.findMany()).map((a) => [a.actor, a.action, a.resource])).toEqual([['retention-purge', 'purge-protected-fields', 'case:OLD-2009-01']]);
    expect((await purgeExpired(db, policy, now, { apply: true }))[0]!.references).toEqual([]);
  } finally {
    await db.$disconnect();
  }
});
