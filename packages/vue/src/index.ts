export {
  type Compare,
  type ScreenRecording,
  useScreenRecording,
  useScreenRecordingSession,
} from './composables';
export { provideScreenRecording, ScreenRecordingPlugin } from './provide';
export type { ScreenRecordingSource } from './session-source';
