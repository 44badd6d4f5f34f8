export { rapidReview } from './rapid-review';
export { audit } from './audit';
export { practiceReview } from './practice-review';
export { qappCycle } from './qapp-cycle';
export { executiveDigest } from './executive-digest';
export { executiveCycle } from './executive-cycle';
