/** What the figures were measured on, for the header of BENCHMARKS.md. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, release, type } from 'node:os';

const CHROMIUM = '/usr/bin/chromium';

export interface Environment {
  date: string;
  node: string;
  chromium: string;
  cpu: string;
  os: string;
}

/** `chromium --version`'s first line on stdout (Debian's wrapper may also write to stderr), or "not installed". */
function chromiumVersion(): string {
  if (!existsSync(CHROMIUM)) return 'not installed';
  try {
    const output = execFileSync(CHROMIUM, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    });
    return output.trim().split('\n')[0] || 'unknown (no version printed)';
  } catch {
    return 'unknown (`chromium --version` failed)';
  }
}

export function describeEnvironment(): Environment {
  const processors = cpus();
  const models = [...new Set(processors.map((processor) => processor.model.trim()))];
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    node: process.version,
    chromium: chromiumVersion(),
    cpu: `${models.join(', ') || 'unknown model'}, ${processors.length} cores`,
    os: `${type()} ${release()}`,
  };
}
