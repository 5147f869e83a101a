/** Small helpers shared by the formatters of BENCHMARKS.md. */

/** A Markdown table; `right` names the columns aligned right (figures). */
export function table(headers: string[], rows: string[][], right: ReadonlySet<number> = new Set()): string {
  const rule = headers.map((header, index) => {
    const dashes = '-'.repeat(Math.max(3, header.length));
    return right.has(index) ? `${dashes.slice(1)}:` : dashes;
  });
  return [headers, rule, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** `value / baseline` as "1.23×", or "—" when either is missing or negative, or the baseline is zero. */
export function ratio(value: number | null, baseline: number | null): string {
  if (value === null || baseline === null || value < 0 || baseline <= 0) return '—';
  return `${(value / baseline).toFixed(2)}×`;
}

export const integer = (value: number) => Math.round(value).toLocaleString('en-US');

/** Bytes as KiB with a sign, for heap growth. */
export function kib(bytes: number | null, signed = false): string {
  if (bytes === null) return 'not measured (run node with --expose-gc)';
  const text = `${(bytes / 1024).toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 })} KiB`;
  return signed && bytes >= 0 ? `+${text}` : text;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} s`;
}

export const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
