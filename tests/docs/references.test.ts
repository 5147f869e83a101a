import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { coverageReference } from '../../docs/.vitepress/coverage-reference';
import {
  anchorOf,
  ERROR_GUIDE,
  errorRows,
  HEADLINE_KEYS,
  statusRows,
} from '../../docs/.vitepress/errors-reference';
import { healingTimeline } from '../../docs/.vitepress/healing-timeline';
import {
  optionRows,
  parameterRefusals,
  parameterRows,
  refusalOf,
} from '../../docs/.vitepress/options-reference';
import { interfaceMembers, parseSource, unionLiteralDocs } from '../../docs/.vitepress/source-docs';
import {
  DEFAULT_OPTIONS,
  type GapReason,
  MESSAGE_HEADLINES,
  type ScreenRecordingErrorCode,
  type ScreenRecordingOptions,
} from '../../packages/core/src/index';
import { SESSION_STATUSES } from '../../packages/core/src/view';

// The reference pages are built from these functions; here they meet the code as it is.
const troubleshooting = readFileSync(new URL('../../docs/troubleshooting.md', import.meta.url), 'utf8');

describe('the options reference', () => {
  const rows = optionRows();

  test('lists every option of ScreenRecordingOptions, in the order of the source', () => {
    // A typed list: adding an option to the interface without adding it here fails to compile.
    const every: Record<keyof ScreenRecordingOptions, true> = {
      srsUrl: true,
      pingIntervalMs: true,
      sessionTimeoutMs: true,
      csrf: true,
      allowRemoteSrs: true,
      allowSchemeMismatch: true,
      pageUrl: true,
      requestTimeoutMs: true,
      retryDelayMs: true,
      maxConsecutiveFailures: true,
      selfHealIntervalMs: true,
      fetch: true,
      clock: true,
      random: true,
      inspect: true,
      logger: true,
      logoutOnPageHide: true,
      tabs: true,
    };
    expect(rows.map((row) => row.name).sort()).toEqual(Object.keys(every).sort());
    expect(rows.find((row) => row.name === 'srsUrl')).toMatchObject({ required: true, type: 'string' });
    expect(rows.find((row) => row.name === 'selfHealIntervalMs')?.type).toBe('number | false');
    for (const row of rows) expect(row.docHtml, row.name).toMatch(/\w{3}/);
  });

  test('shows each default the code uses: DEFAULT_OPTIONS, as the doc comment states it too', () => {
    for (const [name, value] of Object.entries(DEFAULT_OPTIONS)) {
      const row = rows.find((candidate) => candidate.name === name);
      const shown = row?.defaultHtml.replace(/<\/?code>/g, '').replaceAll('_', '');
      expect(shown, name).toBe(String(value));
      // The doc comment says "Default 30 000" (or "default true"): the same figure.
      const stated = /\bdefault:?\s+(true|false|\d(?:[\d ]*\d)?)/i.exec(row?.docHtml ?? '')?.[1];
      expect(stated?.replaceAll(' ', ''), `${name}'s doc comment`).toBe(String(value));
    }
    for (const row of rows) {
      const stated = /\bdefault:?\s+(true|false)\b/i.exec(row.docHtml)?.[1];
      if (stated !== undefined) expect(row.defaultHtml, row.name).toContain(stated);
    }
  });

  test('each refusal shown is a real one, blamed on its option (checked again when the site is built)', () => {
    for (const row of rows) {
      expect(row.refused.length, row.name).toBeGreaterThan(0);
      for (const refusal of row.refused) {
        expect(refusal.field === row.name || refusal.field.startsWith(`${row.name}.`), refusal.given).toBe(
          true,
        );
        expect(refusal.message.startsWith(`${refusal.field}: `)).toBe(true);
      }
    }
    expect(() => refusalOf({ pingIntervalMs: 20_000 })).toThrow(/accepted .* take it off REFUSED/);
  });

  test("lists login()'s parameters, and what it refuses without sending anything", async () => {
    expect(parameterRows().map((row) => row.name)).toEqual([
      'username',
      'password',
      'server',
      'peerServer',
      'place',
      'devices',
    ]);
    const refused = await parameterRefusals();
    expect(refused.length).toBeGreaterThan(5);
    for (const refusal of refused) expect(refusal.given).toMatch(/^(login|switchPlace)\(\{ /);
    expect(JSON.stringify(refused)).not.toContain('alice-password');
  });
});

describe('the errors reference', () => {
  const rows = errorRows();

  test('lists every ScreenRecordingErrorCode, each with its class, cause, cases and advice', () => {
    const codes: Record<ScreenRecordingErrorCode, true> = {
      configuration: true,
      unauthorized: true,
      forbidden: true,
      rejected: true,
      unavailable: true,
      'server-error': true,
      busy: true,
      'permission-denied': true,
      'move-refused': true,
      'in-use': true,
      'invalid-state': true,
      cancelled: true,
      'insecure-context': true,
    };
    expect(rows.map((row) => row.code).sort()).toEqual(Object.keys(codes).sort());
    for (const row of rows) {
      expect(row.className, row.code).toMatch(/^(Srs|Session)\w+Error$/);
      expect(row.causeHtml, row.code).toMatch(/\w{3}/);
      expect(row.seen.length, row.code).toBeGreaterThan(0);
      expect(row.todoHtml, row.code).toMatch(/\w{3}/);
      // Each case is worded as the library words it: the headline of its key.
      for (const seen of row.seen) {
        expect(seen.headline.startsWith(MESSAGE_HEADLINES[seen.key].split('{')[0] ?? '')).toBe(true);
      }
    }
    expect(Object.keys(ERROR_GUIDE).sort()).toEqual(Object.keys(codes).sort());
  });

  test("reads each class's fields and doc comment from the source", () => {
    const moveRefused = rows.find((row) => row.code === 'move-refused');
    expect(moveRefused?.className).toBe('SrsMoveRefusedError');
    expect(moveRefused?.fields.map((field) => field.name)).toEqual(['reason']);
    expect(rows.find((row) => row.code === 'in-use')?.fields[0]).toMatchObject({
      name: 'agent',
      type: 'string',
    });
    expect(rows.find((row) => row.code === 'unavailable')?.seen.map((seen) => seen.key)).toEqual(
      expect.arrayContaining(['srs.unreachable', 'srs.slow', 'logout.unconfirmed']),
    );
  });
});

describe('the troubleshooting page', () => {
  test('has a section, by its anchor, with the words of every headline the library can show', () => {
    for (const key of HEADLINE_KEYS) {
      const anchor = anchorOf(key);
      expect(
        troubleshooting.includes(`{#${anchor}}`) || troubleshooting.includes(`id="${anchor}"`),
        `an anchor for ${key}`,
      ).toBe(true);
      expect(troubleshooting, key).toContain(MESSAGE_HEADLINES[key]);
    }
  });

  test('shows every status, and where every error code leads, from the code', () => {
    expect(statusRows().map((row) => row.status)).toEqual(SESSION_STATUSES);
    expect(statusRows().find((row) => row.status === 'active')?.headline).toBe(
      MESSAGE_HEADLINES['session.recording'],
    );
    expect(troubleshooting).toContain('v-for="row in data.statuses"');
    expect(troubleshooting).toContain('v-for="error in data.errors"');
  });
});

describe('the coverage guide', () => {
  test('explains every gap reason, with its doc comment from the source', () => {
    const reasons = coverageReference().reasons;
    const every: Record<GapReason, true> = {
      'srs-unreachable': true,
      'srs-error': true,
      'session-expired': true,
      refused: true,
      'permission-denied': true,
      'logged-out': true,
      'page-frozen': true,
    };
    expect(reasons.map((row) => row.reason).sort()).toEqual(Object.keys(every).sort());
    for (const row of reasons) expect(row.docHtml, row.reason).toMatch(/\w{3}/);
    expect(coverageReference().gap.map((field) => field.name)).toEqual([
      'reason',
      'startedAt',
      'endedAt',
      'durationMs',
    ]);
  });
});

describe('the self-healing timeline', () => {
  test('is what the session does: retries, failed, self-healing tries, and active again once SRS is back', async () => {
    const { rows, downAtS, backAtS } = await healingTimeline();
    const failures = rows.filter((row) => !row.answered);
    expect(failures[0]?.request).toBe('poll');
    expect(failures.at(-1)?.status).toBe('failed');
    expect(failures.filter((row) => row.request === 'login').length).toBeGreaterThan(3);
    const back = rows.at(-1);
    expect(back).toMatchObject({ request: 'login', answered: true, status: 'active' });
    // Within one self-healing period (30 s) of SRS coming back.
    expect((back?.at ?? 0) - backAtS).toBeLessThanOrEqual(30);
    expect(rows.filter((row) => row.at > downAtS && row.at < backAtS).every((row) => !row.answered)).toBe(
      true,
    );
  });
});

describe('reading the source', () => {
  test('reads the doc comment above each member of a union, and the members of an interface', () => {
    const source = ts.createSourceFile(
      'x.ts',
      [
        'export type Mood =',
        '  /** Content. */',
        "  | 'happy'",
        "  | 'plain'",
        '  /** Not',
        '   * content. */',
        "  | 'sad';",
        'export interface Box {',
        '  /** Its size, in cm. */',
        '  size?: number | false;',
        '}',
      ].join('\n'),
      ts.ScriptTarget.Latest,
      true,
    );
    expect(unionLiteralDocs(source, 'Mood')).toEqual([
      { value: 'happy', doc: 'Content.' },
      { value: 'plain', doc: '' },
      { value: 'sad', doc: 'Not content.' },
    ]);
    expect(interfaceMembers(source, 'Box')).toEqual([
      { name: 'size', optional: true, type: 'number | false', doc: 'Its size, in cm.' },
    ]);
    expect(interfaceMembers(parseSource('packages/core/src/types.ts'), 'SessionView').length).toBeGreaterThan(
      10,
    );
  });
});
