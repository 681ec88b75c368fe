// Regression: serials were written as 00 + 16 random bytes, which is not minimal DER whenever the
// first random byte is below 0x80. OpenSSL tolerated most of those but refused some ("illegal
// padding"), and the emulator failed to start now and then (1 start in 25 here).
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { issueCertificates, issueWithKeys, newRsaKey, type IssuedCerts } from '../src/ca';

function assertAccepted(certs: IssuedCerts): void {
  const ca = new X509Certificate(certs.ca.certPem);
  const server = new X509Certificate(certs.server.certPem);
  assert.ok(server.checkIssued(ca), 'the server certificate is issued by the CA');
  assert.ok(!ca.serialNumber.startsWith('00'));
  assert.ok(tls.createSecureContext({ cert: certs.server.certPem, key: certs.server.keyPem, ca: certs.ca.certPem }));
}

// What once made OpenSSL refuse a certificate ("illegal padding") was its random serial, not its key.
// So the serials are tried many times over one pair of keys: RSA key generation is CPU-bound and
// its time is random, and 50 of them under a loaded CI machine outran any fixed timeout.
describe('emulator CA', function () {
  this.timeout(60_000);

  it('issues certificates OpenSSL accepts, every time (200 sets of serials)', async () => {
    const [caKey, serverKey] = await Promise.all([newRsaKey(), newRsaKey()]);
    for (let i = 0; i < 200; i++) assertAccepted(issueWithKeys(caKey, serverKey));
  });

  it('issues them with fresh keys at every start', async () => {
    const [a, b] = [await issueCertificates(), await issueCertificates()];
    assertAccepted(a);
    assert.notEqual(a.ca.keyPem, b.ca.keyPem);
  });
});
