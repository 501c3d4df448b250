#!/usr/bin/env python3
"""A minimal WebDAV/CalDAV/CardDAV client for the real-server tests (stdlib only).

HTTPS over http.client with the certificate verified against the test CA, Basic
auth, one keep-alive connection (re-opened once if the server closed it). Just
what the harness needs: PROPFIND (RFC 4918 §9.1), PROPPATCH (§9.2), MKCOL and
extended MKCOL (RFC 5689), MKCALENDAR (RFC 4791 §5.3.1), REPORT (RFC 3253),
PUT with If-None-Match/If-Match (RFC 7232), GET, DELETE; multistatus parsed with
xml.etree.

    from davutil import DavClient
    dav = DavClient(account)                 # radicale.DavAccount or anything with
                                             # host, port, user, password, ca_file
    dav.propfind(account.home, ["D:displayname", "D:resourcetype"], depth=1)
        -> {href: {"{DAV:}displayname": <Element>, ...}}  (only 200 propstats)
    dav.put(href, data, "text/calendar")     -> Response (status, headers, body)
"""

import base64
import http.client
import ssl
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass

NS = {
    "D": "DAV:",
    "C": "urn:ietf:params:xml:ns:caldav",
    "CR": "urn:ietf:params:xml:ns:carddav",
    "CS": "http://calendarserver.org/ns/",
    "ICAL": "http://apple.com/ns/ical/",
}


def clark(name):
    """"D:displayname" -> "{DAV:}displayname"; a Clark name is returned as is."""
    if name.startswith("{"):
        return name
    prefix, local = name.split(":", 1)
    return "{%s}%s" % (NS[prefix], local)


def short(name):
    """"{DAV:}displayname" -> "D:displayname" (inverse of clark for the known namespaces)."""
    if name.startswith("{"):
        uri, local = name[1:].split("}", 1)
        for prefix, value in NS.items():
            if value == uri:
                return "%s:%s" % (prefix, local)
    return name


def quote_href(path):
    """Percent-encode a path's segments (UTF-8), keeping '/'."""
    return urllib.parse.quote(path, safe="/@:+$,;=!*'()~")


def unquote_href(href):
    """Decoded path of an href (absolute URLs reduced to their path)."""
    parsed = urllib.parse.urlsplit(href)
    return urllib.parse.unquote(parsed.path)


def basename(href):
    """Last decoded segment of an href ("/a/b/x%20y.ics" -> "x y.ics"; collections too)."""
    return unquote_href(href).rstrip("/").rsplit("/", 1)[-1]


def _xml_props(names):
    """<D:prop> children for NAMES (short or Clark)."""
    prop = ET.Element(clark("D:prop"))
    for name in names:
        ET.SubElement(prop, clark(name))
    return prop


def set_props_element(root_name, props):
    """<root><D:set><D:prop>...</D:prop></D:set></root> for PROPPATCH/MKCALENDAR/MKCOL.

    PROPS maps names to a string (element text), None (empty element), or an
    Element (appended as is) or a list of Elements (children)."""
    root = ET.Element(clark(root_name))
    prop = ET.SubElement(ET.SubElement(root, clark("D:set")), clark("D:prop"))
    for name, value in props.items():
        el = ET.SubElement(prop, clark(name))
        if isinstance(value, str):
            el.text = value
        elif isinstance(value, ET.Element):
            el.append(value)
        elif isinstance(value, (list, tuple)):
            el.extend(value)
    return root


def comp_set(components):
    """Children of C:supported-calendar-component-set for ["VEVENT", "VTODO"]."""
    return [ET.Element(clark("C:comp"), name=c) for c in components]


def resourcetype(*kinds):
    """Children of D:resourcetype, e.g. resourcetype("D:collection", "CR:addressbook")."""
    return [ET.Element(clark(k)) for k in kinds]


def to_bytes(element):
    """An Element as an XML document (UTF-8)."""
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="utf-8",
                                                                     xml_declaration=False)


class DavError(Exception):
    """An unexpected HTTP status, with the request and the server's answer."""

    def __init__(self, method, path, response):
        self.method = method
        self.path = path
        self.response = response
        super().__init__("%s %s -> %d %s: %s" % (method, path, response.status, response.reason,
                                                 response.body[:300].decode("utf-8", "replace")))


@dataclass
class Response:
    """One HTTP answer."""

    status: int
    reason: str
    headers: dict  # lower-case names
    body: bytes


