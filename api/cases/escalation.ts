/**
 * Automatic escalation (超期升级): a case whose current stage is past its deadline goes one level up
 * (community → street → district → city), as a call-up by the system that the level above must acknowledge.
 * The stage clock restarts at the new level, so a case still not handled in time climbs again. The sweep
 * locks what it escalates (SKIP LOCKED), so any number of API processes may run it.
 */
import type pg from 'pg';
import { query } from '../sql';
import { every, type Loop } from '../every';
import { nextLevel } from './workflow';
import type { CaseLevel } from '../../tiles/domain/cases';
import { afterCaseCommit, finishCaseWrite, type CaseWriter } from './store';
import { inTransaction } from '../db/transaction';

export interface Escalated {
  id: number;
  caseNo: string;
  from: CaseLevel;
  to: CaseLevel;
  dueAt: string;
}

/** Escalate every case whose stage deadline has passed by `now` (at most `limit` per call). */
export async function escalateOverdue(app: CaseWriter, limit = 200): Promise<Escalated[]> {
  const done = await inTransaction(app.pool, async (client: pg.PoolClient) => {
    const rows = await query(client, 'incident-overdue', [limit]);
    const out: Escalated[] = [];
    for (const c of rows) {
      const to = nextLevel(c.level)!;
      await query(client, 'incident-escalate', [c.id, to]);
      await query(client, 'incident-event-insert', [
        c.id, null, 'system', null, 'escalate', c.status, c.status, `超期自动升级 overdue since ${c.stage_due_at.toISOString()}`,
        JSON.stringify({ from: c.level, level: to, dueAt: c.stage_due_at.toISOString() }),
      ]);
      out.push({ id: c.id, caseNo: c.case_no, from: c.level, to, dueAt: c.stage_due_at.toISOString() });
    }
    for (const e of out) await finishCaseWrite(client, e.id, 'escalate', { restartClock: true });
    return out;
  });
  if (done.length) afterCaseCommit(app);
  return done;
}

/** Run the sweep every `everyMs` until stopped, in one API process at a time (the lease's holder). */
export function startEscalationSweep(app: CaseWriter, everyMs: number, log: (m: string) => void): Loop {
  return every(everyMs, 'escalation sweep', log, async () => {
    const done = await escalateOverdue(app);
    if (done.length) log(`escalated ${done.length} overdue case(s): ${done.slice(0, 5).map((e) => `${e.caseNo} ${e.from}→${e.to}`).join(', ')}${done.length > 5 ? ' …' : ''}`);
  }, undefined, { db: app.pool });
}
