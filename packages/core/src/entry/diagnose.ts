/**
 * `@screen-recording/core/diagnose`: the self-check an agent runs when their screen is not recorded, and
 * the report support reads. Its own entry, so an app that does not import it ships none of it.
 */
export { diagnose } from '../diagnose/diagnose';
export { formatDiagnosis } from '../diagnose/report';
export {
  CHECK_IDS,
  type CheckId,
  type CheckResult,
  type DiagnoseOptions,
  type Diagnosis,
  type DiagnosisCheck,
  type Evidence,
} from '../diagnose/types';
