#!/usr/bin/env python3
"""Checks that wrap every ferry-cli run of the real-server tests (harness.run_ferry).

Around each run, without the test asking for it:

- **The source is unchanged.** The accounts named by --from (Dovecot) and --from-dav
  (Radicale) are snapshotted before and after, read-only (EXAMINE / BODY.PEEK,
  PROPFIND / GET): every folder, subscription, role, UIDVALIDITY, and per UID the
  bytes, flags, keywords and INTERNALDATE must be the same; every DAV resource's bytes
  and ETag too. An archive being imported (import --archive DIR) must keep every byte.
- **No secret in anything the run produced.** Every file the run created or changed
  under the test's temp dir (servers' own directories aside: they hold the passwd
  files) and under the private HOME and TMPDIR the run gets, ZIP members unpacked,
  plus its stdout and stderr, is searched for each password in every form a protocol
  carries it: as is, AUTHENTICATE PLAIN, LOGIN and HTTP Basic base64, and percent-
  and JSON-escaped. The archive passphrase counts as a password.
- **Private files.** Each file the run created is 0600 (no group or other bit) and
  each directory it created 0700, whatever the umask the test runs under.
- **No stray temp file.** A run that ended by itself leaves nothing in its TMPDIR.

A test whose source changes on purpose while ferry-cli runs passes
check_source=False to run_ferry.
"""

import base64
import hashlib
import io
import os
import stat
import urllib.parse
import zipfile

import davverify
import verify

SOURCE_OPTIONS = ("--from", "--from-dav")
ALL_URL_OPTIONS = ("--from", "--to", "--from-dav", "--to-dav")


def option_values(args, names):
    """[(name, value)] of options NAMES in ARGS, in --opt VALUE and --opt=VALUE forms."""
    found = []
    for i, a in enumerate(args):
        for name in names:
            if a == name and i + 1 < len(args):
                found.append((name, args[i + 1]))
            elif a.startswith(name + "="):
                found.append((name, a[len(name) + 1:]))
    return found


def url_user_port(value):
    """(user, port) of imaps://USER@HOST:PORT or https://USER@HOST:PORT/...; a bare
    address (resolved by a profile) gives (address, None)."""
    if "://" not in value:
        return value, None
    parts = urllib.parse.urlsplit(value)
    user = urllib.parse.unquote(parts.username) if parts.username else None
    return user, parts.port


def secret_forms(user, password):
    """Every byte string under which PASSWORD may travel or be written."""
    raw = password.encode("utf-8")
    forms = {raw, base64.b64encode(raw),
             urllib.parse.quote(password, safe="").encode("ascii"),
             password.replace("\\", "\\\\").replace('"', '\\"').encode("utf-8")}
    if user:
        forms.add(base64.b64encode(("\0%s\0%s" % (user, password)).encode("utf-8")))
        forms.add(base64.b64encode(("%s:%s" % (user, password)).encode("utf-8")))
    return sorted(f for f in forms if len(f) >= 6)


def _walk(root, skip):
    """{path: (is_dir, mtime_ns, size, mode)} under ROOT, SKIP (absolute paths) pruned."""
    found = {}
    if not os.path.isdir(root):
        return found
    for directory, subdirs, names in os.walk(root):
        subdirs[:] = [d for d in subdirs if os.path.join(directory, d) not in skip]
        for name in subdirs + names:
            path = os.path.join(directory, name)
            try:
                st = os.lstat(path)
            except FileNotFoundError:
                continue
            found[path] = (stat.S_ISDIR(st.st_mode), st.st_mtime_ns, st.st_size, st.st_mode)
    return found


def _scan_bytes(name, data, secrets, hits):
    for s in secrets:
        if s in data:
            hits.append("%s contains a password form (%d bytes)" % (name, len(s)))
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for member in z.namelist():
                    _scan_bytes("%s!%s" % (name, member), z.read(member), secrets, hits)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError) as e:
            hits.append("%s: cannot open the ZIP to search it (%s)" % (name, e))


