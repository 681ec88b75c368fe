// Regression: serials were written as 00 + 16 random bytes, which is not minimal DER whenever the
// first random byte is below 0x80. OpenSSL tolerated most of those but refused some ("illegal
// padding"), and the emulator failed to start now and then (1 start in 25 here).
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { issueCertificates } from './ca';

describe('emulator CA', function () {
  this.timeout(60_000);

  it('issues certificates OpenSSL accepts, every time', async () => {
    for (let i = 0; i < 25; i++) {
      const certs = await issueCertificates();
      const ca = new X509Certificate(certs.ca.certPem);
      const server = new X509Certificate(certs.server.certPem);
      assert.ok(server.checkIssued(ca), 'the server certificate is issued by the CA');
      assert.ok(!ca.serialNumber.startsWith('00'));
      assert.ok(tls.createSecureContext({ cert: certs.server.certPem, key: certs.server.keyPem, ca: certs.ca.certPem }));
    }
  });
});
