import type { ScreenRecordingSession } from '@screen-recording/core';
import { createContext } from 'react';

/** The session of the nearest `<ScreenRecordingProvider>`; null outside one. */
export const ScreenRecordingContext = createContext<ScreenRecordingSession | null>(null);
ScreenRecordingContext.displayName = 'ScreenRecordingContext';
