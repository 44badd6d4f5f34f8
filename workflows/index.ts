export { rapidReview } from './rapid-review';
export { audit } from './audit';
export { practiceReview } from './practice-review';
export { qappCycle } from './qapp-cycle';
export { executiveDigest } from './executive-digest';
export { importSummary } from './import-summary';
export { executiveCycle } from './executive-cycle';
