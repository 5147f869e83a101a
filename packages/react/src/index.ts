export { type Compare, type ScreenRecording, useScreenRecording, useScreenRecordingSession } from './hooks';
export { ScreenRecordingProvider, type ScreenRecordingProviderProps } from './provider';
