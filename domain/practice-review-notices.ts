/**
 * The words of the practice review (LCSPR): its timeline lines and the formal notifications its
 * milestones, holds and hand-off to the QAPP group send (PROCESSES.md T7-T11). Case reference and
 * dates only, never a child's name.
 */
import { formatLongDate, type IsoDate } from './dates';
import { caseNotice, type Notice } from './notices';
import { practiceMilestoneDefinitions, reasonInWords, type HoldRecord, type LearningAuditPlan, type PauseReason, type PracticeMilestoneInput } from './practice-review';

/** The formal notifications a milestone sends; `plannedPublicationOn` as planned when it is recorded. */
export function practiceMilestoneNotices(reference: string, m: PracticeMilestoneInput, plannedPublicationOn: IsoDate | undefined): Notice[] {
  const on = formatLongDate(m.occurredOn);
  switch (m.milestone) {
    case 'agency-reports-requested':
      return [caseNotice(reference, 'agency-reports-requested', ['agency-lead'], 'Practice review: agency reports and chronologies requested', [`Requested on ${on}:`, ...m.agencies.map((a) => `- ${a.agency}: due ${formatLongDate(a.dueOn)}`)])];
    case 'draft-requested':
      // Reg 14: the partners' request for a draft is made in writing; this email is that record.
      return [caseNotice(reference, 'draft-requested', ['reviewer', 'cspr-chair'], 'Request for a draft report (reg 14)', [`On ${on} the safeguarding partners requested a draft of the review report.`])];
    case 'pre-publication-copy-sent':
      return [
        caseNotice(reference, 'pre-publication-copy', ['panel', 'secretary-of-state', 'ofsted'], 'Final report before publication (T8)', [
          `The final report was sent on ${on}; publication is planned for ${formatLongDate(plannedPublicationOn!)}.`,
        ]),
      ];
    case 'published':
      return [caseNotice(reference, 'published', ['panel', 'secretary-of-state', 'partners'], 'Local child safeguarding practice review published (T9)', [`The report was published on ${on} and stays available for at least a year.`])];
    case 'improvements-published':
      return [caseNotice(reference, 'improvements-published', ['panel', 'secretary-of-state'], 'Only the improvements published (T10)', [`On ${on} the partners published only the improvements to be made; the justification is in the case file.`])];
    case 'action-plan-agreed':
      return [caseNotice(reference, 'action-plan', ['agency-lead', 'partners'], 'Practice review action plan agreed', m.actions.map((a) => `- ${a.id}: ${a.owner}, due ${formatLongDate(a.dueOn)}`))];
    default:
      return [];
  }
}

/** The timeline's line for a milestone. */
export function practiceMilestoneSummary(m: PracticeMilestoneInput): string {
  const title = practiceMilestoneDefinitions()[m.milestone].title;
  switch (m.milestone) {
    case 'agency-reports-requested':
      return `${title} from ${m.agencies.map((a) => `${a.agency} (due ${a.dueOn})`).join(', ')}`;
    case 'agency-report-received':
      return `${title} from ${m.agency}`;
    case 'partner-sign-off':
      return `${title}; publication planned for ${m.plannedPublicationOn}`;
    case 'action-plan-agreed':
      return `${title}: ${m.actions.length} action(s)`;
    case 'action-completed':
      return `${title}: ${m.actionId}`;
    default:
      return title;
  }
}

const toPanelAndSoS = (reference: string, key: string, title: string, lines: string[]) => caseNotice(reference, key, ['panel', 'secretary-of-state'], title, lines);

/** T10: the Panel and the Secretary of State are told of every hold (the n-th of the review). */
export function pausedNotice(reference: string, n: number, p: { from: IsoDate; reason: PauseReason; expectedResumeOn: IsoDate }): Notice {
  return toPanelAndSoS(reference, `paused:${n}`, 'Local child safeguarding practice review paused', [
    `The review was paused on ${formatLongDate(p.from)} because of ${reasonInWords(p.reason)}.`,
    `It is expected to resume by ${formatLongDate(p.expectedResumeOn)}. The deadlines the partnership works to move by the working days on hold; the statutory dates stay visible.`,
  ]);
}

export function resumedNotice(reference: string, n: number, hold: HoldRecord, what: string, r: { on: IsoDate; replanned?: IsoDate | undefined }): Notice {
  return toPanelAndSoS(reference, `resumed:${n}`, hold.kind === 'pause' ? 'Local child safeguarding practice review resumed' : 'Publication of the local child safeguarding practice review no longer deferred', [
    `${what} on ${formatLongDate(r.on)}; on hold since ${formatLongDate(hold.from)} (${reasonInWords(hold.reason)}).`,
    ...(r.replanned ? [`Publication is now planned for ${formatLongDate(r.replanned)}.`] : []),
  ]);
}

export function publicationDeferredNotice(reference: string, n: number, d: { from: IsoDate; reason: PauseReason }): Notice {
  return toPanelAndSoS(reference, `deferred:${n}`, 'Publication of the local child safeguarding practice review deferred (T10)', [`Publication was deferred on ${formatLongDate(d.from)} because of ${reasonInWords(d.reason)}.`]);
}

/** Reviews closed before the learning-embedded audit was started for them: the QAPP chair is asked by email. */
export function learningHandOffNotice(reference: string, lastActionOn: IsoDate): Notice {
  return caseNotice(reference, 'qapp-learning-audit', ['qapp-chair'], 'Learning from a local review: please audit that it reached practitioners', [
    `Every action of the practice review's action plan is complete (last on ${formatLongDate(lastActionOn)}).`,
    'Please add a learning-embedded audit to the QAPP programme to check the learning reached practitioners.',
  ]);
}

export function learningAuditStartedNotice(reference: string, lastActionOn: IsoDate, plan: LearningAuditPlan): Notice {
  return caseNotice(reference, 'qapp-learning-audit', ['qapp-chair'], 'Learning from a local review: learning-embedded audit started', [
    `Every action of the practice review's action plan is complete (last on ${formatLongDate(lastActionOn)}).`,
    `Audit ${plan.reference} asks ${plan.participants.map((p) => p.id).join(', ')} whether the learning reached practitioners; returns are due ${formatLongDate(plan.returnsDueOn)}.`,
    'The review closes when the QAPP group completes the audit.',
  ]);
}

export function practiceReviewClosedNotice(reference: string, what: string): Notice {
  return caseNotice(reference, 'closed', ['cspr-chair', 'executive'], 'Local child safeguarding practice review closed', [`${what}.`, 'The review is closed.']);
}
