export { rapidReview } from './rapid-review';
export { audit } from './audit';
