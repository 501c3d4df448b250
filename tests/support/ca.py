#!/usr/bin/env python3
"""Throw-away certificate authority for the real-server tests.

Everything is made with the ``openssl`` command-line tool in a directory the
caller owns, so each test run gets its own CA and nothing touches the system
trust store.

    from ca import make_ca
    certs = make_ca("/tmp/run1/pki")
    certs.ca_cert        # PEM of the CA to pass as --ca-file
    certs.server_cert    # server certificate (SAN 127.0.0.1, localhost) signed by the CA
    certs.server_key
    certs.untrusted_cert # self-signed server certificate nobody trusts
    certs.untrusted_key
    certs.pair("expired")   # (cert, key) signed by the CA but no longer valid (made on demand)
    certs.pair("wronghost") # (cert, key) signed by the CA for another host name (made on demand)
    fingerprint_sha256(certs.server_cert)  # "AB:CD:..."

CLI: ``python3 ca.py DIR`` makes the files and prints their paths as JSON.
"""

import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass

DAYS = "30"


@dataclass
class Certs:
    """Paths of the PEM files made by :func:`make_ca`."""

    directory: str
    ca_cert: str
    ca_key: str
    server_cert: str
    server_key: str
    untrusted_cert: str
    untrusted_key: str

    def pair(self, kind):
        """(certificate, key) a server presents: "ca" (CA-signed for 127.0.0.1 and
        localhost), "untrusted" (self-signed), "expired" (CA-signed, valid only in
        2020) or "wronghost" (CA-signed for mail.example.net only)."""
        if kind == "ca":
            return self.server_cert, self.server_key
        if kind == "untrusted":
            return self.untrusted_cert, self.untrusted_key
        if kind in _SIGNED_VARIANTS:
            return _signed_variant(self, kind)
        raise ValueError("unknown certificate kind %r" % kind)


def _openssl(*args, cwd=None):
    """Run one openssl command, raising with its stderr on failure."""
    result = subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("openssl %s failed: %s" % (" ".join(args), result.stderr.strip()))
    return result.stdout


def _write(path, text):
    """Write a small text file."""
    with open(path, "w", encoding="ascii") as f:
        f.write(text)


def _self_signed(directory, name, subject, extensions):
    """Make a self-signed EC P-256 certificate NAME.pem / NAME.key."""
    key = os.path.join(directory, name + ".key")
    cert = os.path.join(directory, name + ".pem")
    ext = os.path.join(directory, name + ".ext")
    _write(ext, extensions)
    _openssl("req", "-x509", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
             "-nodes", "-keyout", key, "-out", cert, "-days", DAYS, "-subj", subject,
             "-config", ext, "-extensions", "v3")
    return cert, key


_CA_EXT = """[req]
distinguished_name = dn
[dn]
[v3]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
"""

_SERVER_EXT = """[req]
distinguished_name = dn
[dn]
[v3]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
subjectKeyIdentifier = hash
"""


# name -> (subject alternative names, validity for `openssl ca`)
_SIGNED_VARIANTS = {
    "expired": ("IP:127.0.0.1, DNS:localhost", ("-startdate", "20200101000000Z", "-enddate", "20200301000000Z")),
    "wronghost": ("DNS:mail.example.net", ("-days", DAYS)),
}


def _signed_variant(certs, kind):
    """Make (once) a CA-signed server certificate of KIND in the CA's directory.

    `openssl ca` is used because it is the one OpenSSL 3.0 command that can
    set a validity period in the past."""
    directory = certs.directory
    cert = os.path.join(directory, kind + ".pem")
    key = os.path.join(directory, kind + ".key")
    if os.path.exists(cert) and os.path.exists(key):
        return cert, key
    san, validity = _SIGNED_VARIANTS[kind]
    work = os.path.join(directory, kind + ".ca")
    os.makedirs(work, exist_ok=True)
    _write(os.path.join(work, "index.txt"), "")
    _write(os.path.join(work, "serial"), "%02X\n" % (len(kind) + 16))
    conf = os.path.join(work, "ca.conf")
    _write(conf, """[ca]
default_ca = test
[test]
dir = {work}
database = {work}/index.txt
serial = {work}/serial
new_certs_dir = {work}
certificate = {ca_cert}
private_key = {ca_key}
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
[anything]
organizationName = optional
commonName = supplied
[req]
distinguished_name = dn
[dn]
[v3]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = {san}
""".format(work=work, ca_cert=certs.ca_cert, ca_key=certs.ca_key, san=san))
    csr = os.path.join(work, "req.csr")
    cn = "127.0.0.1" if kind != "wronghost" else "mail.example.net"
    _openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
             "-keyout", key, "-out", csr, "-subj", "/O=Ferry tests/CN=" + cn, "-config", conf)
    _openssl("ca", "-batch", "-config", conf, "-in", csr, "-out", cert, "-notext",
             "-extensions", "v3", *validity)
    os.chmod(key, 0o600)
    return cert, key


def make_ca(directory):
    """Make a CA, a CA-signed server certificate and an untrusted self-signed one.

    Returns a :class:`Certs`. Files already present are overwritten.
    """
    os.makedirs(directory, exist_ok=True)
    ca_cert, ca_key = _self_signed(directory, "ca", "/O=Ferry tests/CN=Ferry throw-away CA",
                                   _CA_EXT)

    server_key = os.path.join(directory, "server.key")
    server_csr = os.path.join(directory, "server.csr")
    server_cert = os.path.join(directory, "server.pem")
    server_ext = os.path.join(directory, "server.ext")
    _write(server_ext, _SERVER_EXT)
    _openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
             "-keyout", server_key, "-out", server_csr, "-subj", "/O=Ferry tests/CN=127.0.0.1",
             "-config", server_ext)
    _openssl("x509", "-req", "-in", server_csr, "-CA", ca_cert, "-CAkey", ca_key,
             "-CAcreateserial", "-out", server_cert, "-days", DAYS, "-extfile", server_ext,
             "-extensions", "v3")

    untrusted_cert, untrusted_key = _self_signed(
        directory, "untrusted", "/O=Nobody/CN=127.0.0.1", _SERVER_EXT)
    for key in (ca_key, server_key, untrusted_key):
        os.chmod(key, 0o600)
    return Certs(directory, ca_cert, ca_key, server_cert, server_key, untrusted_cert,
                 untrusted_key)


def fingerprint_sha256(cert_path):
    """SHA-256 fingerprint of a PEM certificate as openssl prints it ("AB:CD:...")."""
    out = _openssl("x509", "-in", cert_path, "-noout", "-fingerprint", "-sha256")
    return out.strip().split("=", 1)[1]


def normalize_fingerprint(text):
    """Lower-case hex digits only, so "AB:CD" and "abcd" compare equal."""
    return "".join(c for c in text.lower() if c in "0123456789abcdef")


def main(argv):
    """CLI: make the certificates in argv[1] and print their paths as JSON."""
    if len(argv) != 2:
        print("usage: ca.py DIR", file=sys.stderr)
        return 2
    certs = make_ca(argv[1])
    info = asdict(certs)
    info["server_sha256"] = fingerprint_sha256(certs.server_cert)
    info["untrusted_sha256"] = fingerprint_sha256(certs.untrusted_cert)
    print(json.dumps(info))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
