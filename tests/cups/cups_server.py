"""A private CUPS server for the printing tests, and for scripts/cups-test-server.sh.

Everything lives under one directory: the configuration (ServerRoot), spool, logs, a ServerBin
whose backend/ holds the system backends plus the test capture backend, and the folders that
capture jobs and collect CUPS-PDF output. cupsd listens on a domain socket in that directory and
on a free localhost port; CUPS_SERVER points the code under test at it, so the machine's own
CUPS is never touched. The one file written elsewhere is CUPS-PDF's per-instance configuration,
/etc/cups/cups-pdf-<instance>.conf (CUPS-PDF reads configuration only from /etc/cups); it is
removed on stop.

Usage outside pytest (as root): python tests/cups/cups_server.py start|stop [DIR]
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

CUPSD = Path("/usr/sbin/cupsd")
SYSTEM_SERVER_BIN = Path("/usr/lib/cups")
SYSTEM_BACKENDS = ("socket", "ipp", "cups-pdf")
CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
ZEBRA_DRIVER = "drv:///sample.drv/zebra.ppd"
CAPTURE_BACKEND = Path(__file__).with_name("capture-backend.sh")
START_TIMEOUT_SECONDS = 15.0
STOP_TIMEOUT_SECONDS = 5.0
MANUAL_DIRECTORY = Path("/tmp/packstation-cups")

# Queue names, as the tests use them.
CAPTURE = "ps-capture"  # raw queue, jobs captured byte for byte
ZEBRA = "ps-zebra"  # Zebra ZPL driver (203 dpi), captured
LABEL_PDF = "ps-pdf"  # CUPS-PDF; defaults to A4 and fit-to-page, which jobs must override
DOCUMENTS = "ps-docs"  # CUPS-PDF; defaults to Letter
SOCKET = "ps-socket"  # socket://127.0.0.1:PORT, a listener in the test
OFFLINE = "ps-offline"  # socket:// to a port nobody listens on
DISABLED = "ps-disabled"  # cupsdisable
REJECTING = "ps-rejecting"  # cupsreject
NO_PAPER = "ps-nopaper"  # the backend reports media-empty-error and waits

CUPSD_CONF = """\
LogLevel debug
MaxLogSize 0
Listen {socket}
Listen 127.0.0.1:{port}
Browsing No
WebInterface No
DefaultAuthType Basic
PreserveJobHistory Yes
<Location />
  Order allow,deny
  Allow localhost
</Location>
<Location /admin>
  Order allow,deny
  Allow localhost
</Location>
<Policy default>
  JobPrivateAccess default
  JobPrivateValues default
  <Limit Create-Job Print-Job Print-URI Validate-Job>
    Order deny,allow
  </Limit>
  <Limit Send-Document Send-URI Hold-Job Release-Job Restart-Job Purge-Jobs Set-Job-Attributes \
Cancel-My-Jobs Close-Job CUPS-Move-Job CUPS-Get-Document Cancel-Job CUPS-Authenticate-Job>
    Require user @OWNER @SYSTEM
    Order deny,allow
  </Limit>
  <Limit CUPS-Add-Modify-Printer CUPS-Delete-Printer CUPS-Add-Modify-Class CUPS-Delete-Class \
CUPS-Set-Default CUPS-Get-Devices Pause-Printer Resume-Printer Enable-Printer Disable-Printer \
CUPS-Accept-Jobs CUPS-Reject-Jobs Cancel-Jobs>
    AuthType Default
    Require user @SYSTEM
    Order deny,allow
  </Limit>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""

CUPS_FILES_CONF = """\
ServerRoot {root}/etc
RequestRoot {root}/spool
TempDir {root}/spool/tmp
CacheDir {root}/cache
StateDir {root}/run
ServerBin {root}/lib
DataDir /usr/share/cups
DocumentRoot /usr/share/cups/doc-root
AccessLog {root}/log/access_log
ErrorLog {root}/log/error_log
PageLog {root}/log/page_log
FileDevice Yes
SystemGroup root lpadmin
"""

CUPS_PDF_CONF = """\
Out {root}/pdf
AnonDirName {root}/pdf
Spool {root}/pdf-spool
Log {root}/log
Label 1
UserUMask 0000
"""


