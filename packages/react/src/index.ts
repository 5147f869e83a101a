export type { Compare } from '@screen-recording/core';
export { type ScreenRecording, useScreenRecording, useScreenRecordingSession } from './hooks';
export { ScreenRecordingProvider, type ScreenRecordingProviderProps } from './provider';
