#!/usr/bin/env python3
"""Start and stop a private Dovecot IMAPS server for the real-server tests.

Everything lives in one directory the caller names (config, base_dir, state,
logs, mail); the server listens for IMAPS only, on 127.0.0.1 and a free high
port, with a certificate from a throw-away CA (see ca.py).

Python:

    from dovecot import Dovecot
    with Dovecot("/tmp/run/src", layout="maildir", users={"alice": "secret"}) as server:
        account = server.account("alice")   # mailgen/verify take this
        print(server.port, server.ca_file)

CLI (the server keeps running after ``start`` returns):

    python3 dovecot.py start --dir D --layout maildir --user alice:secret [--quota alice:5000000]
                             [--max-mail-size 1000000] [--cert ca|untrusted] [--acl]
        -> prints {"host": ..., "port": ..., "ca_file": ..., "pid": ..., ...}
    python3 dovecot.py stop --dir D

ACL (``acl=True`` / ``--acl``): the acl and imap_acl plugins (RFC 4314, ACL files
per mailbox, ``acl = vfile``) and a shared namespace ``shared/<user>/`` (RFC 2342
"other users") in which each user sees what others shared with them. Without it
the configuration is exactly as before.

Layouts:
    maildir  Maildir++ (``maildir:~/Maildir``), separator ".", personal prefix "INBOX."
    fs       ``maildir:~/Maildir:LAYOUT=fs``, separator "/", empty prefix
"""

import argparse
import atexit
import grp
import json
import os
import pwd
import sys
import tempfile
from dataclasses import dataclass

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ca  # noqa: E402  (sibling module)
from launcher import STATE_FILE, LaunchedServer, _group_alive, free_port, stop_pid  # noqa: E402,F401

LAYOUTS = {
    "maildir": {"location": "maildir:~/Maildir", "separator": ".", "prefix": "INBOX."},
    "fs": {"location": "maildir:~/Maildir:LAYOUT=fs", "separator": "/", "prefix": ""},
}

# Special-use folders declared in the namespace, by name without the prefix.
SPECIAL_USE = {"Sent": "\\Sent", "Drafts": "\\Drafts", "Trash": "\\Trash", "Junk": "\\Junk",
               "Archive": "\\Archive"}

_running = []  # Dovecot objects started by this process, stopped at exit


@dataclass
class Account:
    """How to reach one mailbox on a test server; what mailgen and verify take."""

    host: str
    port: int
    user: str
    password: str
    ca_file: str
    separator: str
    prefix: str
    layout: str

    def url(self):
        """The imaps:// URL ferry-cli takes (no password in it)."""
        return "imaps://%s@%s:%d" % (self.user, self.host, self.port)


def _ensure_traversable(path):
    """Give every ancestor of PATH o+x so Dovecot's unprivileged users can reach it.

    Only directories under the system temp dir are changed; anything else that
    is closed raises, with a message naming it.
    """
    tmp_root = os.path.realpath(tempfile.gettempdir())
    current = os.path.realpath(path)
    while True:
        mode = os.stat(current).st_mode
        if not mode & 0o001:
            if current != tmp_root and current.startswith(tmp_root + os.sep):
                os.chmod(current, (mode & 0o7777) | 0o011)
            else:
                raise RuntimeError("%s is not traversable by Dovecot's users (needs o+x)" % current)
        parent = os.path.dirname(current)
        if parent == current:
            return
        current = parent


def _size(value):
    """A byte count in Dovecot's size syntax."""
    return "%dB" % int(value)


