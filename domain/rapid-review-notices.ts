/**
 * The words of the rapid review: its timeline lines and the formal notifications its milestones
 * and outcome send (PROCESSES.md T1-T6). Case reference and dates only, never a child's name.
 */
import { formatLongDate, type IsoDate } from './dates';
import { caseNotice, type Notice } from './notices';
import { milestoneDefinitions, type ActionItem, type AgencyDue, type RapidReviewMilestoneInput } from './rapid-review';

/** The timeline's line for a milestone. */
export function rapidMilestoneSummary(m: RapidReviewMilestoneInput): string {
  const title = milestoneDefinitions()[m.milestone].title;
  switch (m.milestone) {
    case 'notification-decision':
      return `${title}: ${m.notifiable ? 'notifiable' : 'not notifiable'}${m.lookedAfterChildDeath ? '; death of a looked-after child' : ''}`;
    case 'agency-summaries-requested':
      return `${title} from ${m.agencies.map((a) => `${a.agency} (due ${a.dueOn})`).join(', ')}`;
    case 'agency-summary-received':
      return `${title} from ${m.agency}`;
    case 'rapid-review-submitted':
      return m.recommendation ? `${title}, recommending: ${m.recommendation}` : title;
    case 'panel-response':
      return `${title}: ${m.nationalReview ? 'the Panel will hold a national review' : 'no national review'}`;
    case 'outcome-decided':
      return m.outcome === 'lcspr'
        ? `${title}: local child safeguarding practice review ${m.practiceReviewReference}, reviewer ${m.reviewerName}`
        : m.outcome === 'no-lcspr'
          ? `${title}: no local review; learning through ${m.learningRoute}, ${m.actions.length} action(s)`
          : `${title}: national review led by the Panel, supported locally`;
    case 'national-review-information-requested':
      return `${title}: ${m.agencies.map((a) => `${a.agency} (due ${a.dueOn})`).join(', ')}`;
    case 'national-review-information-supplied':
      return `${title} by ${m.agency}`;
    case 'action-completed':
      return `${title}: ${m.actionId}`;
    default:
      return title;
  }
}

/** The formal notifications a milestone triggers (version 2 and later; version 3 adds its follow-up's). */
export function rapidMilestoneNotices(reference: string, m: RapidReviewMilestoneInput): Notice[] {
  const on = formatLongDate(m.occurredOn);
  switch (m.milestone) {
    case 'notification-decision':
      // T3: a looked-after child's death is notified to the Secretary of State and Ofsted whether or not it is notifiable.
      return m.lookedAfterChildDeath
        ? [caseNotice(reference, 'looked-after-child-death', ['secretary-of-state', 'ofsted'], 'Death of a looked-after child (T3)', [`The local authority recorded on ${on} the death of a looked-after child.`])]
        : [];
    case 'notification-sent':
      return [caseNotice(reference, 'serious-incident-notified', ['panel', 'ofsted', 'dfe'], 'Serious incident notification (T1)', [`The serious incident notification was sent on ${on}.`])];
    case 'partners-told':
      return [caseNotice(reference, 'partners-told', ['partners'], 'Serious incident: safeguarding partners told (T2)', [`A serious incident was notified; the safeguarding partners were told on ${on}. A rapid review follows.`])];
    case 'agency-summaries-requested':
      return [
        caseNotice(reference, 'agency-summaries-requested', ['agency-lead'], 'Rapid review: agency summaries requested', [
          `Summaries were requested on ${on}:`,
          ...m.agencies.map((a) => `- ${a.agency}: due ${formatLongDate(a.dueOn)}`),
        ]),
      ];
    case 'rapid-review-submitted':
      return [
        caseNotice(reference, 'rapid-review-submitted', ['panel'], 'Rapid review submitted (T4)', [
          `The rapid review was submitted on ${on}${m.recommendation ? `, recommending: ${m.recommendation}` : ''}.`,
          'The rationale is in the rapid review document.',
        ]),
      ];
    case 'outcome-decided':
      if (m.outcome === 'national-review') return [caseNotice(reference, 'outcome', ['partners'], 'Rapid review outcome: national review', [`The Panel will hold a national review (recorded ${on}); local partners support it.`])];
      if (m.outcome === 'no-lcspr') return [caseNotice(reference, 'outcome', ['partners'], 'Rapid review outcome: no local review', [`No local review will be held (recorded ${on}). Learning through ${m.learningRoute}; ${m.actions.length} action(s).`])];
      return [];
    default:
      return [];
  }
}

export function actionPlanNotice(reference: string, m: Extract<RapidReviewMilestoneInput, { outcome: 'no-lcspr' }>): Notice {
  return caseNotice(reference, 'action-plan', ['agency-lead', 'cspr-chair'], 'Rapid review action plan (no local review)', [
    `Agreed with the outcome on ${formatLongDate(m.occurredOn)}; each owner is reminded before its date:`,
    ...m.actions.map((a) => `- ${a.id}: ${a.owner}, due ${formatLongDate(a.dueOn)}`),
  ]);
}

export function nationalReviewInformationRequestedNotice(reference: string, m: { occurredOn: IsoDate; agencies: AgencyDue[] }): Notice {
  return caseNotice(reference, 'national-review-information-requested', ['agency-lead'], 'National review: information requested from local agencies', [
    `The Panel's reviewers asked on ${formatLongDate(m.occurredOn)} for records, chronologies or participation:`,
    ...m.agencies.map((a) => `- ${a.agency}: due ${formatLongDate(a.dueOn)}`),
  ]);
}

/** The Panel publishes whatever the local agencies supplied: the email says what never came. */
export function nationalReviewPublishedNotice(reference: string, occurredOn: IsoDate, outstanding: readonly AgencyDue[]): Notice {
  return caseNotice(reference, 'national-review-published', ['partners', 'executive'], 'National review published by the Panel', [
    `The Child Safeguarding Practice Review Panel published its national review on ${formatLongDate(occurredOn)}. This rapid review is closed.`,
    ...(outstanding.length > 0 ? [`Local information was never recorded as supplied by: ${outstanding.map((a) => a.agency).join(', ')}.`] : []),
  ]);
}

export function rapidActionPlanCompletedNotice(reference: string, lastOn: IsoDate, actions: readonly ActionItem[], completedOn: (id: string) => IsoDate): Notice {
  return caseNotice(reference, 'action-plan-completed', ['partners'], 'Rapid review action plan complete', [
    `Every action of the action plan agreed with the outcome (no local review) is complete, the last on ${formatLongDate(lastOn)}:`,
    ...actions.map((a) => `- ${a.id}: ${a.owner}, completed ${formatLongDate(completedOn(a.id))}`),
    'This rapid review is closed.',
  ]);
}

/** T5: the Panel, Ofsted and DfE are told of the decision to hold a local review. */
export function lcsprCommissionedNotice(reference: string, outcome: { occurredOn: IsoDate; practiceReviewReference: string; reviewerName: string }): Notice {
  return caseNotice(reference, 'lcspr-commissioned', ['panel', 'ofsted', 'dfe'], 'Decision to hold a local child safeguarding practice review (T5)', [
    `The safeguarding partners decided on ${formatLongDate(outcome.occurredOn)} to hold a local child safeguarding practice review.`,
    `Practice review reference: ${outcome.practiceReviewReference}.`,
    `Reviewer: ${outcome.reviewerName}.`,
  ]);
}
