import { isIP } from 'node:net';
import { generate } from 'selfsigned';

export interface Certificate {
  cert: string;
  key: string;
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

/**
 * A fresh self-signed certificate for the names a desktop uses to reach SRS on its own machine, plus the
 * configured host. EC keys: generated in a few milliseconds, where RSA takes over 100.
 */
export async function createCertificate(host: string): Promise<Certificate> {
  const names = new Set(['localhost', '127.0.0.1', '::1']);
  if (!WILDCARD_HOSTS.has(host)) names.add(host);
  const altNames = [...names].map((name) =>
    isIP(name) === 0 ? { type: 2 as const, value: name } : { type: 7 as const, ip: name },
  );
  const notBeforeDate = new Date(Date.now() - 60_000); // tolerate a little clock skew
  const notAfterDate = new Date(notBeforeDate.getTime() + 30 * 24 * 3_600_000);
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
