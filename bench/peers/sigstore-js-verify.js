// Verifies a file against a Sigstore bundle with sigstore-js (@sigstore/verify), offline from a trusted_root.json:
// the peer that bench/startup.sh times verdict verify-artifact against.
// Usage: node sigstore-js-verify.js ARTIFACT BUNDLE TRUSTED_ROOT IDENTITY ISSUER
'use strict';
const fs = require('fs');
const { bundleFromJSON } = require('@sigstore/bundle');
const { TrustedRoot } = require('@sigstore/protobuf-specs');
const { Verifier, toSignedEntity, toTrustMaterial } = require('@sigstore/verify');

const [artifact, bundlePath, rootPath, identity, issuer] = process.argv.slice(2);
try {
  const bundle = bundleFromJSON(JSON.parse(fs.readFileSync(bundlePath, 'utf8')));
  const trust = toTrustMaterial(TrustedRoot.fromJSON(JSON.parse(fs.readFileSync(rootPath, 'utf8'))));
  const verifier = new Verifier(trust, { tlogThreshold: 1, ctlogThreshold: 1 });
  verifier.verify(toSignedEntity(bundle, fs.readFileSync(artifact)),
      { subjectAlternativeName: identity, extensions: { issuer } });
  console.log('Verified OK');
} catch (e) {
  console.error('sigstore-js: ' + e.message);
  process.exit(1);
}