class DavClient:
    """One authenticated HTTPS connection to a DAV server; see the module docstring."""

    def __init__(self, account, timeout=60):
        self.host = account.host
        self.port = account.port
        self.timeout = timeout
        self._auth = "Basic " + base64.b64encode(
            ("%s:%s" % (account.user, account.password)).encode("utf-8")).decode("ascii")
        self._context = ssl.create_default_context(cafile=account.ca_file)
        self._conn = None
        self.requests = 0  # how many requests were sent (for cost checks)

    def close(self):
        """Close the connection (a new one is opened on the next request)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _connection(self):
        if self._conn is None:
            self._conn = http.client.HTTPSConnection(self.host, self.port, timeout=self.timeout,
                                                     context=self._context)
        return self._conn

    def request(self, method, path, body=None, headers=None, expect=None):
        """Send one request; PATH is decoded (it is percent-encoded here); returns a Response.

        EXPECT: a status or tuple of statuses; anything else raises DavError."""
        target = quote_href(path)
        all_headers = {"Authorization": self._auth, "Host": "%s:%d" % (self.host, self.port)}
        all_headers.update(headers or {})
        if body is not None and "Content-Type" not in all_headers:
            all_headers["Content-Type"] = "application/xml; charset=utf-8"
        for attempt in (0, 1):
            conn = self._connection()
            try:
                conn.request(method, target, body=body, headers=all_headers)
                raw = conn.getresponse()
                data = raw.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError,
                    http.client.CannotSendRequest, http.client.BadStatusLine):
                self.close()
                if attempt:
                    raise
        self.requests += 1
        response = Response(raw.status, raw.reason,
                            {k.lower(): v for k, v in raw.getheaders()}, data)
        if raw.getheader("connection", "").lower() == "close":
            self.close()
        if expect is not None:
            wanted = (expect,) if isinstance(expect, int) else tuple(expect)
            if response.status not in wanted:
                raise DavError(method, target, response)
        return response

    # ----- WebDAV methods -----------------------------------------------------------------

    def propfind(self, path, props=None, depth=0):
        """PROPFIND; returns {href (as sent by the server): {clark name: Element}}.

        PROPS None asks for allprop. Only properties with status 200 are returned."""
        if props is None:
            root = ET.Element(clark("D:propfind"))
            ET.SubElement(root, clark("D:allprop"))
        else:
            root = ET.Element(clark("D:propfind"))
            root.append(_xml_props(props))
        response = self.request("PROPFIND", path, to_bytes(root), {"Depth": str(depth)},
                                expect=207)
        return parse_multistatus(response.body)

    def proppatch(self, path, props):
        """PROPPATCH setting PROPS (see set_props_element)."""
        root = set_props_element("D:propertyupdate", props)
        return self.request("PROPPATCH", path, to_bytes(root), expect=207)

    def report(self, path, element, depth=1):
        """REPORT with ELEMENT as body; returns the parsed multistatus (as propfind)."""
        response = self.request("REPORT", path, to_bytes(element), {"Depth": str(depth)},
                                expect=207)
        return parse_multistatus(response.body)

    def mkcalendar(self, path, props):
        """MKCALENDAR with initial PROPS (RFC 4791 §5.3.1)."""
        root = set_props_element("C:mkcalendar", props)
        return self.request("MKCALENDAR", path, to_bytes(root), expect=201)

    def mkcol(self, path, props=None):
        """MKCOL; with PROPS (which should include D:resourcetype) the extended form (RFC 5689)."""
        body = to_bytes(set_props_element("D:mkcol", props)) if props else None
        return self.request("MKCOL", path, body, expect=201)

    def put(self, path, data, content_type, if_none_match=True, if_match=None, expect=(201, 204)):
        """PUT DATA (bytes); create-only unless IF_MATCH (an etag) is given."""
        headers = {"Content-Type": content_type}
        if if_match is not None:
            headers["If-Match"] = if_match
        elif if_none_match:
            headers["If-None-Match"] = "*"
        return self.request("PUT", path, data, headers, expect=expect)

    def get(self, path):
        """GET; returns the Response (status 200 expected)."""
        return self.request("GET", path, expect=200)

    def delete(self, path, if_match=None):
        """DELETE (optionally conditional)."""
        headers = {"If-Match": if_match} if if_match else {}
        return self.request("DELETE", path, headers=headers, expect=(200, 204))

    # ----- discovery ----------------------------------------------------------------------

    def current_user_principal(self):
        """Path of the principal (RFC 5397), from PROPFIND on "/"."""
        found = self.propfind("/", ["D:current-user-principal"])
        for props in found.values():
            el = props.get(clark("D:current-user-principal"))
            if el is not None and el.find(clark("D:href")) is not None:
                return unquote_href(el.find(clark("D:href")).text)
        raise RuntimeError("no current-user-principal")

    def home_sets(self, principal):
        """(calendar-home-set, addressbook-home-set) paths of PRINCIPAL."""
        found = self.propfind(principal, ["C:calendar-home-set", "CR:addressbook-home-set"])
        props = next(iter(found.values()))
        homes = []
        for name in ("C:calendar-home-set", "CR:addressbook-home-set"):
            el = props.get(clark(name))
            href = el.find(clark("D:href")) if el is not None else None
            homes.append(unquote_href(href.text) if href is not None else None)
        return tuple(homes)


def parse_multistatus(body):
    """Multistatus XML -> {href: {clark name: Element}} (propstats with status 200 only)."""
    root = ET.fromstring(body)
    result = {}
    for response in root.findall(clark("D:response")):
        href_el = response.find(clark("D:href"))
        if href_el is None or href_el.text is None:
            continue
        props = result.setdefault(href_el.text.strip(), {})
        for propstat in response.findall(clark("D:propstat")):
            status = propstat.findtext(clark("D:status"), "")
            if " 200 " not in status + " ":
                continue
            for prop in propstat.findall(clark("D:prop")):
                for el in prop:
                    props[el.tag] = el
    return result


def text(element):
    """Text content of a property element (None if absent)."""
    if element is None:
        return None
    return element.text or ""
