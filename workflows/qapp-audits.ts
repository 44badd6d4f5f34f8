/**
 * The QAPP cycle's side of its audits: the audits meeting 1 launches (each a workflow of its own),
 * the audits it knows of (told by their workflows), and the pause or resumption it tells the open
 * multi-agency ones when audit activity is suspended or resumed.
 */
import { getExternalWorkflowHandle, proxyActivities } from '@temporalio/workflow';
import type { QaActivities } from '../activities';
import { AUDIT_TEMPLATES } from '../domain/audits';
import { auditWorkflowId } from '../domain/contracts';
import type { IsoDate } from '../domain/dates';
import { pauseAudit, resumeAudit } from './audit-definitions';
import type { AuditLaunch, KnownAudit } from './qapp-definitions';
import type { CycleCore } from './qapp-state';
import { ACTIVITY_OPTIONS } from './runtime';

const { startAuditWorkflow } = proxyActivities<QaActivities>(ACTIVITY_OPTIONS.batch);

export function auditRelay(core: CycleCore) {
  const { c, calendar, partnership } = core;
  const launches: (AuditLaunch & { openedOn: IsoDate })[] = [];
  const signalsToSend: { reference: string; kind: 'pause' | 'resume'; on: IsoDate }[] = [];

  return {
    launching: () => launches.length > 0,
    telling: () => signalsToSend.length > 0,
    pending: () => launches.length > 0 || signalsToSend.length > 0,
    launch(launch: AuditLaunch, openedOn: IsoDate): void {
      launches.push({ ...launch, openedOn });
      c.audits.push({ reference: launch.reference, type: launch.type, multiAgency: AUDIT_TEMPLATES[launch.type].multiAgency, returnsDueOn: launch.returnsDueOn, state: 'open', stage: 'returns-open' });
    },
    tellOpenMultiAgency(kind: 'pause' | 'resume', on: IsoDate): void {
      for (const a of c.audits) if (a.multiAgency && a.state === 'open') signalsToSend.push({ reference: a.reference, kind, on });
    },
    /** An audit's progress; one the cycle did not launch, opening while audit activity is suspended, is paused too. */
    known(known: KnownAudit): void {
      const i = c.audits.findIndex((a) => a.reference === known.reference);
      if (i >= 0) {
        c.audits[i] = known;
        return;
      }
      c.audits.push(known);
      const open = core.quiet ? c.suspensions?.find((x) => x.to === undefined) : c.suspension;
      if (open && known.multiAgency && known.state === 'open') signalsToSend.push({ reference: known.reference, kind: 'pause', on: open.from });
    },
    /** Starts the launched audits, then tells the audits, one at a time in the order asked. */
    async relay(): Promise<void> {
      while (launches.length > 0) {
        const l = launches[0]!;
        // A launch is the audit's own input (as the API parsed it) less the cycle's calendar and partnership.
        await startAuditWorkflow({ ...l, calendar, partnership });
        launches.shift();
      }
      while (signalsToSend.length > 0) {
        const s = signalsToSend[0]!;
        try {
          const handle = getExternalWorkflowHandle(auditWorkflowId(s.reference));
          if (s.kind === 'pause') await handle.signal(pauseAudit, { from: s.on });
          else await handle.signal(resumeAudit, { on: s.on });
        } catch {
          // The audit has finished: nothing to pause.
        }
        signalsToSend.shift();
      }
    },
  };
}
