export { rapidReview } from './rapid-review';
