/** Test addresses for every recipient role, so no notice is skipped for want of an address. */
import type { RecipientRole } from '../../domain/reminders';

export const TEST_RECIPIENTS: Record<RecipientRole, string[]> = {
  'cspr-chair': ['chair@lscp.test'],
  executive: ['exec@lscp.test'],
  reviewer: ['reviewer@lscp.test'],
  'agency-lead': ['lead@lscp.test'],
  'qapp-chair': ['qapp@lscp.test'],
  panel: ['panel@panel.test'],
  'secretary-of-state': ['sos@dfe.test'],
  ofsted: ['ofsted@ofsted.test'],
  dfe: ['dfe@dfe.test'],
  partners: ['partners@lscp.test'],
};
