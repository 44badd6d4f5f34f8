import { emailDelivery } from '../../domain/email-delivery';

test.each([
  ['pending', 0, 'queued'],
  ['sending', 1, 'sending'],
  ['sending', 3, 'retrying'],
  ['failed', 1, 'retrying'],
  ['failed', 7, 'retrying'],
  ['sent', 2, 'sent'],
  ['undeliverable', 0, 'failed'],
])('a row %s after %i attempt(s) is shown as %s', (status, attempts, delivery) => {
  expect(emailDelivery({ status, attempts })).toBe(delivery);
});
