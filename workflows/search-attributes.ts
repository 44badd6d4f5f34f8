/** Search attributes this project registers on the Temporal server: references only, no personal data. */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const CaseReferenceKey = defineSearchAttributeKey('CaseReference', SearchAttributeType.KEYWORD);
export const ReviewProcessKey = defineSearchAttributeKey('ReviewProcess', SearchAttributeType.KEYWORD);
export const ReviewStageKey = defineSearchAttributeKey('ReviewStage', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [CaseReferenceKey, ReviewProcessKey, ReviewStageKey];
