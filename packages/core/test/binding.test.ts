import {
  createScreenRecordingSession,
  deferSessionSource,
  type ScreenRecordingSource,
  SrsConfigurationError,
} from '@screen-recording/core';
import { describe, expect, it } from 'vitest';

const SRS_URL = 'http://127.0.0.1:4100';

describe('deferSessionSource()', () => {
  it('refuses a source with neither options nor a session at once, naming the caller', () => {
    expect(() => deferSessionSource({} as ScreenRecordingSource, 'app.use(Plugin)')).toThrow(
      /app\.use\(Plugin\) needs either \{ options \}.*given neither/,
    );
  });

  it('creates the session at the first call, once, and release() disposes it', () => {
    const deferred = deferSessionSource({ options: { srsUrl: SRS_URL } }, 'test');
    deferred.release(); // nothing created yet: nothing to dispose
    const session = deferred.session();
    expect(deferred.session()).toBe(session);
    expect(session.getSnapshot().status).toBe('idle');
    deferred.release();
    expect(session.getSnapshot().status).toBe('disposed');
  });

  it('throws a wrong option from the first call, not before, and again from the next', () => {
    const deferred = deferSessionSource({ options: { srsUrl: 'ftp://127.0.0.1:4100' } }, 'test');
    expect(() => deferred.session()).toThrow(SrsConfigurationError);
    expect(() => deferred.session()).toThrow(expect.objectContaining({ field: 'srsUrl' }));
  });

  it("never disposes the app's own session", () => {
    const own = createScreenRecordingSession({ srsUrl: SRS_URL });
    const deferred = deferSessionSource({ session: own }, 'test');
    expect(deferred.session()).toBe(own);
    deferred.release();
    expect(own.getSnapshot().status).toBe('idle');
    own.dispose();
  });
});