def tree_digest(root):
    """SHA-256 over every file's relative path and bytes under ROOT."""
    h = hashlib.sha256()
    for directory, subdirs, names in os.walk(root):
        subdirs.sort()
        for name in sorted(names):
            path = os.path.join(directory, name)
            h.update(os.path.relpath(path, root).encode("utf-8") + b"\0")
            with open(path, "rb") as f:
                h.update(hashlib.sha256(f.read()).digest())
    return h.hexdigest()


class RunGuard:
    """One ferry-cli run's checks: before() ahead of it, problems(run) after it."""

    def __init__(self, tmp, servers, args, passwords, home, tmpdir, check_source=True):
        self.tmp = tmp
        self.servers = list(servers)
        self.args = list(args)
        self.home = home
        self.tmpdir = tmpdir
        self.check_source = check_source
        self.skip = {os.path.abspath(s.directory) for s in self.servers}
        users = [url_user_port(v)[0] for _n, v in option_values(self.args, ALL_URL_OPTIONS)]
        pairs = {(u, p) for p in passwords if p for u in (users or [None])}
        # Every password of every test server is a secret, whoever the run logs in as.
        pairs |= {(u, p) for s in self.servers for u, p in getattr(s, "users", {}).items()}
        self.secrets = sorted({f for u, p in pairs for f in secret_forms(u, p)})
        self.sources = []  # (label, read(), diff(before, after))
        self.files_before = {}

    def _server_on(self, port):
        return next((s for s in self.servers if getattr(s, "port", None) == port), None)

    def _plan_sources(self):
        for name, value in option_values(self.args, SOURCE_OPTIONS):
            user, port = url_user_port(value)
            server = self._server_on(port) if port else None
            if server is None or user not in getattr(server, "users", {}):
                continue
            if getattr(server, "cert", "ca") != "ca":
                continue  # a certificate test: the verifiers cannot read it either
            account = server.account(user)
            if name == "--from":
                self.sources.append(("source mailbox %s" % value, lambda a=account: verify.snapshot(a),
                                     verify.changes))
            else:
                self.sources.append(("source DAV account %s" % value,
                                     lambda a=account: davverify.snapshot(a), davverify.unchanged))
        if self.args[:1] == ["import"]:
            for _n, archive in option_values(self.args, ("--archive",)):
                if os.path.isdir(archive):
                    self.sources.append(("archive %s" % archive, lambda d=archive: tree_digest(d),
                                         lambda b, a: [] if b == a else ["its files changed"]))

    def before(self):
        """Snapshot the sources and the files; call just before the run."""
        if self.check_source:
            self._plan_sources()
            self.sources = [(label, read, diff, read()) for label, read, diff in self.sources]
        self.files_before = self._files()

    def _files(self):
        found = _walk(self.tmp, self.skip)
        for extra in (self.home, self.tmpdir):
            if not os.path.abspath(extra).startswith(os.path.abspath(self.tmp) + os.sep):
                found.update(_walk(extra, self.skip))
        return found

    def problems(self, run):
        """What went wrong with RUN (a harness.FerryRun): [] when all is well."""
        found = []
        for label, read, diff, before in self.sources:
            changes = diff(before, read())
            found += ["%s changed: %s" % (label, c) for c in changes[:20]]
        hits = []
        for name, text in (("stdout", run.stdout), ("stderr", run.stderr)):
            _scan_bytes(name, text.encode("utf-8", "replace"), self.secrets, hits)
        after = self._files()
        for path, (is_dir, mtime, size, mode) in sorted(after.items()):
            old = self.files_before.get(path)
            created = old is None
            if not created and old[1:3] == (mtime, size):
                continue
            if is_dir:
                if created and mode & 0o077:
                    found.append("directory %s was created %o, not 0700" % (path, mode & 0o777))
                continue
            if stat.S_ISREG(mode):
                if created and mode & 0o077:
                    found.append("file %s was created %o, not 0600" % (path, mode & 0o777))
                try:
                    with open(path, "rb") as f:
                        _scan_bytes(path, f.read(), self.secrets, hits)
                except FileNotFoundError:
                    pass
        if run.exit_code != "timeout" and os.path.isdir(self.tmpdir):
            left = sorted(p for p, v in after.items() if p.startswith(self.tmpdir + os.sep)
                          and p not in self.files_before)
            found += ["left in TMPDIR: %s" % p for p in left[:10]]
        return found + hits