def missing_requirements() -> str | None:
    """Why a private cupsd cannot run here, or None."""
    if os.geteuid() != 0:
        return "the CUPS tests start their own cupsd and need root"
    if not CUPSD.exists() or shutil.which("lpadmin") is None:
        return "CUPS is not installed (apt-get install cups cups-client cups-bsd)"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class CupsTestServer:
    root: Path
    socket_queue_port: int
    port: int = field(default_factory=free_port)
    instance: str = field(default_factory=lambda: f"packstation-test-{os.getpid()}")
    queues: set[str] = field(default_factory=set)
    _process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def socket_path(self) -> Path:
        return self.root / "cups.sock"

    @property
    def pdf_directory(self) -> Path:
        return self.root / "pdf"

    @property
    def cups_pdf_conf(self) -> Path:
        return Path(f"/etc/cups/cups-pdf-{self.instance}.conf")

    @property
    def environment(self) -> dict[str, str]:
        return {**os.environ, "CUPS_SERVER": str(self.socket_path), "LC_ALL": "C"}

    def capture_directory(self, queue: str) -> Path:
        return self.root / "capture" / queue

    def start(self, *, detach: bool = False) -> None:
        self._write_configuration()
        command = [str(CUPSD), "-f", "-c", f"{self.root}/etc/cupsd.conf"]
        command += ["-s", f"{self.root}/etc/cups-files.conf"]
        with (self.root / "log" / "cupsd.out").open("wb") as log:
            self._process = subprocess.Popen(
                command, stdout=log, stderr=log, start_new_session=detach
            )
        (self.root / "run" / "cupsd.pid").write_text(str(self._process.pid))
        self._wait_until_running(self._process)
        self._create_queues()

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        elif (pid_file := self.root / "run" / "cupsd.pid").exists():
            _terminate(int(pid_file.read_text()))
        self.cups_pdf_conf.unlink(missing_ok=True)

    def run(self, *command: str) -> str:
        completed = subprocess.run(
            command, env=self.environment, capture_output=True, text=True, check=False, timeout=30
        )
        if completed.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {completed.stderr.strip()}")
        return completed.stdout

    def captured_job(self, queue: str, job_id: str | None, timeout: float = 10.0) -> bytes:
        """The bytes the capture backend received for the job ("ps-capture-12")."""
        path = self.capture_directory(queue) / f"job-{_job_number(job_id)}.bin"
        return _wait_for(lambda: path.read_bytes() if path.exists() else None, timeout, path)

    def captured_options(self, queue: str, job_id: str | None) -> str:
        return (self.capture_directory(queue) / f"job-{_job_number(job_id)}.options").read_text()

    def pdf_output(self, job_id: str | None, timeout: float = 20.0) -> bytes:
        """The PDF that CUPS-PDF wrote for the job, once it is complete."""
        pattern = f"*-job_{_job_number(job_id)}.pdf"

        def complete() -> bytes | None:
            for path in self.pdf_directory.rglob(pattern):
                data = path.read_bytes()
                if data.rstrip().endswith(b"%%EOF"):
                    return data
            return None

        return _wait_for(complete, timeout, self.pdf_directory / pattern)

    def error_log(self) -> str:
        return (self.root / "log" / "error_log").read_text(errors="replace")

    def _write_configuration(self) -> None:
        for name in ("etc", "cache", "run", "log", "lib/backend", "capture", "pdf", "pdf-spool"):
            (self.root / name).mkdir(parents=True, exist_ok=True)
        self.root.chmod(0o755)
        spool = self.root / "spool"
        (spool / "tmp").mkdir(parents=True, exist_ok=True)
        shutil.chown(spool, "root", "lp")
        spool.chmod(0o710)
        shutil.chown(spool / "tmp", "root", "lp")
        (spool / "tmp").chmod(0o1770)
        for part in ("cgi-bin", "daemon", "driver", "filter", "monitor", "notifier"):
            link = self.root / "lib" / part
            if not link.exists():
                link.symlink_to(SYSTEM_SERVER_BIN / part)
        backends = self.root / "lib" / "backend"
        for name in SYSTEM_BACKENDS:
            system_backend = SYSTEM_SERVER_BIN / "backend" / name
            if system_backend.exists() and not (backends / name).exists():
                (backends / name).symlink_to(system_backend)
        # Mode 0700 makes cupsd run the backend as root, like the system's own file backends.
        shutil.copyfile(CAPTURE_BACKEND, backends / "capture")
        (backends / "capture").chmod(0o700)
        etc = self.root / "etc"
        (etc / "cupsd.conf").write_text(CUPSD_CONF.format(socket=self.socket_path, port=self.port))
        (etc / "cups-files.conf").write_text(CUPS_FILES_CONF.format(root=self.root))
        if self.has_cups_pdf:
            self.cups_pdf_conf.write_text(CUPS_PDF_CONF.format(root=self.root))

    @property
    def has_cups_pdf(self) -> bool:
        return (SYSTEM_SERVER_BIN / "backend" / "cups-pdf").exists() and CUPS_PDF_PPD.exists()

    def _wait_until_running(self, process: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"cupsd exited at start; see {self.root}/log")
            if self.socket_path.exists():
                with contextlib.suppress(RuntimeError):
                    if "is running" in self.run("lpstat", "-r"):
                        return
            time.sleep(0.05)
        raise RuntimeError(f"cupsd did not start within {START_TIMEOUT_SECONDS} s")

    def _create_queues(self) -> None:
        closed_port = free_port()
        self._capture_queue(CAPTURE)
        self._capture_queue(ZEBRA, "-m", ZEBRA_DRIVER)
        self._capture_queue(DISABLED)
        self.run("cupsdisable", DISABLED)
        self._capture_queue(REJECTING)
        self.run("cupsreject", REJECTING)
        self._capture_queue(NO_PAPER, state="media-empty-error")
        self._add(SOCKET, "-v", f"socket://127.0.0.1:{self.socket_queue_port}")
        self._add(OFFLINE, "-v", f"socket://127.0.0.1:{closed_port}")
        if self.has_cups_pdf:
            device = f"cups-pdf:/{self.instance}"
            pdf = ("-v", device, "-P", str(CUPS_PDF_PPD))
            self._add(LABEL_PDF, *pdf, "-o", "fit-to-page-default=true", "-o", "PageSize=A4")
            self._add(DOCUMENTS, *pdf, "-o", "PageSize=Letter")

    def _capture_queue(self, queue: str, *options: str, state: str | None = None) -> None:
        directory = self.capture_directory(queue)
        directory.mkdir(parents=True, exist_ok=True)
        device = f"capture:{directory}" + (f"?state={state}" if state else "")
        self._add(queue, "-v", device, *options)

    def _add(self, queue: str, *options: str) -> None:
        self.run("lpadmin", "-p", queue, "-E", *options)
        self.queues.add(queue)


