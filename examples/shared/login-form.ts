import type { LoginParams } from '@screen-recording/core';
import { parseDevices } from './devices';

/** The login form as typed: strings, devices one `DN@Switch` per line. */
export interface LoginFormValues {
  username: string;
  password: string;
  server: string;
  peerServer: string;
  place: string;
  /** One `DN@Switch` per line. */
  devices: string;
}

/** Prefilled for the simulator's agent alice, so a person can press Login straight away. */
export const DEFAULT_LOGIN: LoginFormValues = {
  username: 'alice',
  password: 'alice-password',
  server: 'https://rws.dc1.example.com',
  peerServer: 'https://rws.dc2.example.com',
  place: '',
  devices: '',
};

/** What `login()` gets from the form: trimmed, with empty optional fields left out. */
export function toLoginParams(values: LoginFormValues): LoginParams {
  const params: LoginParams = {
    username: values.username.trim(),
    password: values.password,
    server: values.server.trim(),
  };
  if (values.peerServer.trim() !== '') params.peerServer = values.peerServer.trim();
  if (values.place.trim() !== '') params.place = values.place.trim();
  const devices = parseDevices(values.devices);
  // Devices without a place go through (the type cannot tell, so it is asserted), and the session
  // explains that hot seating needs both.
  return devices.length > 0 ? ({ ...params, devices } as LoginParams) : params;
}

/** What `switchPlace()` gets from the switch-place form. */
export function toPlaceParams(place: string, devices: string) {
  const parsed = parseDevices(devices);
  return parsed.length > 0 ? { place: place.trim(), devices: parsed } : { place: place.trim() };
}
