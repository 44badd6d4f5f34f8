import type { DashboardItem } from '../../domain/dashboard';
import { weeklyDigest } from '../../domain/digest';

const item = (reference: string, status: DashboardItem['status'], wd: number, due: string): DashboardItem => ({
  kind: 'case',
  reference,
  process: 'rapid-review',
  stage: 'notification-due',
  owner: 'cspr-chair',
  status,
  next: { key: 'notification', title: 'Serious incident notification', due, statutoryDue: due, status: status === 'overdue' ? 'overdue' : 'at-risk', workingDaysRemaining: wd, statutoryDuePassed: wd < 0, sentence: '' },
});

describe('weeklyDigest', () => {
  // Built in each test, not in the describe body: code run at load is static to mutation testing.
  const digest = () =>
    weeklyDigest({
      partnership: 'WSCP',
      weekOf: '2020-01-13',
      since: '2020-01-06',
      items: [item('WSCP-2019-03', 'overdue', -3, '2020-01-08'), item('WSCP-2020-01', 'at-risk', 2, '2020-01-15'), item('WSCP-2020-02', 'on-track', 12, '2020-01-31')],
      changes: [{ reference: 'WSCP-2019-03', occurredOn: '2020-01-09', kind: 'notification-sent', summary: 'Serious incident notification sent to the Panel <b>' }],
    });

  it('leads with the overdue and at-risk items and counts them in the subject', () => {
    expect(digest().subject).toBe('[WSCP] Weekly digest w/c Mon 13 Jan 2020: 1 overdue, 1 at risk');
    expect(digest().text).toContain('Overdue or due today (1)\n- WSCP-2019-03 (rapid-review, notification-due): Serious incident notification due Wed 8 Jan 2020, 3 working days overdue');
    expect(digest().text).toContain('At risk within 5 working days (1)\n- WSCP-2020-01 (rapid-review, notification-due): Serious incident notification due Wed 15 Jan 2020, 2 working days left');
    expect(digest().text).toContain('Changes since Mon 6 Jan 2020 (1)\n- WSCP-2019-03, Thu 9 Jan 2020: Serious incident notification sent to the Panel <b>');
    expect(digest().text).not.toContain('WSCP-2020-02 (');
  });

  it('escapes everything in the HTML part', () => {
    expect(digest().html).toContain('<li>WSCP-2019-03, Thu 9 Jan 2020: Serious incident notification sent to the Panel &#60;b&#62;</li>');
    expect(digest().html).not.toContain('<b>');
  });
});
