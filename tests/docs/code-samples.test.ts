import { describe, expect, test } from 'vitest';
import { allSamples, checkSamples, extractSamples } from './code-samples';

describe('the code samples of the docs', () => {
  test('every ts and tsx sample type-checks against the workspace packages', () => {
    const samples = allSamples();
    // The guides and references hold more than this; fewer means pages were not found.
    expect(samples.length).toBeGreaterThanOrEqual(15);
    expect(checkSamples(samples)).toEqual([]);
  }, 120_000);

  test('a sample that uses the library wrongly is caught, at its line of the page', () => {
    const wrong = extractSamples(
      [
        '# A page',
        '',
        '```ts',
        "import { createScreenRecordingSession } from '@screen-recording/core';",
        "createScreenRecordingSession({ srsUrl: 'https://127.0.0.1:8443', pollEveryMs: 5 });",
        '```',
      ].join('\n'),
      'docs/example.md',
    );
    const problems = checkSamples(wrong);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^docs\/example\.md:5: .*pollEveryMs/);
  }, 120_000);

  test('finds the blocks of a page: indented in a list, labelled, and only TypeScript', () => {
    const samples = extractSamples(
      [
        '- a step:',
        '',
        '  ```ts [main.ts]',
        '  const a = 1;',
        '  ```',
        '',
        '```tsx{2}',
        'const b = <div />;',
        '```',
        '',
        '```sh',
        'pnpm demo',
        '```',
        '',
        '```vue',
        '<template />',
        '```',
      ].join('\n'),
      'docs/page.md',
    );
    expect(samples).toEqual([
      { page: 'docs/page.md', line: 4, lang: 'ts', code: 'const a = 1;' },
      { page: 'docs/page.md', line: 8, lang: 'tsx', code: 'const b = <div />;' },
    ]);
  });
});