def _job_number(job_id: str | None) -> int:
    assert job_id is not None, "the print result carries no job id"
    return int(job_id.rsplit("-", 1)[1])


def _wait_for(probe: Callable[[], bytes | None], timeout: float, what: Path) -> bytes:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found is not None:
            return found
        time.sleep(0.05)
    raise TimeoutError(f"{what} did not appear within {timeout} s")


def _terminate(pid: int) -> None:
    """Stop a cupsd started by an earlier `start` (not our child, so it cannot be waited for)."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            os.kill(pid, 0)
            time.sleep(0.05)
        os.kill(pid, signal.SIGKILL)


@contextlib.contextmanager
def running_server(socket_queue_port: int) -> Iterator[CupsTestServer]:
    root = Path(tempfile.mkdtemp(prefix="packstation-cups-"))
    server = CupsTestServer(root, socket_queue_port)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def main(arguments: list[str]) -> int:
    if not arguments or arguments[0] not in ("start", "stop"):
        print(__doc__.strip().splitlines()[-1])
        return 2
    reason = missing_requirements()
    if reason:
        print(f"cannot run: {reason}")
        return 1
    root = Path(arguments[1]) if len(arguments) > 1 else MANUAL_DIRECTORY
    server = CupsTestServer(root, socket_queue_port=9100, instance="packstation-manual")
    if arguments[0] == "stop":
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
        print(f"stopped the test cupsd in {root}")
        return 0
    server.start(detach=True)
    print(f"test cupsd running: export CUPS_SERVER={server.socket_path}")
    print(f"queues: {', '.join(sorted(server.queues))}; captured jobs in {root}/capture")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