class Dovecot(LaunchedServer):
    """One private Dovecot instance; see the module docstring."""

    NAME = "dovecot"
    START_TIMEOUT = 15.0
    RUNNING = _running

    def __init__(self, directory, layout="maildir", users=None, quota=None, max_mail_size=None,
                 cert="ca", certs=None, port=None, acl=False):
        """Prepare (not start) a server.

        directory      where everything goes; created if missing
        layout         "maildir" or "fs" (see LAYOUTS)
        users          {name: password}; default {"alice": "secret"}
        quota          {name: bytes} per-user storage quota (optional)
        max_mail_size  bytes; larger messages are refused on APPEND (quota_max_mail_size)
        cert           "ca" (CA-signed, trusted via ca_file) or "untrusted" (self-signed)
        certs          a ca.Certs to share between servers; made in directory/pki if None
        port           fixed port; a free one is picked if None
        acl            enable ACLs and the shared namespace (see the module docstring)
        """
        if layout not in LAYOUTS:
            raise ValueError("layout must be one of %s" % ", ".join(LAYOUTS))
        self.directory = os.path.abspath(directory)
        self.layout = layout
        self.users = dict(users or {"alice": "secret"})
        self.quota = dict(quota or {})
        self.max_mail_size = max_mail_size
        self.cert = cert
        self.certs = certs
        self.port = port
        self.acl = acl
        self.host = "127.0.0.1"
        self.process = None
        self.pid = None

    # ----- paths and config -------------------------------------------------------------

    @property
    def conf_path(self):
        """The generated dovecot.conf."""
        return self._path("dovecot.conf")

    @property
    def log_path(self):
        """Dovecot's log file (all services)."""
        return self._path("log", "dovecot.log")

    @property
    def separator(self):
        """Hierarchy separator of the personal namespace."""
        return LAYOUTS[self.layout]["separator"]

    @property
    def prefix(self):
        """Prefix of the personal namespace ("INBOX." or "")."""
        return LAYOUTS[self.layout]["prefix"]

    def special_use_names(self):
        """{"\\Sent": full IMAP name, ...} as configured in the namespace."""
        return {role: self.prefix + name for name, role in SPECIAL_USE.items()}

    def account(self, user):
        """An :class:`Account` for one configured user."""
        return Account(self.host, self.port, user, self.users[user], self.ca_file,
                       self.separator, self.prefix, self.layout)

    def _run_users(self):
        """(internal user, internal group, login user, mail user, mail group)."""
        if os.geteuid() != 0:  # unprivileged: everything runs as us
            me = pwd.getpwuid(os.geteuid()).pw_name
            group = grp.getgrgid(os.getegid()).gr_name
            return me, group, me, me, group
        # Dovecot refuses root for login processes and for mail access.
        return "dovecot", "dovecot", "dovenull", "nobody", "nogroup"

    def _write_passwd(self):
        """passwd-file with PLAIN passwords and optional per-user quota rules."""
        lines = []
        for name, password in self.users.items():
            if ":" in name or ":" in password or "\n" in password:
                raise ValueError("user names and passwords must not contain ':' or newlines")
            extra = ""
            if name in self.quota:
                extra = "userdb_quota_rule=*:storage=%s" % _size(self.quota[name])
            lines.append("%s:{PLAIN}%s::::::%s\n" % (name, password, extra))
        with open(self._path("passwd"), "w", encoding="utf-8") as f:
            f.writelines(lines)
        os.chmod(self._path("passwd"), 0o644)

    def _config(self):
        """Text of dovecot.conf."""
        internal, internal_group, login, mail_user, mail_group = self._run_users()
        layout = LAYOUTS[self.layout]
        key = self.server_key
        mailboxes = "".join(
            "  mailbox %s {\n    special_use = %s\n    auto = no\n  }\n" % (name, role)
            for name, role in SPECIAL_USE.items())
        plugin = ["  quota = count:User quota", "  quota_vsizes = yes"]
        if self.max_mail_size:
            plugin.append("  quota_max_mail_size = %s" % _size(self.max_mail_size))
        acl_namespace = acl_plugin = imap_acl_plugin = ""
        if self.acl:
            sep = layout["separator"]
            # The other users' mail by path (homes are mail/<user>), so no userdb
            # lookup of their home is needed from the unprivileged imap process.
            other = layout["location"].replace("~/", "%s/%%%%u/" % self._path("mail"), 1)
            acl_namespace = (
                "namespace shared {{\n  type = shared\n  separator = {sep}\n  prefix = shared{sep}%%u{sep}\n"
                "  location = {other}:INDEX=~/shared-index/%%u\n  subscriptions = no\n  list = children\n}}\n\n"
            ).format(sep=sep, other=other)
            acl_plugin, imap_acl_plugin = " acl", " imap_acl"
            plugin += ["  acl = vfile",
                       # written by the imap processes (the mail user): in the mail dir
                       "  acl_shared_dict = file:%s" % self._path("mail", "shared-mailboxes.db")]
            # Other users are looked up from the imap process, which has no uid in the
            # userdb reply: Dovecot then wants the listener open (its own hint).
            acl_namespace += ("service auth {\n  unix_listener auth-userdb {\n    mode = 0777\n  }\n}\n\n")
        return f"""# generated by tests/support/dovecot.py
base_dir = {self._path('base')}
state_dir = {self._path('state')}
instance_name = ferrytest-{self.port}
log_path = {self.log_path}
info_log_path = {self.log_path}
protocols = imap
listen = 127.0.0.1
shutdown_clients = yes
default_internal_user = {internal}
default_internal_group = {internal_group}
default_login_user = {login}
first_valid_uid = 1
first_valid_gid = 1
mail_uid = {mail_user}
mail_gid = {mail_group}
mail_fsync = never
mail_max_userip_connections = 100

ssl = required
ssl_cert = <{self.server_cert}
ssl_key = <{key}
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = yes
auth_mechanisms = plain login

passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self._path('passwd')}
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {self._path('passwd')}
  default_fields = home={self._path('mail')}/%u
}}

mail_location = {layout['location']}
namespace inbox {{
  separator = {layout['separator']}
  prefix = {layout['prefix']}
  inbox = yes
{mailboxes}}}

{acl_namespace}mail_plugins = $mail_plugins quota{acl_plugin}
protocol imap {{
  mail_plugins = $mail_plugins imap_quota{imap_acl_plugin}
}}
plugin {{
{chr(10).join(plugin)}
}}

service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.port}
    ssl = yes
  }}
}}
"""

    def _prepare(self):
        """Make the directories, certificates, passwd file and config."""
        for sub in ("base", "state", "log", "mail"):
            os.makedirs(self._path(sub), exist_ok=True)
        os.chmod(self.directory, 0o755)
        _ensure_traversable(self.directory)
        if self.certs is None:
            self.certs = ca.make_ca(self._path("pki"))
        _ensure_traversable(self.certs.directory)
        for path in (self.certs.server_key, self.certs.untrusted_key):
            os.chmod(path, 0o600)  # read by the root master only
        if os.geteuid() == 0:
            pw = pwd.getpwnam(self._run_users()[3])
            os.chown(self._path("mail"), pw.pw_uid, pw.pw_gid)
        self._write_passwd()
        with open(self.conf_path, "w", encoding="utf-8") as f:
            f.write(self._config())

    # ----- lifecycle ----------------------------------------------------------------------

    def _command(self):
        """`dovecot -F` with our config; its own output goes to log/master.out."""
        return ["dovecot", "-F", "-c", self.conf_path], self._path("log", "master.out"), {}

    def _greeting(self, tls):
        """The IMAP greeting."""
        return tls.recv(100).startswith(b"* OK")

    def log_tail(self, lines=20):
        """The last lines of the Dovecot logs, for error messages."""
        text = ""
        for name in ("master.out", "dovecot.log"):
            try:
                with open(self._path("log", name), encoding="utf-8", errors="replace") as f:
                    text += "".join(f.readlines()[-lines:])
            except OSError:
                pass
        return text.strip()

    def info(self):
        """JSON-able description of the running server."""
        return {"host": self.host, "port": self.port, "ca_file": self.ca_file, "pid": self.pid,
                "layout": self.layout, "separator": self.separator, "prefix": self.prefix,
                "dir": self.directory, "conf": self.conf_path, "log": self.log_path,
                "server_cert": self.server_cert, "users": self.users,
                "special_use": self.special_use_names(), "acl": self.acl}


