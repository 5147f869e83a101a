import type { CheckResult, Diagnosis, DiagnosisCheck, Evidence } from './types';

/** The verdict and the words of a report: the worst result, a summary line, the text an agent copies. */

const SEVERITY: Record<CheckResult, number> = { unknown: 0, ok: 1, warn: 2, fail: 3 };

/** The worst result among the checks that ran; `unknown` when none ran. */
export function verdictOf(checks: readonly DiagnosisCheck[]): CheckResult {
  return checks.reduce<CheckResult>(
    (worst, each) => (SEVERITY[each.result] > SEVERITY[worst] ? each.result : worst),
    'unknown',
  );
}

export function summaryOf(verdict: CheckResult, checks: readonly DiagnosisCheck[]): string {
  const named = (result: CheckResult) =>
    checks
      .filter((each) => each.result === result)
      .map((each) => each.title)
      .join('; ');
  const notRun = checks.filter((each) => each.result === 'unknown').length;
  const skipped = notRun === 0 ? '' : ` (${notRun} could not run)`;
  switch (verdict) {
    case 'fail':
      return `Failed: ${named('fail')}.${checks.some((each) => each.result === 'warn') ? ` Worth a look: ${named('warn')}.` : ''}`;
    case 'warn':
      return `Worth a look: ${named('warn')}.${skipped}`;
    case 'ok':
      return `Every check that ran passed${skipped}.`;
    default:
      return 'No check could run.';
  }
}

/** Shorter strings than this are not hunted for: a short password would match ordinary words of the report. */
const SHORTEST_SECRET = 4;

/**
 * The report with every secret the checks handled (a password, a Basic header, a CSRF token) replaced,
 * wherever one might have slipped in. The checks never write one; this makes sure of it.
 */
export function withoutSecrets<T>(value: T, secrets: ReadonlySet<string>): T {
  const hidden = [...secrets].filter((secret) => secret.length >= SHORTEST_SECRET);
  // The Basic header's token alone too, as it may appear without its scheme.
  for (const secret of [...hidden]) if (secret.startsWith('Basic ')) hidden.push(secret.slice(6));
  hidden.sort((a, b) => b.length - a.length);
  if (hidden.length === 0) return value;
  const scrub = (item: unknown): unknown => {
    if (typeof item === 'string') {
      return hidden.reduce((text, secret) => text.split(secret).join('[hidden]'), item);
    }
    if (Array.isArray(item)) return item.map(scrub);
    if (item !== null && typeof item === 'object') {
      return Object.fromEntries(Object.entries(item).map(([key, each]) => [key, scrub(each)]));
    }
    return item;
  };
  return scrub(value) as T;
}

const LABELS: Record<CheckResult, string> = { ok: 'ok', warn: 'WARN', fail: 'FAIL', unknown: 'not run' };

function formatEvidence(evidence: Evidence): string {
  return Object.entries(evidence)
    .filter(([, value]) => value !== null)
    .map(
      ([name, value]) =>
        `${name}=${typeof value === 'string' && /[\s,=]/.test(value) ? JSON.stringify(value) : String(value)}`,
    )
    .join(', ');
}

/**
 * The report as text to paste into a ticket: the verdict, where it ran, then each check with what it
 * found, what the agent and an administrator can do, and its evidence.
 */
export function formatDiagnosis(diagnosis: Diagnosis): string {
  const counts = (['fail', 'warn', 'ok', 'unknown'] as const)
    .map((result) => [result, diagnosis.checks.filter((each) => each.result === result).length] as const)
    .filter(([, count]) => count > 0)
    .map(([result, count]) => `${count} ${LABELS[result]}`)
    .join(', ');
  const lines = [
    `Screen recording check: ${LABELS[diagnosis.verdict].toUpperCase()} (${counts})`,
    diagnosis.summary,
    `Checked ${diagnosis.checkedAt} in ${diagnosis.durationMs} ms, in ${diagnosis.environment === 'browser' ? 'a browser' : 'Node (no page)'}.`,
    `Page: ${diagnosis.pageOrigin ?? 'none'} · SRS: ${diagnosis.srsUrl ?? 'none usable'}`,
  ];
  if (diagnosis.userAgent) lines.push(`User agent: ${diagnosis.userAgent}`);
  diagnosis.checks.forEach((each, index) => {
    lines.push('', `${index + 1}. [${LABELS[each.result]}] ${each.title}`, `   ${each.finding}`);
    if (each.agent) lines.push(`   Agent: ${each.agent}`);
    if (each.administrator) lines.push(`   Administrator: ${each.administrator}`);
    const evidence = formatEvidence(each.evidence);
    if (evidence) lines.push(`   Evidence: ${evidence}`);
  });
  return lines.join('\n');
}
