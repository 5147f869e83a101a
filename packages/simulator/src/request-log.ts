import type { RequestLogEntry, RequestLogPage } from './types';

/** Entries kept; the oldest are dropped past this. */
export const REQUEST_LOG_LIMIT = 5_000;
/**
 * Bytes of the kept entries as a JSON array; the oldest are dropped past this too, so large bodies cannot
 * pile up.
 */
export const REQUEST_LOG_BYTE_LIMIT = 4 * 1024 * 1024;
/** A body larger than this (bytes as received) is served but not kept in its log entry. */
export const LOGGED_BODY_LIMIT = 8 * 1024;
/** Characters of a path, origin or user name kept in a log entry; a longer one is cut and ends in '…'. */
export const LOGGED_TEXT_LIMIT = 512;
/** Requests in `GET /__simulator/state` without `limit`: what a panel refreshing every second needs. */
export const STATE_PAGE_DEFAULT = 100;

/** `[` and `]`, less the comma that `measure` counts for every entry but one. */
const ARRAY_OVERHEAD = 1;

/** Which part of the log `GET /__simulator/state` answers (see `RequestLog.page`). */
export interface PageRequest {
  /** Oldest first from this position on; without it, the newest entries. */
  since?: number;
  limit: number;
}

interface Slot {
  entry: RequestLogEntry;
  bytes: number;
}

export function clipText(text: string): string {
  return text.length > LOGGED_TEXT_LIMIT ? `${text.slice(0, LOGGED_TEXT_LIMIT)}…` : text;
}

/**
 * The request log: oldest first, bounded by count and by bytes. Each entry has a position, counting every
 * entry recorded since the simulator started (a clear does not reset it), so that a reader can page
 * through it and tell what it missed.
 */
export class RequestLog {
  /** Kept entries are `#slots[#head..]`; dropping the oldest only moves `#head` (no copying per request). */
  #slots: Slot[] = [];
  #head = 0;
  /** The kept entries' size as one JSON array: each entry and its comma, plus the brackets less one comma. */
  #bytes = ARRAY_OVERHEAD;
  #end = 0;
  /** The slot of each kept entry, to measure it again when it settles. */
  #slotOf = new WeakMap<RequestLogEntry, Slot>();

  /** Record an entry; the caller may still set its `status`, `fault` and `refusal`, then calls `settle`. */
  add(entry: RequestLogEntry): void {
    const slot = { entry, bytes: measure(entry) };
    this.#slots.push(slot);
    this.#slotOf.set(entry, slot);
    this.#bytes += slot.bytes;
    this.#end += 1;
    this.#trim();
  }

  /** Measure an entry again once its answer is known; nothing to do when it was dropped or cleared. */
  settle(entry: RequestLogEntry): void {
    const slot = this.#slotOf.get(entry);
    if (slot === undefined) return;
    const bytes = measure(entry);
    this.#bytes += bytes - slot.bytes;
    slot.bytes = bytes;
    this.#trim();
  }

  get size(): number {
    return this.#slots.length - this.#head;
  }

  /** Copies of every kept entry: they are updated in place when the answer goes out. */
  entries(): RequestLogEntry[] {
    return this.#slots.slice(this.#head).map((slot) => ({ ...slot.entry }));
  }

  page({ since, limit }: PageRequest): { requests: RequestLogEntry[]; requestLog: RequestLogPage } {
    const oldest = this.#end - this.size;
    const from =
      since === undefined
        ? Math.max(oldest, this.#end - limit)
        : Math.min(Math.max(since, oldest), this.#end);
    const next = Math.min(from + limit, this.#end);
    const start = this.#head + (from - oldest);
    const requests = this.#slots.slice(start, start + (next - from)).map((slot) => ({ ...slot.entry }));
    return { requests, requestLog: { from, next, end: this.#end, oldest } };
  }

  clear(): void {
    this.#slots = [];
    this.#head = 0;
    this.#bytes = ARRAY_OVERHEAD;
    this.#slotOf = new WeakMap();
  }

  #trim(): void {
    while (this.size > REQUEST_LOG_LIMIT || this.#bytes > REQUEST_LOG_BYTE_LIMIT) this.#dropOldest();
  }

  #dropOldest(): void {
    const slot = this.#slots[this.#head];
    if (slot === undefined) return;
    this.#bytes -= slot.bytes;
    this.#slotOf.delete(slot.entry);
    this.#head += 1;
    // Compact once the dropped prefix is as long as what is kept, so that the array stays O(kept).
    if (this.#head >= 1_024 && this.#head * 2 >= this.#slots.length) {
      this.#slots = this.#slots.slice(this.#head);
      this.#head = 0;
    }
  }
}

/** An entry's bytes in a JSON array, with the comma that separates it from the next. */
function measure(entry: RequestLogEntry): number {
  return Buffer.byteLength(JSON.stringify(entry)) + 1;
}