def stop_all():
    """Stop every server this process started (registered with atexit)."""
    for server in list(_running):
        server.stop()


atexit.register(stop_all)


def _parse_pairs(values, what):
    """["a:b", ...] -> {"a": "b"}."""
    result = {}
    for value in values or []:
        if ":" not in value:
            raise SystemExit("--%s wants NAME:VALUE, got %r" % (what, value))
        name, rest = value.split(":", 1)
        result[name] = rest
    return result


def main(argv=None):
    """CLI entry point: start / stop."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    start = sub.add_parser("start", help="start a server and print its JSON description")
    start.add_argument("--dir", required=True)
    start.add_argument("--layout", choices=sorted(LAYOUTS), default="maildir")
    start.add_argument("--user", action="append", help="NAME:PASSWORD (repeatable)")
    start.add_argument("--quota", action="append", help="NAME:BYTES storage quota")
    start.add_argument("--max-mail-size", type=int, help="refuse larger messages (bytes)")
    start.add_argument("--cert", choices=("ca", "untrusted", "expired", "wronghost"), default="ca")
    start.add_argument("--port", type=int)
    start.add_argument("--acl", action="store_true", help="ACLs and a shared/<user>/ namespace")
    stop = sub.add_parser("stop", help="stop the server started in --dir")
    stop.add_argument("--dir", required=True)
    args = parser.parse_args(argv)

    if args.command == "start":
        users = _parse_pairs(args.user, "user") or {"alice": "secret"}
        quota = {k: int(v) for k, v in _parse_pairs(args.quota, "quota").items()}
        server = Dovecot(args.dir, args.layout, users, quota, args.max_mail_size, args.cert,
                         port=args.port, acl=args.acl)
        server.start(tie_to_parent=False)
        _running.remove(server)  # keep it running after this process exits
        print(json.dumps(server.info()))
        return 0

    state = os.path.join(os.path.abspath(args.dir), STATE_FILE)
    try:
        with open(state, encoding="utf-8") as f:
            info = json.load(f)
    except OSError:
        print("no server state in %s" % state, file=sys.stderr)
        return 1
    if info.get("pid"):
        stop_pid(info["pid"], info["conf"])
    info["pid"] = None
    with open(state, "w", encoding="utf-8") as f:
        json.dump(info, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
