import { monotonicReader } from '../clock';
import { readLocalNetworkAccess } from '../local-network-access';
import { createContext, type DiagnosisContext, notRun } from './context';
import { loginLogoutCheck } from './login-check';
import { corsOriginCheck, corsPreflightCheck, csrfExposedCheck, reachabilityCheck } from './network-checks';
import {
  localNetworkAccessCheck,
  optionsCheck,
  pageVisibilityCheck,
  schemeCheck,
  secureContextCheck,
} from './page-checks';
import { summaryOf, verdictOf, withoutSecrets } from './report';
import { clockCheck, coverageCheck, readTabLead, runningSession, tabsCheck } from './session-checks';
import type { CheckId, DiagnoseOptions, Diagnosis, DiagnosisCheck } from './types';

/**
 * Checks, one after the other, what stands between this desktop and a recorded screen: the session's
 * options and the scheme rule, the page (secure context, Local Network Access, an iframe's policy),
 * SRS (does it answer, does its CORS allow this origin and the library's headers, may the page read the
 * CSRF token), a test login when asked, then the page's timers, its tabs, this shift's coverage and the
 * clocks. Each check says what it found, with its evidence, and what the agent and an administrator
 * can do; a check that cannot run here (in Node, say) says why.
 *
 * It sends SRS no credentials unless `credentials` are given, never opens a second SRS session, and
 * never touches the running session (it only reads its view and coverage). The report holds no
 * password, Authorization header or CSRF token. Never rejects: a check that throws is reported as not run.
 *
 * ```ts
 * import { diagnose, formatDiagnosis } from '@screen-recording/core/diagnose';
 * const report = await diagnose({ ...sessionOptions, session });
 * console.log(formatDiagnosis(report)); // or JSON.stringify(report)
 * ```
 */
export async function diagnose(options: DiagnoseOptions): Promise<Diagnosis> {
  const context = createContext(options);
  const monotonicNow = monotonicReader(context.clock);
  const startedAt = monotonicNow();
  const checkedAt = new Date(context.clock.now()).toISOString();
  const checks = await runChecks(context);
  const verdict = verdictOf(checks);
  const userAgent = (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent;
  const diagnosis: Diagnosis = {
    verdict,
    summary: summaryOf(verdict, checks),
    checkedAt,
    durationMs: Math.round(monotonicNow() - startedAt),
    environment: context.environment,
    srsUrl: context.srsUrl,
    pageOrigin: context.pageOrigin,
    userAgent: typeof userAgent === 'string' ? userAgent : null,
    checks,
  };
  return withoutSecrets(diagnosis, context.secrets);
}

/** A check that threw (a stand-in `fetch` or clock, say) is reported as not run, with the error's name. */
async function guarded<T>(
  id: CheckId,
  title: string,
  run: () => T | Promise<T>,
  fallback: (check: DiagnosisCheck) => T,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const name = error instanceof Error ? error.name : typeof error;
    return fallback(notRun(id, title, `The check itself failed (${name}); the others ran.`));
  }
}

async function runChecks(context: DiagnosisContext): Promise<DiagnosisCheck[]> {
  const itself = (check: DiagnosisCheck) => check;
  const access = await readLocalNetworkAccess();
  const lead = await guarded(
    'tabs',
    'Tabs of this desktop',
    () => readTabLead(context),
    () => null,
  );
  const options = await guarded('options', 'Session options', () => optionsCheck(context), itself);
  const scheme = await guarded('scheme', 'Scheme rule', () => schemeCheck(context), itself);
  const secure = await guarded(
    'secure-context',
    'Secure context',
    () => secureContextCheck(context, access),
    itself,
  );
  const permission = await guarded(
    'local-network-access',
    'Local Network Access',
    () => localNetworkAccessCheck(context, access),
    itself,
  );
  const block = {
    insecure: secure.result === 'fail',
    policyRefuses: String(permission.evidence.iframePolicy ?? '').endsWith('refused'),
  };
  const reach = await guarded(
    'srs-reachable',
    'SRS answers',
    () => reachabilityCheck(context, block, readLocalNetworkAccess),
    (check) => ({ check, answered: false }),
  );
  const cors = await guarded(
    'cors-origin',
    'CORS',
    () => corsOriginCheck(context, reach.answered),
    (check) => ({ origin: check, exposedHeaders: null, originAllowed: false }),
  );
  const preflight = await guarded(
    'cors-preflight',
    'CORS preflight',
    () => corsPreflightCheck(context, cors),
    itself,
  );
  // In a browser a login needs what the preflight checked; in Node, only an answer.
  const callable = context.environment === 'browser' ? preflight.result === 'ok' : reach.answered;
  const login = await guarded(
    'login-logout',
    'Test login and logout',
    () => loginLogoutCheck(context, callable, runningSession(context, lead)),
    (check) => ({ check, token: 'not-run' as const }),
  );
  const csrf = await guarded(
    'csrf-exposed',
    'CSRF token',
    () => csrfExposedCheck(context, cors, login.token),
    itself,
  );
  return [
    options,
    scheme,
    secure,
    permission,
    reach.check,
    cors.origin,
    preflight,
    csrf,
    login.check,
    await guarded('page-visibility', 'Page visibility', () => pageVisibilityCheck(context), itself),
    await guarded('tabs', 'Tabs of this desktop', () => tabsCheck(context, lead), itself),
    await guarded('coverage', 'Recording coverage', () => coverageCheck(context), itself),
    await guarded('clock', 'Clocks', () => clockCheck(), itself),
  ];
}
