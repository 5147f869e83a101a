import { useScreenRecording } from '@screen-recording/react';
import { useEffect } from 'react';
import { gapBanner, pageTitle } from '../../../shared/messages';

/** Full width the moment a gap in the recording opens; the tab's title says it too, for a background tab. */
export function CoverageBanner() {
  const { view } = useScreenRecording(
    (view) => ({ openGap: view.coverage.openGap, title: pageTitle(view), loggedIn: view.status !== 'idle' }),
    (a, b) => a.openGap === b.openGap && a.title === b.title && a.loggedIn === b.loggedIn,
  );
  useEffect(() => {
    document.title = view.title;
  }, [view.title]);
  if (!view.openGap || !view.loggedIn) return null;
  return (
    <div className="coverage-banner" role="alert" data-testid="coverage-banner">
      {gapBanner(view.openGap)}
      <p className="hint">The desktop keeps trying by itself; the status panel says what it is doing.</p>
    </div>
  );
}
