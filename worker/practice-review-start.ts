/**
 * How a practice review is started on its own (issue 12): by `POST /api/practice-reviews` and by an
 * import, for a review commissioned by a rapid review held elsewhere or before the partnership
 * adopted the engine. As for a rapid review, the case row is written first, in stage `starting`.
 */
import type { ImportedPracticeEvent, PracticeReviewInput } from '../workflows/practice-review-definitions';
import { partnershipTerms, type RapidReviewSettings } from './rapid-review-start';

export interface PracticeReviewStarted {
  reference: string;
  commissionedOn: string;
  reviewerName: string;
  /** The local authority's awareness of the incident; the commissioning date when not known. */
  awareOn: string;
  rapidReviewReference?: string | undefined;
  decidedBy: string;
  imported?: ImportedPracticeEvent[] | undefined;
}

export function practiceReviewInput(settings: RapidReviewSettings, started: PracticeReviewStarted): PracticeReviewInput {
  return {
    reference: started.reference,
    ...(started.rapidReviewReference ? { parentReference: started.rapidReviewReference } : {}),
    awareOn: started.awareOn,
    decidedOn: started.commissionedOn,
    reviewerName: started.reviewerName,
    decidedBy: started.decidedBy,
    ...partnershipTerms(settings, started.awareOn),
    ...(started.imported ? { imported: started.imported } : {}),
  };
}
