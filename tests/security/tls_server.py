"""A test certificate authority and an HTTPS listener on loopback that records what reached it.

Certificates are made with `cryptography` (already installed with the app's dependencies). The
listener answers every request with a small JSON body, and counts TLS handshakes that
completed and HTTP requests that arrived, with their raw header bytes.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.security.loopback import LoopbackListener

ANSWER = b'{"Status": "Allocated", "ConsignmentReferenceForAllLegsAssignedByMpd": "EC-000-05B-MMQ"}'


@dataclass(frozen=True)
class Issued:
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def write(self, directory: Path, name: str) -> tuple[Path, Path]:
        certificate, key = directory / f"{name}.crt", directory / f"{name}.key"
        certificate.write_bytes(self.pem())
        key.write_bytes(
            self.key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        return certificate, key


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def issue(
    *,
    subject: str,
    dns: tuple[str, ...] = (),
    ips: tuple[str, ...] = (),
    issuer: Issued | None = None,
    is_ca: bool = False,
    expired: bool = False,
) -> Issued:
    """A certificate for `subject` (with those names), signed by `issuer` or by itself."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    start, end = (
        (now - dt.timedelta(days=30), now - dt.timedelta(days=1))
        if expired
        else (
            now - dt.timedelta(minutes=5),
            now + dt.timedelta(days=1),
        )
    )
    names: list[x509.GeneralName] = [x509.DNSName(name) for name in dns]
    names += [x509.IPAddress(ipaddress.ip_address(ip)) for ip in ips]
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer.certificate.subject if issuer else _name(subject))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
    )
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    if is_ca:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                key_encipherment=False, data_encipherment=False, key_agreement=False,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )  # fmt: skip
    signer = issuer.key if issuer else key
    return Issued(builder.sign(signer, hashes.SHA256()), key)


class HttpsListener(LoopbackListener):
    """Serves `certificate` on 127.0.0.1; `requests` holds the raw head of each request."""

    def __init__(self, certificate: Path, key: Path) -> None:
        super().__init__()
        self._context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._context.load_cert_chain(certificate, key)
        self.handshakes = 0
        self.failed_handshakes = 0
        self.requests: list[bytes] = []

    def handle(self, connection: socket.socket) -> None:
        try:
            secure = self._context.wrap_socket(connection, server_side=True)
        except (ssl.SSLError, OSError):
            self.failed_handshakes += 1
            return
        self.handshakes += 1
        self._answer(secure)

    def _answer(self, secure: ssl.SSLSocket) -> None:
        head = b""
        try:
            while b"\r\n\r\n" not in head and len(head) < 65536:
                chunk = secure.recv(4096)
                if not chunk:
                    break
                head += chunk
            if head:
                self.requests.append(head)
                secure.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                    b"Content-Length: %d\r\n\r\n%s" % (len(ANSWER), ANSWER)
                )
        except (ssl.SSLError, OSError):
            pass
        finally:
            secure.close()
