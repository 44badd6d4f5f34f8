import type { RecipientRole } from '../domain/reminders';
import type { Env } from './env';

export function recipientsFrom(env: Env): Record<RecipientRole, string[]> {
  return {
    'cspr-chair': env.CSPR_CHAIR_EMAIL,
    executive: env.EXECUTIVE_EMAIL,
    reviewer: env.REVIEWER_EMAIL,
    'agency-lead': env.AGENCY_LEAD_EMAIL,
    'qapp-chair': env.QAPP_CHAIR_EMAIL,
    panel: env.PANEL_EMAIL,
    'secretary-of-state': env.SECRETARY_OF_STATE_EMAIL,
    ofsted: env.OFSTED_EMAIL,
    dfe: env.DFE_EMAIL,
    partners: env.PARTNERS_EMAIL,
  };
}
