/**
 * The gap reasons of the recording coverage (docs/guide/recording-coverage.md), read from the code when
 * the site is built: each member of `GapReason` with the doc comment written above it in
 * packages/core/src/types.ts, and the fields of `CoverageGap` and `CoverageReport`. When each gap opens
 * is written here, one entry per reason (the `Record` stops compiling when a reason is added).
 */
import type { GapReason } from '../../packages/core/src/index';
import { markdownHtml } from './errors-reference';
import { inlineHtml, interfaceMembers, parseSource, unionLiteralDocs } from './source-docs';

const TYPES_FILE = 'packages/core/src/types.ts';

/** When a gap of each reason opens, and where it starts. */
export const GAP_OPENS: Record<GapReason, string> = {
  'srs-unreachable':
    "A request got no answer at all: the gap opens at once. One that timed out opens it only once SRS's timeout has passed since the last request that reached SRS.",
  'srs-error':
    "Requests answered 5xx or 429 until SRS's timeout had passed since the last request that reached SRS. One failed poll of an SRS that is up is absorbed by the next.",
  'session-expired':
    'A poll (or a login) answered 401 while the page kept its cadence: SRS restarted, or dropped the session. The session logs in again at once.',
  refused:
    'A login or poll refused with 403 or another 4xx. A refused move to a new place or data center opens none: SRS still records the agent where they were.',
  'permission-denied':
    "A request the browser's Local Network Access permission blocked. The gap closes when the agent allows it and the session has logged in again.",
  'logged-out':
    'The page went away and its `pagehide` logout ended the SRS session ([Sleeping laptops and closed tabs](/guide/sleeping-and-closing.md#pagehide)). It closes if the page comes back from the back/forward cache and logs in again.',
  'page-frozen':
    "A request answered 401 that was sent more than SRS's timeout after the last one that reached SRS: the page did not run (frozen, asleep, or a throttled background tab), and SRS dropped the session meanwhile.",
};

export interface GapReasonRow {
  reason: GapReason;
  docHtml: string;
  opensHtml: string;
}

export interface FieldRow {
  name: string;
  type: string;
  docHtml: string;
}

export interface CoverageReference {
  reasons: GapReasonRow[];
  gap: FieldRow[];
  report: FieldRow[];
}

const fields = (name: string): FieldRow[] =>
  interfaceMembers(parseSource(TYPES_FILE), name).map((member) => ({
    name: member.name,
    type: member.type,
    docHtml: inlineHtml(member.doc),
  }));

export function coverageReference(): CoverageReference {
  const reasons = unionLiteralDocs(parseSource(TYPES_FILE), 'GapReason').map(({ value, doc }) => {
    const opens = GAP_OPENS[value as GapReason];
    if (opens === undefined) throw new Error(`GAP_OPENS says nothing of the gap reason '${value}'`);
    if (doc === '') throw new Error(`the gap reason '${value}' has no doc comment in ${TYPES_FILE}`);
    return { reason: value as GapReason, docHtml: inlineHtml(doc), opensHtml: markdownHtml(opens) };
  });
  return { reasons, gap: fields('CoverageGap'), report: fields('CoverageReport') };
}
