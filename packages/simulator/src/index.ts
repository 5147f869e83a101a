/**
 * A simulated Genesys Screen Recording Service (SRS): a real HTTP(S) server on loopback that enforces what
 * SRS enforces (CORS, Basic auth, CSRF when asked, the session timeout) and lets a test or a person inject
 * faults. Written independently of the client library, so that a misreading of the protocol cannot hide
 * in both.
 */
export { type Certificate, createCertificate } from './certificate';
export { DEFAULT_AGENTS, DEFAULT_PLACES } from './defaults';
export { MAX_BODY_BYTES, startSimulator } from './server';
export type {
  ActiveFault,
  FaultOptions,
  RefusalReason,
  RequestLogEntry,
  RequestLogPage,
  RequestRefusal,
  SimulatorAgent,
  SimulatorDevice,
  SimulatorFault,
  SimulatorOptions,
  SimulatorPlace,
  SimulatorSession,
  SimulatorState,
  SrsPath,
  SrsSimulator,
} from './types';
